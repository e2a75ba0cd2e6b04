import type { Channel, StreamSession } from '@framecast/client';
import { AppLink, Avatar, formatAgo, formatCount, UsersIcon } from '@framecast/ui';

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
  const handle = session.channel.handle;
  const name = channel?.displayName || handle;
  const href = `/c/${handle}`;
  return (
    <div className="flex flex-col gap-4">
      <div className="flex flex-col gap-1">
        <h1 className="text-xl font-bold tracking-tight text-fg sm:text-2xl">{session.title}</h1>
        {session.category && <p className="text-sm font-semibold text-brand">{session.category}</p>}
      </div>
      <div className="flex flex-wrap items-center gap-x-6 gap-y-3">
        <div className="flex min-w-0 items-center gap-3">
          <AppLink
            href={href}
            navigate={navigate}
            className="rounded-full focus-visible:outline-2 focus-visible:outline-brand"
            tabIndex={-1}
            aria-hidden="true"
          >
            <Avatar name={name} src={channel?.avatarUrl} size="md" />
          </AppLink>
          <div className="flex min-w-0 flex-col">
            <AppLink
              href={href}
              navigate={navigate}
              className="truncate text-sm font-semibold text-fg hover:text-brand"
            >
              {name}
            </AppLink>
            {channel && <span className="text-xs text-muted">{formatCount(channel.followerCount, 'follower')}</span>}
          </div>
        </div>
        <div className="flex flex-wrap items-center gap-3 text-sm text-muted sm:ml-auto">
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
        </div>
      </div>
    </div>
  );
}
