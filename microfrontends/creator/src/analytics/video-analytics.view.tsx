import type { RemoteProps, VideoAnalytics } from '@framecast/client';
import { Card, ChartIcon, EmptyState, formatDuration, QueryState, useViewer } from '@framecast/ui';
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { videoQuery, videoReportQuery } from './analytics.queries.js';
import { apiRangeOf, noViewsWords, rangeFromSearch, rangeWords, searchOfRange } from './analytics.range.js';
import { formatClock, formatNumber, formatWatchTime } from './analytics.words.js';
import { AnalyticsHeader, refusalState } from './analytics-header.js';
import { MetricTiles, ReportSkeleton } from './metric-tiles.js';
import { QoeSection } from './qoe.section.js';
import { RangePicker } from './range-picker.js';
import { RetentionChart, ViewsChart } from './report-charts.js';
import { videoAnalyticsPath } from './video-picker.js';

const nothingIn = (r: VideoAnalytics) => r.views === 0 && r.watchTimeSeconds === 0 && r.retention.sessions === 0;

/** One video's analytics over the range: totals, views over time, the retention curve and playback quality. */
export function VideoAnalyticsView({ client, navigate, params, search }: RemoteProps) {
  const id = params.id ?? '';
  const viewer = useViewer(client) ?? null;
  const [now] = useState(Date.now);
  const choice = rangeFromSearch(search);
  const video = useQuery(videoQuery(client, id, viewer));
  const report = useQuery(videoReportQuery(client, id, apiRangeOf(choice, now), viewer));
  const title = video.data?.title ?? 'Video analytics';

  return (
    <div className="flex flex-col gap-8">
      <title>{`${title} · Analytics · Framecast`}</title>
      <AnalyticsHeader
        title={title}
        description={`This video’s views and how people watched it, ${rangeWords(choice)}.`}
        back={{ href: `/studio/analytics${searchOfRange(choice)}`, label: 'Channel analytics' }}
        navigate={navigate}
        controls={
          <RangePicker
            value={choice}
            now={now}
            onChange={(next) => navigate(videoAnalyticsPath(id, searchOfRange(next)), { replace: true })}
          />
        }
      />
      <QueryState
        query={report}
        errorTitle="This video’s analytics could not be loaded"
        loading={<ReportSkeleton label="Loading this video’s analytics" tiles={4} />}
        failed={(error) => refusalState(error, 'video', () => void report.refetch())}
        isEmpty={nothingIn}
        empty={
          <EmptyState
            icon={<ChartIcon />}
            title={noViewsWords(choice)}
            description="A view counts once someone has watched 10 seconds (or all of a shorter video). Numbers show up here a few seconds later."
          />
        }
      >
        {(data) => (
          <div className="flex flex-col gap-6">
            <MetricTiles
              columns={4}
              metrics={[
                { label: 'Views', value: formatNumber(data.views) },
                { label: 'Unique viewers', value: formatNumber(data.uniqueViewers) },
                { label: 'Watch time', value: formatWatchTime(data.watchTimeSeconds) },
                {
                  label: 'Average view duration',
                  value: formatClock(data.averageViewDurationSeconds),
                  hint:
                    data.retention.durationSeconds > 0
                      ? `Of ${formatDuration(data.retention.durationSeconds)}`
                      : undefined,
                },
              ]}
            />
            <ViewsChart report={data} now={now} />
            {data.retention.points.length > 0 ? (
              <RetentionChart curve={data.retention} />
            ) : (
              <Card className="p-4 text-sm text-muted">
                The audience-retention curve shows once the video’s length is known and someone has played it.
              </Card>
            )}
            <QoeSection qoe={data.qoe} />
          </div>
        )}
      </QueryState>
    </div>
  );
}
