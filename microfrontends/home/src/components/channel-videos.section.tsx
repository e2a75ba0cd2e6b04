import { errorMessage, type RemoteProps } from '@framecast/client';
import { Button, EmptyState, ErrorState, VideoIcon } from '@framecast/ui';
import { LoadMore } from './load-more.js';
import { PAGE_SIZE, usePagedList } from './paged-list.hook.js';
import { VideoGrid, VideoGridSkeleton } from './video-grid.js';

export interface ChannelVideosProps extends Pick<RemoteProps, 'client' | 'navigate'> {
  handle: string;
  own: boolean;
  /** Who is looking: the list differs for the owner. Undefined while the session is unknown. */
  viewerId: string | null | undefined;
}

/** A channel's videos, newest first, a page at a time. The owner also sees private and unfinished ones. */
export function ChannelVideosSection({ client, navigate, handle, own, viewerId }: ChannelVideosProps) {
  const list = usePagedList(
    (cursor) => client.channels.videos(handle, { limit: PAGE_SIZE, cursor }),
    [client, handle, viewerId],
    viewerId !== undefined,
  );

  return (
    <section aria-labelledby="videos-title" className="flex flex-col gap-3">
      <h2 id="videos-title" className="text-lg font-bold text-fg">
        Videos
      </h2>
      {list.status === 'loading' && <VideoGridSkeleton label="Loading videos" count={3} />}
      {list.status === 'error' && (
        <ErrorState title="Videos could not be loaded" message={errorMessage(list.error)} onRetry={list.retry} />
      )}
      {list.status === 'ready' && list.items.length === 0 && (
        <EmptyState
          icon={<VideoIcon />}
          title="No videos yet"
          description={
            own ? 'Upload your first video from the studio.' : `When @${handle} publishes videos, they appear here.`
          }
          action={own && <Button onClick={() => navigate('/studio')}>Go to the studio</Button>}
        />
      )}
      {list.status === 'ready' && list.items.length > 0 && (
        <>
          <VideoGrid videos={list.items} navigate={navigate} showChannel={false} />
          <LoadMore list={list} />
        </>
      )}
    </section>
  );
}
