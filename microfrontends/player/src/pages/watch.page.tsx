import { errorMessage, isApiError, type RemoteProps, signInPath, type Video } from '@framecast/client';
import { Button, EmptyState, ErrorState, ProgressBar, Skeleton, VideoIcon } from '@framecast/ui';
import { useCallback, useEffect, useSyncExternalStore } from 'react';
import '../app.css';
import { Player } from '../components/player.js';
import { VideoDetails } from '../components/video-details.js';
import { formatFromSearch, type StreamFormat } from '../playback/playback-source.js';
import { scoped } from '../remote.js';
import { useVideo } from './use-video.js';

/** While a video is processing the page asks again this often. */
const POLL_MS = 2000;

function WatchView({ client, navigate, params, search }: RemoteProps) {
  const id = params.id ?? '';
  const { state, reload, refresh, update } = useVideo(client, id);
  const session = useSyncExternalStore(client.session.subscribe, client.session.getSnapshot);
  const signedOut = session.status === 'signedOut';
  const video = state.status === 'ready' ? state.data : null;
  const pending = video !== null && video.status !== 'ready' && video.status !== 'failed';

  useEffect(() => {
    if (!pending) return;
    const timer = setInterval(refresh, POLL_MS);
    return () => clearInterval(timer);
  }, [pending, refresh]);

  const onViewed = useCallback(() => {
    client.videos.countView(id).then(
      (counted) => update((v) => ({ ...v, views: counted?.views ?? v.views + 1 })),
      // A lost view is not worth interrupting anyone.
      () => {},
    );
  }, [client, id, update]);

  const onFormatChange = (format: StreamFormat) => {
    const query = new URLSearchParams(search);
    if (format === 'dash') query.set('format', 'dash');
    else query.delete('format');
    const text = query.toString();
    navigate(`/watch/${encodeURIComponent(id)}${text ? `?${text}` : ''}`, { replace: true });
  };

  if (state.status === 'loading') return <WatchSkeleton />;
  if (state.status === 'error') {
    if (isApiError(state.error) && (state.error.status === 404 || state.error.status === 403)) {
      return (
        <>
          <title>Video unavailable · Framecast</title>
          <EmptyState
            icon={<VideoIcon />}
            title="This video is unavailable"
            description={
              signedOut
                ? 'It may be private, deleted, or the link may be mistyped. If it is yours, sign in to watch it.'
                : 'It may have been deleted, made private, or the link may be mistyped.'
            }
            action={
              <div className="flex flex-wrap justify-center gap-2">
                {signedOut && (
                  <Button variant="secondary" onClick={() => navigate(signInPath(`/watch/${encodeURIComponent(id)}`))}>
                    Sign in
                  </Button>
                )}
                <Button onClick={() => navigate('/')}>Go to the home page</Button>
              </div>
            }
            size="lg"
          />
        </>
      );
    }
    return <ErrorState title="This video could not be loaded" message={errorMessage(state.error)} onRetry={reload} />;
  }

  const current = state.data;
  return (
    <div className="flex flex-col gap-5">
      <title>{`${current.title} · Framecast`}</title>
      <PlayerArea
        video={current}
        format={formatFromSearch(search)}
        onFormatChange={onFormatChange}
        onViewed={onViewed}
        onExpired={refresh}
      />
      <VideoDetails video={current} client={client} navigate={navigate} />
    </div>
  );
}

interface PlayerAreaProps {
  video: Video;
  format: StreamFormat;
  onFormatChange: (format: StreamFormat) => void;
  onViewed: () => void;
  onExpired: () => void;
}

function PlayerArea({ video, format, onFormatChange, onViewed, onExpired }: PlayerAreaProps) {
  if (video.status === 'ready' && video.playback) {
    return (
      <Player
        title={video.title}
        playback={video.playback}
        format={format}
        onFormatChange={onFormatChange}
        onViewed={onViewed}
        onExpired={onExpired}
      />
    );
  }
  const failed = video.status === 'failed';
  return (
    <div
      role="status"
      className="flex aspect-video w-full flex-col items-center justify-center gap-4 rounded-card border border-line bg-surface p-6 text-center"
    >
      <p className="text-lg font-semibold text-fg">
        {failed
          ? 'This video could not be processed'
          : video.status === 'uploading'
            ? 'This video is still uploading'
            : `Still processing · ${video.progress} %`}
      </p>
      <p className="max-w-md text-sm text-muted">
        {failed
          ? (video.failureReason ?? 'Something went wrong while preparing it.')
          : 'It will play here as soon as it is ready. This page updates by itself.'}
      </p>
      {!failed && (
        <ProgressBar
          value={video.status === 'processing' ? video.progress : null}
          label="Processing progress"
          className="max-w-sm"
        />
      )}
    </div>
  );
}

function WatchSkeleton() {
  return (
    <div role="status" aria-label="Loading video" className="flex flex-col gap-5">
      <Skeleton className="aspect-video w-full rounded-card" />
      <Skeleton className="h-7 w-2/3 rounded" />
      <div className="flex items-center gap-3">
        <Skeleton className="size-10 rounded-full" />
        <Skeleton className="h-4 w-40 rounded" />
      </div>
    </div>
  );
}

export default scoped(WatchView);
