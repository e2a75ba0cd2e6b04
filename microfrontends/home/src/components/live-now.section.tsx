import { queryKeys, type RemoteProps, type StreamSession } from '@framecast/client';
import { AppLink, BroadcastIcon, EmptyState, formatAgo, formatCount, hueOf, QueryState } from '@framecast/ui';
import { useQuery } from '@tanstack/react-query';
import { DiscoverySection } from './discovery-section.js';
import { VideoGridSkeleton, videoGridClasses } from './video-grid.js';

const LIVE_COUNT = 12;
/** "Live now" moves as streams start, end and gain viewers: it is read again this often while the page is open. */
const REFRESH_MS = 30_000;

/** Channels on air now, most watched first; each card leads to the stream's live page. */
export function LiveNowSection({ client, navigate }: Pick<RemoteProps, 'client' | 'navigate'>) {
  const live = useQuery({
    queryKey: queryKeys.liveNow(LIVE_COUNT),
    queryFn: () => client.live.now({ limit: LIVE_COUNT }),
    refetchInterval: REFRESH_MS,
  });
  return (
    <DiscoverySection id="live-now" title="Live now" icon={<BroadcastIcon />}>
      <QueryState
        query={live}
        loading={<VideoGridSkeleton label="Loading live streams" />}
        errorTitle="Live streams could not be loaded"
        isEmpty={(page) => page.items.length === 0}
        empty={
          <EmptyState
            icon={<BroadcastIcon />}
            title="No one is live right now"
            description="Channels that go live show up here, most watched first."
            size="sm"
          />
        }
      >
        {(page) => (
          <ul className={videoGridClasses}>
            {page.items.map((session) => (
              <li key={session.id}>
                <LiveCard session={session} navigate={navigate} />
              </li>
            ))}
          </ul>
        )}
      </QueryState>
    </DiscoverySection>
  );
}

function LiveCard({ session, navigate }: { session: StreamSession; navigate: (to: string) => void }) {
  const hue = hueOf(session.channel.handle);
  return (
    <article className="group relative flex flex-col gap-2.5 rounded-card has-[a:focus-visible]:outline-2 has-[a:focus-visible]:outline-offset-4 has-[a:focus-visible]:outline-brand">
      <div
        className="relative flex aspect-video items-center justify-center overflow-hidden rounded-card"
        style={{ background: `linear-gradient(135deg, hsl(${hue} 45% 22%), hsl(${(hue + 40) % 360} 45% 12%))` }}
      >
        <BroadcastIcon className="size-10 text-fg/60" aria-hidden="true" />
        <span className="absolute top-2 left-2 rounded bg-live px-1.5 py-0.5 text-xs font-bold tracking-wide text-white uppercase">
          Live
        </span>
        <span className="absolute bottom-2 left-2 rounded bg-black/70 px-1.5 py-0.5 text-xs font-medium text-white">
          {formatCount(session.viewers, 'viewer')}
        </span>
      </div>
      <div className="flex min-w-0 flex-col gap-0.5">
        <AppLink
          href={`/live/${session.channel.handle}`}
          navigate={navigate}
          className="line-clamp-2 text-sm font-semibold text-fg after:absolute after:inset-0 after:content-[''] focus-visible:outline-none group-hover:text-brand"
        >
          {session.title}
        </AppLink>
        <p className="truncate text-sm text-muted">@{session.channel.handle}</p>
        <p className="text-xs text-subtle">
          {session.category ? `${session.category} · ` : ''}started {formatAgo(session.startedAt)}
        </p>
      </div>
    </article>
  );
}
