import { nextCursorOf, pageItems, queryKeys, type RemoteProps, type Viewer } from '@framecast/client';
import { Button, EmptyState, LoadMore, QueryState, VideoIcon } from '@framecast/ui';
import { useInfiniteQuery } from '@tanstack/react-query';
import { PAGE_SIZE } from './page-size.js';
import { VideoGrid, VideoGridSkeleton } from './video-grid.js';

export interface ChannelVideosProps extends Pick<RemoteProps, 'client' | 'navigate'> {
  handle: string;
  own: boolean;
  /** Who is looking: the list differs for the owner. Undefined while the session is unknown. */
  viewerId: Viewer | undefined;
}

/** A channel's videos, newest first, a page at a time. The owner also sees private and unfinished ones. */
export function ChannelVideosSection({ client, navigate, handle, own, viewerId }: ChannelVideosProps) {
  const videos = useInfiniteQuery({
    queryKey: queryKeys.channelVideos(handle, viewerId ?? null),
    queryFn: ({ pageParam }) => client.channels.videos(handle, { limit: PAGE_SIZE, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: nextCursorOf,
    select: pageItems,
    enabled: viewerId !== undefined,
  });

  return (
    <section aria-labelledby="videos-title" className="flex flex-col gap-3">
      <h2 id="videos-title" className="text-lg font-bold text-fg">
        Videos
      </h2>
      <QueryState
        query={videos}
        loading={<VideoGridSkeleton label="Loading videos" count={3} />}
        errorTitle="Videos could not be loaded"
        isEmpty={(items) => items.length === 0}
        empty={
          <EmptyState
            icon={<VideoIcon />}
            title="No videos yet"
            description={
              own ? 'Upload your first video from the studio.' : `When @${handle} publishes videos, they appear here.`
            }
            action={own && <Button onClick={() => navigate('/studio')}>Go to the studio</Button>}
          />
        }
      >
        {(items) => (
          <>
            <VideoGrid videos={items} navigate={navigate} showChannel={false} />
            <LoadMore query={videos} />
          </>
        )}
      </QueryState>
    </section>
  );
}
