import { type ChannelSort, nextCursorOf, pageItems, queryKeys, type RemoteProps } from '@framecast/client';
import {
  Button,
  ChannelCard,
  cn,
  EmptyState,
  LoadMore,
  QueryState,
  Skeleton,
  UsersIcon,
  useViewer,
} from '@framecast/ui';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useState, useSyncExternalStore } from 'react';
import { DiscoverySection } from './discovery-section.js';
import { FollowButton } from './follow-button.js';
import { PAGE_SIZE } from './page-size.js';

const sorts: { [sort in ChannelSort]: string } = { new: 'New', popular: 'Popular' };

/** Column counts that divide a page of twelve, so full pages end on a full row. */
const gridClasses = 'grid grid-cols-2 gap-3 sm:grid-cols-3 sm:gap-4 xl:grid-cols-4 2xl:grid-cols-6';

export function ChannelsSection({ client, navigate }: Pick<RemoteProps, 'client' | 'navigate'>) {
  const session = useSyncExternalStore(client.session.subscribe, client.session.getSnapshot);
  const [sort, setSort] = useState<ChannelSort>('new');
  // Waits until the session is known and starts again when the viewer changes, so `following` is theirs.
  const viewer = useViewer(client);
  const feed = useInfiniteQuery({
    queryKey: queryKeys.channelList(sort, viewer ?? null),
    queryFn: ({ pageParam }) => client.channels.list({ sort, limit: PAGE_SIZE, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: nextCursorOf,
    select: pageItems,
    enabled: viewer !== undefined,
  });

  const sortPicker = (
    <fieldset className="flex rounded-control bg-surface p-1">
      <legend className="sr-only">Order channels by</legend>
      {(Object.keys(sorts) as ChannelSort[]).map((key) => (
        <button
          key={key}
          type="button"
          aria-pressed={sort === key}
          onClick={() => setSort(key)}
          className={cn(
            'rounded-[0.375rem] px-3 py-1 text-sm font-semibold transition-colors focus-visible:outline-2 focus-visible:outline-brand',
            sort === key ? 'bg-overlay text-fg' : 'text-muted hover:text-fg',
          )}
        >
          {sorts[key]}
        </button>
      ))}
    </fieldset>
  );

  return (
    <DiscoverySection id="channels" title="Channels" icon={<UsersIcon />} actions={sortPicker}>
      <QueryState
        query={feed}
        loading={<ChannelGridSkeleton />}
        errorTitle="Channels could not be loaded"
        isEmpty={(channels) => channels.length === 0}
        empty={
          <EmptyState
            icon={<UsersIcon />}
            title="No channels yet"
            description="Every account is a channel. Channels appear here as people join."
            action={
              session.status === 'signedOut' && <Button onClick={() => navigate('/signup')}>Create your channel</Button>
            }
          />
        }
      >
        {(channels) => (
          <>
            <ul className={gridClasses}>
              {channels.map((channel) => (
                <li key={channel.id}>
                  <ChannelCard
                    channel={channel}
                    href={`/c/${channel.handle}`}
                    navigate={navigate}
                    action={
                      session.user?.handle === channel.handle ? (
                        <p className="flex h-8 items-center text-sm text-subtle">This is you</p>
                      ) : (
                        <FollowButton
                          channel={channel}
                          client={client}
                          navigate={navigate}
                          size="sm"
                          className="w-full"
                        />
                      )
                    }
                  />
                </li>
              ))}
            </ul>
            <LoadMore query={feed} />
          </>
        )}
      </QueryState>
    </DiscoverySection>
  );
}

function ChannelGridSkeleton() {
  return (
    <div role="status" aria-label="Loading channels" className={gridClasses}>
      {Array.from({ length: Math.min(PAGE_SIZE, 8) }, (_, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: placeholders have no identity.
        <div key={i} className="overflow-hidden rounded-card border border-line bg-surface">
          <Skeleton className="h-16" />
          <div className="flex flex-col gap-3 px-4 pb-4">
            <Skeleton className="-mt-8 size-16 rounded-full ring-4 ring-surface" />
            <Skeleton className="h-4 w-2/3 rounded" />
            <Skeleton className="h-3 w-1/2 rounded" />
            <Skeleton className="h-8 w-full rounded-control" />
          </div>
        </div>
      ))}
    </div>
  );
}
