import { type ChannelAnalytics, pageItems, type RemoteProps } from '@framecast/client';
import { ChartIcon, EmptyState, QueryState, useViewer } from '@framecast/ui';
import { useInfiniteQuery, useQuery } from '@tanstack/react-query';
import { useState, useSyncExternalStore } from 'react';
import { myVideosQuery } from '../api/my-videos.queries.js';
import { channelReportQuery, lastStreamQuery } from './analytics.queries.js';
import { apiRangeOf, noViewsWords, rangeFromSearch, rangeWords, searchOfRange } from './analytics.range.js';
import { formatClock, formatNumber, formatWatchTime } from './analytics.words.js';
import { AnalyticsHeader, refusalState } from './analytics-header.js';
import { LastStream } from './last-stream.js';
import { MetricTiles, ReportSkeleton } from './metric-tiles.js';
import { RangePicker } from './range-picker.js';
import { ViewsChart } from './report-charts.js';
import { VideoPicker } from './video-picker.js';

export const ANALYTICS_PATH = '/studio/analytics';

/** Nothing counted in the range: no views, no watch time, no follows, no chat. */
const nothingIn = (r: ChannelAnalytics) =>
  r.views === 0 && r.watchTimeSeconds === 0 && r.followsGained === 0 && r.followsLost === 0 && r.chatMessages === 0;

/** The channel's analytics: its totals and chart over the range, and the ways to each video's and stream's. */
export function ChannelAnalyticsView({ client, navigate, search }: RemoteProps) {
  const session = useSyncExternalStore(client.session.subscribe, client.session.getSnapshot);
  const handle = session.user?.handle ?? '';
  const viewer = useViewer(client) ?? null;
  const [now] = useState(Date.now);
  const choice = rangeFromSearch(search);
  const report = useQuery(channelReportQuery(client, handle, apiRangeOf(choice, now), viewer));
  const videos = useInfiniteQuery({ ...myVideosQuery(client, viewer), select: pageItems });
  const lastStream = useQuery(lastStreamQuery(client, handle));

  return (
    <div className="flex flex-col gap-8">
      <title>Analytics · Studio · Framecast</title>
      <AnalyticsHeader
        title="Analytics"
        description={`Your channel’s videos and streams together, ${rangeWords(choice)}.`}
        navigate={navigate}
        controls={
          <RangePicker
            value={choice}
            now={now}
            onChange={(next) => navigate(`${ANALYTICS_PATH}${searchOfRange(next)}`, { replace: true })}
          />
        }
      />
      <QueryState
        query={report}
        errorTitle="Your analytics could not be loaded"
        loading={<ReportSkeleton label="Loading your channel’s analytics" />}
        failed={(error) => refusalState(error, 'channel', () => void report.refetch())}
        isEmpty={nothingIn}
        empty={
          <EmptyState
            icon={<ChartIcon />}
            title={noViewsWords(choice)}
            description="A view counts once someone has watched 10 seconds of a video or stream (or all of a shorter one). Views, watch time and new followers show up here a few seconds later."
          />
        }
      >
        {(data) => (
          <div className="flex flex-col gap-6">
            <MetricTiles
              metrics={[
                { label: 'Views', value: formatNumber(data.views) },
                { label: 'Unique viewers', value: formatNumber(data.uniqueViewers) },
                { label: 'Watch time', value: formatWatchTime(data.watchTimeSeconds) },
                { label: 'Average view duration', value: formatClock(data.averageViewDurationSeconds) },
                {
                  label: 'New followers',
                  value: formatNumber(data.followsGained),
                  hint: `${formatNumber(data.followsLost)} unfollowed`,
                },
                { label: 'Chat messages', value: formatNumber(data.chatMessages) },
              ]}
            />
            <ViewsChart report={data} now={now} />
          </div>
        )}
      </QueryState>
      <div className="grid items-start gap-6 lg:grid-cols-[minmax(0,1fr)_22rem]">
        <VideoPicker videos={videos} search={searchOfRange(choice)} navigate={navigate} />
        <LastStream query={lastStream} navigate={navigate} />
      </div>
    </div>
  );
}
