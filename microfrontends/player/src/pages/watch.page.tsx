import { isApiError, queryKeys, type RemoteProps, signInPath, type Video } from '@framecast/client';
import { Button, ProgressBar, QueryState, useTopic, useViewer, VideoIcon } from '@framecast/ui';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useCallback, useMemo, useSyncExternalStore } from 'react';
import '../app.css';
import type { StreamFormat } from '@framecast/ui/playback';
import { useChannel } from '../api/channel.query.js';
import { WithChat } from '../chat/chat-layout.js';
import { ChatPanel } from '../chat/chat-panel.js';
import type { BeaconOptions } from '../components/beacons.hook.js';
import { PageMessage } from '../components/page-message.js';
import { PlayerPageSkeleton } from '../components/page-skeleton.js';
import { Player } from '../components/player.js';
import { PlayerPlaceholder } from '../components/player-placeholder.js';
import { VideoDetails } from '../components/video-details.js';
import { formatFromSearch, renditionsVersion } from '../playback/playback-source.js';
import { scoped } from '../remote.js';

const pending = (video: Video | undefined) =>
  video !== undefined && video.status !== 'ready' && video.status !== 'failed';

function WatchView({ client, navigate, params, search }: RemoteProps) {
  const id = params.id ?? '';
  const session = useSyncExternalStore(client.session.subscribe, client.session.getSnapshot);
  const signedOut = session.status === 'signedOut';
  // Loaded once the session is known (a private video is visible only to its owner) and again for another viewer.
  const viewer = useViewer(client);
  const queryClient = useQueryClient();
  const video = useQuery({
    queryKey: queryKeys.video(id, viewer ?? null),
    queryFn: () => client.videos.get(id),
    enabled: viewer !== undefined,
  });
  const { refetch } = video;
  const channel = useChannel(client, video.data?.channel.handle ?? '');
  // While it processes, the video's state is pushed as FFmpeg reports it: progress moves in place; new renditions, a
  // new status or missed messages fetch the video again (new playback URLs), and the player offers the new qualities.
  useTopic(client.realtime, pending(video.data) ? `video:${id}` : null, {
    onMessage(state) {
      const key = queryKeys.video(id, viewer ?? null);
      const current = queryClient.getQueryData<Video>(key);
      if (!current) return;
      if (state.status !== current.status || state.renditions.length !== current.renditions.length) {
        void refetch();
        return;
      }
      queryClient.setQueryData<Video>(key, { ...current, progress: state.progress });
    },
    onReload: () => void refetch(),
  });

  // The analytics module counts the view from the player's beacons; the page shows it at once.
  const onViewed = useCallback(() => {
    queryClient.setQueryData<Video>(queryKeys.video(id, viewer ?? null), (v) => (v ? { ...v, views: v.views + 1 } : v));
  }, [id, queryClient, viewer]);
  const beacons = useMemo(() => ({ target: { videoId: id }, send: client.analytics.send }), [client, id]);

  const onFormatChange = (format: StreamFormat) => {
    const query = new URLSearchParams(search);
    if (format === 'dash') query.set('format', 'dash');
    else query.delete('format');
    const text = query.toString();
    navigate(`/watch/${encodeURIComponent(id)}${text ? `?${text}` : ''}`, { replace: true });
  };

  return (
    <QueryState
      query={video}
      loading={<PlayerPageSkeleton label="Loading video" />}
      errorTitle="This video could not be loaded"
      failed={(error) =>
        isApiError(error) && (error.status === 404 || error.status === 403) ? (
          <PageMessage
            documentTitle="Video unavailable"
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
          />
        ) : undefined
      }
    >
      {(current) => (
        <WithChat
          chat={
            // A video chats in its channel's room, live or not.
            <ChatPanel
              client={client}
              handle={current.channel.handle}
              navigate={navigate}
              returnTo={`/watch/${encodeURIComponent(id)}`}
              following={channel.data?.following}
              className="h-full"
            />
          }
        >
          <title>{`${current.title} · Framecast`}</title>
          <PlayerArea
            video={current}
            format={formatFromSearch(search)}
            onFormatChange={onFormatChange}
            onViewed={onViewed}
            onExpired={() => void refetch()}
            beacons={beacons}
          />
          <VideoDetails video={current} channel={channel.data} navigate={navigate} />
        </WithChat>
      )}
    </QueryState>
  );
}

interface PlayerAreaProps {
  video: Video;
  format: StreamFormat;
  onFormatChange: (format: StreamFormat) => void;
  onViewed: () => void;
  onExpired: () => void;
  beacons: BeaconOptions;
}

function PlayerArea({ video, format, onFormatChange, onViewed, onExpired, beacons }: PlayerAreaProps) {
  // The first renditions play while the rest of the ladder processes; the player takes the others as they land.
  if (video.playback && (video.status === 'ready' || video.status === 'processing')) {
    return (
      <div className="flex flex-col gap-2">
        <Player
          title={video.title}
          playback={video.playback}
          format={format}
          onFormatChange={onFormatChange}
          onViewed={onViewed}
          onExpired={onExpired}
          renditionsVersion={renditionsVersion(video)}
          beacons={beacons}
        />
        {video.status === 'processing' && (
          <p role="status" className="text-sm text-muted">
            {`Higher qualities are still processing · ${video.progress} %`}
          </p>
        )}
      </div>
    );
  }
  const failed = video.status === 'failed';
  return (
    <PlayerPlaceholder
      tone="surface"
      title={
        failed
          ? 'This video could not be processed'
          : video.status === 'uploading'
            ? 'This video is still uploading'
            : `Still processing · ${video.progress} %`
      }
      message={
        failed
          ? (video.failureReason ?? 'Something went wrong while preparing it.')
          : 'It will play here as soon as it is ready. This page updates by itself.'
      }
    >
      {!failed && (
        <ProgressBar
          value={video.status === 'processing' ? video.progress : null}
          label="Processing progress"
          className="max-w-sm"
        />
      )}
    </PlayerPlaceholder>
  );
}

export default scoped(WatchView);
