import type { StreamSession } from '@framecast/client';
import { AppLink, Button, buttonClasses, Card, formatAgo, formatCount, Spinner, XIcon } from '@framecast/ui';
import { useId } from 'react';
import { streamAnalyticsPath } from '../analytics/last-stream.js';
import { endReasonText, type ReplayState, summaryFacts } from './stream-summary.js';

export interface StreamSummaryCardProps {
  /** The ended session. */
  session: StreamSession;
  replay: ReplayState;
  navigate: (to: string) => void;
  onDismiss: () => void;
}

function ReplayLine({ replay, navigate }: { replay: ReplayState; navigate: (to: string) => void }) {
  switch (replay.kind) {
    case 'ready':
      return (
        <div className="flex flex-wrap items-center gap-3">
          <AppLink
            href={`/watch/${encodeURIComponent(replay.videoId)}`}
            navigate={navigate}
            className={buttonClasses('primary', 'sm')}
          >
            Watch the replay
          </AppLink>
          <span className="text-sm text-muted">{formatCount(replay.views, 'view')}</span>
        </div>
      );
    case 'processing':
      return (
        <p className="flex items-center gap-2 text-sm text-muted" aria-live="polite">
          <Spinner />
          {replay.progress === null ? 'Replay processing…' : `Replay processing… ${replay.progress} %`}
        </p>
      );
    case 'failed':
      return (
        <p className="text-sm text-danger">The replay could not be made{replay.reason ? `: ${replay.reason}` : '.'}</p>
      );
    case 'deleted':
      return <p className="text-sm text-muted">The replay was deleted.</p>;
    case 'none':
      return <p className="text-sm text-muted">No replay: the stream ended before any video was recorded.</p>;
  }
}

/**
 * After a stream went off the air: how long it ran, how many watched at the peak, why it ended, the last numbers the
 * ingest measured, and its replay (processing, then a link). Dismissed by the creator.
 */
export function StreamSummaryCard({ session, replay, navigate, onDismiss }: StreamSummaryCardProps) {
  const titleId = useId();
  return (
    <Card className="flex flex-col gap-4 p-5" role="region" aria-labelledby={titleId}>
      <div className="flex items-start gap-3">
        <div className="flex min-w-0 flex-1 flex-col gap-1">
          <h2 id={titleId} className="text-lg font-bold text-fg">
            Stream summary
          </h2>
          <p className="truncate text-sm text-muted">
            “{session.title}”{session.endedAt ? `, ended ${formatAgo(session.endedAt)}` : ''}
          </p>
        </div>
        <Button variant="ghost" size="sm" onClick={onDismiss} aria-label="Dismiss the stream summary">
          <XIcon className="size-4" aria-hidden="true" />
        </Button>
      </div>
      <p className="text-sm font-medium text-fg" data-testid="end-reason">
        {endReasonText(session)}.
      </p>
      <dl className="grid grid-cols-2 gap-x-4 gap-y-2 text-sm sm:grid-cols-3" data-testid="stream-summary">
        {summaryFacts(session).map((fact) => (
          <div key={fact.label} className="flex flex-col">
            <dt className="text-muted">{fact.label}</dt>
            <dd className="font-medium text-fg">{fact.value}</dd>
          </div>
        ))}
      </dl>
      <div className="flex flex-wrap items-center gap-3">
        <ReplayLine replay={replay} navigate={navigate} />
        <AppLink
          href={streamAnalyticsPath(session.id)}
          navigate={navigate}
          className={buttonClasses('secondary', 'sm', 'self-start')}
        >
          Stream analytics
        </AppLink>
      </div>
    </Card>
  );
}
