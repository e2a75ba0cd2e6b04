import type { Video } from '@framecast/client';
import { errorMessage, type RemoteProps } from '@framecast/client';
import { Alert, Button, EmptyState, ErrorState, VideoIcon } from '@framecast/ui';
import { useCallback, useEffect, useRef, useState } from 'react';
import { VideoGrid, VideoGridSkeleton } from './video-grid.js';

const PAGE_SIZE = 12;

export interface ChannelVideosProps extends Pick<RemoteProps, 'client' | 'navigate'> {
  handle: string;
  own: boolean;
  /** Who is looking: the list differs for the owner. Undefined while the session is unknown. */
  viewerId: string | null | undefined;
}

/** A channel's videos, newest first, a page at a time. The owner also sees private and unfinished ones. */
export function ChannelVideosSection({ client, navigate, handle, own, viewerId }: ChannelVideosProps) {
  const [items, setItems] = useState<Video[]>([]);
  const [cursor, setCursor] = useState<string | null>(null);
  const [status, setStatus] = useState<'loading' | 'ready' | 'error'>('loading');
  const [error, setError] = useState<unknown>(null);
  const [more, setMore] = useState<{ loading: boolean; error: unknown }>({ loading: false, error: null });
  const [attempt, setAttempt] = useState(0);
  const generation = useRef(0);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the viewer and attempt restart the list on purpose.
  useEffect(() => {
    const current = ++generation.current;
    setStatus('loading');
    if (viewerId === undefined) return;
    client.channels.videos(handle, { limit: PAGE_SIZE }).then(
      (page) => {
        if (current !== generation.current) return;
        setItems(page.items);
        setCursor(page.nextCursor);
        setStatus('ready');
      },
      (cause: unknown) => {
        if (current !== generation.current) return;
        setError(cause);
        setStatus('error');
      },
    );
  }, [client, handle, viewerId, attempt]);

  const loadMore = useCallback(() => {
    if (!cursor) return;
    const current = generation.current;
    setMore({ loading: true, error: null });
    client.channels.videos(handle, { limit: PAGE_SIZE, cursor }).then(
      (page) => {
        if (current !== generation.current) return;
        setItems((list) => [...list, ...page.items.filter((v) => !list.some((seen) => seen.id === v.id))]);
        setCursor(page.nextCursor);
        setMore({ loading: false, error: null });
      },
      (cause: unknown) => current === generation.current && setMore({ loading: false, error: cause }),
    );
  }, [client, handle, cursor]);

  return (
    <section aria-labelledby="videos-title" className="flex flex-col gap-3">
      <h2 id="videos-title" className="text-lg font-bold text-fg">
        Videos
      </h2>
      {status === 'loading' && <VideoGridSkeleton label="Loading videos" count={3} />}
      {status === 'error' && (
        <ErrorState
          title="Videos could not be loaded"
          message={errorMessage(error)}
          onRetry={() => setAttempt((n) => n + 1)}
        />
      )}
      {status === 'ready' && items.length === 0 && (
        <EmptyState
          icon={<VideoIcon />}
          title="No videos yet"
          description={
            own ? 'Upload your first video from the studio.' : `When @${handle} publishes videos, they appear here.`
          }
          action={own && <Button onClick={() => navigate('/studio')}>Go to the studio</Button>}
        />
      )}
      {status === 'ready' && items.length > 0 && (
        <>
          <VideoGrid videos={items} navigate={navigate} showChannel={false} />
          {more.error != null && <Alert tone="error">{errorMessage(more.error)}</Alert>}
          {cursor && (
            <div className="flex justify-center">
              <Button variant="secondary" onClick={loadMore} loading={more.loading}>
                Load more
              </Button>
            </div>
          )}
        </>
      )}
    </section>
  );
}
