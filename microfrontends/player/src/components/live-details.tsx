import type { Channel, StreamSession } from '@framecast/client';
import { formatAgo, formatCount, UsersIcon } from '@framecast/ui';
import { MediaDetails } from './media-details.js';

export interface LiveDetailsProps {
  session: StreamSession;
  /** On the air now (else the stream just ended). */
  live: boolean;
  /** The channel's name, avatar and followers, once they answer: without them the handle still links to it. */
  channel: Channel | undefined;
  navigate: (to: string) => void;
}

/** Under the live player: the stream's title and category, the channel, and LIVE with the viewers and since when. */
export function LiveDetails({ session, live, channel, navigate }: LiveDetailsProps) {
  return (
    <MediaDetails
      title={session.title}
      subtitle={session.category && <p className="text-sm font-semibold text-brand">{session.category}</p>}
      handle={session.channel.handle}
      channel={channel}
      navigate={navigate}
      meta={
        <>
          {live ? (
            <span
              data-testid="live-badge"
              className="rounded bg-live px-1.5 py-0.5 text-xs font-bold tracking-wide text-white uppercase"
            >
              Live
            </span>
          ) : (
            <span className="rounded bg-overlay px-1.5 py-0.5 text-xs font-bold tracking-wide text-muted uppercase">
              Ended
            </span>
          )}
          <span className="flex items-center gap-1.5 font-semibold text-fg" data-testid="live-viewers">
            <UsersIcon className="size-4 text-muted" aria-hidden="true" />
            {live ? formatCount(session.viewers, 'viewer') : `Peak of ${formatCount(session.peakViewers, 'viewer')}`}
          </span>
          <span>
            {live || !session.endedAt
              ? `Started ${formatAgo(session.startedAt)}`
              : `Ended ${formatAgo(session.endedAt)}`}
          </span>
        </>
      }
    />
  );
}
