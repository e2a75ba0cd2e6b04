import { queryKeys, type RemoteProps, type StreamAnalytics } from '@framecast/client';
import { AppLink, buttonClasses, ChartIcon, EmptyState, QueryState, useViewer } from '@framecast/ui';
import { useQuery } from '@tanstack/react-query';
import { streamReportQuery } from './analytics.queries.js';
import { formatClock, formatNumber, formatWatchTime } from './analytics.words.js';
import { AnalyticsHeader, refusalState } from './analytics-header.js';
import { MetricTiles, ReportSkeleton } from './metric-tiles.js';
import { QoeSection } from './qoe.section.js';
import { StreamChart } from './report-charts.js';
import { videoAnalyticsPath } from './video-picker.js';

const nothingIn = (r: StreamAnalytics) =>
  r.views === 0 && r.watchTimeSeconds === 0 && r.chatMessages === 0 && r.concurrentViewers.every((m) => m.count === 0);

const when = new Intl.DateTimeFormat('en', { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });
const time = new Intl.DateTimeFormat('en', { hour: 'numeric', minute: '2-digit' });

/** "Jun 10, 6:00 PM – 7:12 PM", or "On air since Jun 10, 6:00 PM". Pure. */
export function streamSpanWords(startedAt: string | null, endedAt: string | null): string {
  if (!startedAt) return 'A live stream';
  const start = when.format(Date.parse(startedAt));
  return endedAt ? `${start} – ${time.format(Date.parse(endedAt))}` : `On air since ${start}`;
}

/** One live session's analytics over its span: its audience minute by minute, its chat and playback quality. */
export function StreamAnalyticsView({ client, navigate, params }: RemoteProps) {
  const sessionId = params.sessionId ?? '';
  const viewer = useViewer(client) ?? null;
  const session = useQuery({
    queryKey: queryKeys.liveSession(sessionId),
    queryFn: () => client.live.session(sessionId),
  });
  const report = useQuery(streamReportQuery(client, sessionId, viewer));
  const title = session.data?.title ?? 'Stream analytics';
  const replay = session.data?.replayVideoId ?? null;

  return (
    <div className="flex flex-col gap-8">
      <title>{`${title} · Analytics · Framecast`}</title>
      <AnalyticsHeader
        title={title}
        description={streamSpanWords(
          report.data?.startedAt ?? session.data?.startedAt ?? null,
          report.data ? report.data.endedAt : (session.data?.endedAt ?? null),
        )}
        back={{ href: '/studio/analytics', label: 'Channel analytics' }}
        navigate={navigate}
        controls={
          replay && (
            <AppLink href={videoAnalyticsPath(replay)} navigate={navigate} className={buttonClasses('secondary', 'sm')}>
              Replay analytics
            </AppLink>
          )
        }
      />
      <QueryState
        query={report}
        errorTitle="This stream’s analytics could not be loaded"
        loading={<ReportSkeleton label="Loading this stream’s analytics" />}
        failed={(error) => refusalState(error, 'stream', () => void report.refetch())}
        isEmpty={nothingIn}
        empty={
          <EmptyState
            icon={<ChartIcon />}
            title="No viewers or chat in this stream"
            description="Players report every few seconds while they watch; a minute shows up here once it is over."
          />
        }
      >
        {(data) => (
          <div className="flex flex-col gap-6">
            <MetricTiles
              metrics={[
                { label: 'Peak viewers', value: formatNumber(data.peakViewers), hint: 'At one time' },
                { label: 'Views', value: formatNumber(data.views) },
                { label: 'Unique viewers', value: formatNumber(data.uniqueViewers) },
                { label: 'Watch time', value: formatWatchTime(data.watchTimeSeconds) },
                { label: 'Average view duration', value: formatClock(data.averageViewDurationSeconds) },
                { label: 'Chat messages', value: formatNumber(data.chatMessages) },
              ]}
            />
            <StreamChart report={data} now={Date.now()} />
            <QoeSection qoe={data.qoe} />
          </div>
        )}
      </QueryState>
    </div>
  );
}
