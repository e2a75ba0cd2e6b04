import { queryKeys, type RemoteProps } from '@framecast/client';
import { AppLink, buttonClasses, formatAgo, formatCount } from '@framecast/ui';
import { useQuery } from '@tanstack/react-query';

/** A channel going live or off the air shows on its page within this long. */
const REFRESH_MS = 30_000;

export interface LiveBannerProps extends Pick<RemoteProps, 'client' | 'navigate'> {
  handle: string;
}

/** On a channel's page while it is live: what it streams, to how many, and "Watch live". Nothing otherwise. */
export function LiveBanner({ client, navigate, handle }: LiveBannerProps) {
  const live = useQuery({
    queryKey: queryKeys.channelLive(handle),
    queryFn: () => client.live.channel(handle),
    refetchInterval: REFRESH_MS,
  });
  const session = live.data?.live ? live.data.session : null;
  // The banner is an extra: a channel whose stream cannot be read shows its page as usual.
  if (!session) return null;
  const href = `/live/${handle}`;
  return (
    <section
      aria-label="Live now"
      className="flex flex-col gap-4 rounded-card border border-live/40 bg-surface p-4 sm:flex-row sm:items-center sm:p-5"
    >
      <span className="w-fit shrink-0 rounded bg-live px-2 py-1 text-xs font-bold tracking-wide text-white uppercase">
        Live
      </span>
      <div className="flex min-w-0 flex-1 flex-col gap-0.5">
        <AppLink href={href} navigate={navigate} className="truncate text-base font-semibold text-fg hover:text-brand">
          {session.title}
        </AppLink>
        <p className="text-sm text-muted">
          {session.category ? `${session.category} · ` : ''}
          {formatCount(session.viewers, 'viewer')} · started {formatAgo(session.startedAt)}
        </p>
      </div>
      <AppLink href={href} navigate={navigate} className={buttonClasses('primary', 'md', 'w-fit')}>
        Watch live
      </AppLink>
    </section>
  );
}
