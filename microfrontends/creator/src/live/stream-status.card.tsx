import type { LiveSetup } from '@framecast/client';
import { Card, formatAgo, formatCount } from '@framecast/ui';

/** On air or not; while on air, since when and for how many viewers; after a stream, how it went. */
export function StreamStatusCard({ setup }: { setup: LiveSetup }) {
  const session = setup.session;
  const live = setup.status === 'live';
  return (
    <Card className="flex flex-col gap-3 p-5" aria-live="polite">
      <div className="flex items-center gap-2">
        <span
          className={live ? 'h-3 w-3 rounded-full bg-live' : 'h-3 w-3 rounded-full bg-line-strong'}
          aria-hidden="true"
        />
        <h2 className="text-lg font-bold text-fg" data-testid="live-status">
          {live ? 'You are live' : 'Offline'}
        </h2>
      </div>
      {live && session ? (
        <p className="text-sm text-muted">
          On air since {formatAgo(session.startedAt)} · {formatCount(session.viewers, 'viewer')} now · peak{' '}
          {formatCount(session.peakViewers, 'viewer')}
        </p>
      ) : session ? (
        <div className="flex flex-col gap-1 text-sm text-muted">
          <p>
            Last stream “{session.title}”, {formatAgo(session.startedAt)}: peak of{' '}
            {formatCount(session.peakViewers, 'viewer')}.
          </p>
        </div>
      ) : (
        <p className="text-sm text-muted">
          Start streaming from OBS or FFmpeg with the server and key below: this page shows when you are on air.
        </p>
      )}
    </Card>
  );
}
