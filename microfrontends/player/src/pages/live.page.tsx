import { type Channel, type ChannelLive, isApiError, type RemoteProps } from '@framecast/client';
import { AppLink, BroadcastIcon, buttonClasses, formatAgo, QueryState, UserIcon } from '@framecast/ui';
import type { StreamFormat } from '@framecast/ui/playback';
import { useCallback, useEffect, useMemo, useState } from 'react';
import '../app.css';
import { useChannel } from '../api/channel.query.js';
import { liveStage, type SeenSessions } from '../api/channel-live.js';
import { useChannelLive } from '../api/channel-live.query.js';
import { WithChat } from '../chat/chat-layout.js';
import { ChatPanel } from '../chat/chat-panel.js';
import type { BeaconOptions } from '../components/beacons.hook.js';
import { useHeartbeat } from '../components/heartbeat.hook.js';
import { LiveDetails } from '../components/live-details.js';
import { LivePlayer } from '../components/live-player.js';
import { PageMessage } from '../components/page-message.js';
import { PlayerPageSkeleton } from '../components/page-skeleton.js';
import { StreamEndedPanel } from '../components/stream-ended.panel.js';
import { formatFromSearch } from '../playback/playback-source.js';
import { scoped } from '../remote.js';

/** `/live/:handle`: a channel's stream while on air, what it last streamed while not. `?format=dash` plays DASH. */
function LiveView({ client, navigate, params, search }: RemoteProps) {
  const handle = params.handle ?? '';
  const format = formatFromSearch(search);
  const onFormatChange = (next: StreamFormat) => {
    const query = new URLSearchParams(search);
    if (next === 'dash') query.set('format', 'dash');
    else query.delete('format');
    const text = query.toString();
    navigate(`/live/${encodeURIComponent(handle)}${text ? `?${text}` : ''}`, { replace: true });
  };
  const { query, ended } = useChannelLive(client, handle);
  const channel = useChannel(client, handle);
  const [seen, setSeen] = useState<SeenSessions>({ watched: null, ended: null });
  const [playing, setPlaying] = useState(false);

  const data = query.data;
  const stage = data ? liveStage(data, seen) : null;
  const onAir = stage === 'live' ? (data?.session?.id ?? null) : null;
  useEffect(() => {
    if (onAir) setSeen((s) => (s.watched === onAir ? s : { ...s, watched: onAir }));
  }, [onAir]);

  const endSession = useCallback(
    (id: string) => {
      setSeen((s) => ({ watched: s.watched ?? id, ended: id }));
      setPlaying(false);
      ended(id);
    },
    [ended],
  );
  useHeartbeat(client, onAir, playing && onAir !== null, endSession);
  const onPlayerEnded = useCallback(() => onAir && endSession(onAir), [onAir, endSession]);
  // The channel's chat, on air or not: the room is the channel's handle.
  const chat = (
    <ChatPanel
      client={client}
      handle={handle}
      navigate={navigate}
      returnTo={`/live/${encodeURIComponent(handle)}`}
      following={channel.data?.following}
      className="h-full"
    />
  );

  return (
    <QueryState
      query={query}
      loading={<PlayerPageSkeleton label="Loading the live stream" />}
      errorTitle="This live stream could not be loaded"
      failed={(error) =>
        isApiError(error) && error.status === 400 ? <ChannelNotFound handle={handle} navigate={navigate} /> : undefined
      }
    >
      {(current) =>
        stage === 'offline' ? (
          isApiError(channel.error) && channel.error.status === 404 ? (
            <ChannelNotFound handle={handle} navigate={navigate} />
          ) : (
            <WithChat chat={chat}>
              <Offline handle={handle} data={current} navigate={navigate} />
            </WithChat>
          )
        ) : (
          <WithChat chat={chat}>
            <OnStage
              data={current}
              format={format}
              onFormatChange={onFormatChange}
              live={stage === 'live'}
              channel={channel.data}
              navigate={navigate}
              onPlayingChange={setPlaying}
              onEnded={onPlayerEnded}
              send={client.analytics.send}
            />
          </WithChat>
        )
      }
    </QueryState>
  );
}

interface OnStageProps {
  data: ChannelLive;
  format: StreamFormat;
  onFormatChange: (format: StreamFormat) => void;
  live: boolean;
  channel: Channel | undefined;
  navigate: (to: string) => void;
  onPlayingChange: (playing: boolean) => void;
  onEnded: () => void;
  /** Where the player's beacons go (the analytics module). */
  send: BeaconOptions['send'];
}

/** The stream playing, or in the player's place that it ended; its details below. */
function OnStage({
  data,
  format,
  onFormatChange,
  live,
  channel,
  navigate,
  onPlayingChange,
  onEnded,
  send,
}: OnStageProps) {
  const { session, playback } = data;
  const sessionId = session?.id;
  const beacons = useMemo(() => (sessionId ? { target: { streamId: sessionId }, send } : undefined), [sessionId, send]);
  if (!session) return null;
  return (
    <>
      <title>{`${session.title} · Framecast`}</title>
      {live && playback ? (
        <LivePlayer
          key={session.id}
          title={session.title}
          playback={playback}
          format={format}
          onFormatChange={onFormatChange}
          onPlayingChange={onPlayingChange}
          onEnded={onEnded}
          beacons={beacons}
        />
      ) : (
        <StreamEndedPanel session={session} navigate={navigate} />
      )}
      <LiveDetails session={session} live={live} channel={channel} navigate={navigate} />
    </>
  );
}

function Offline({ handle, data, navigate }: { handle: string; data: ChannelLive; navigate: (to: string) => void }) {
  const last = data.session;
  return (
    <PageMessage
      documentTitle={`${handle} is offline`}
      icon={<BroadcastIcon />}
      title={`${handle} is offline`}
      description={
        last
          ? `Last stream: “${last.title}”, ended ${last.endedAt ? formatAgo(last.endedAt) : formatAgo(last.startedAt)}. This page plays the next one when it starts.`
          : 'They have not streamed yet. This page plays their stream when they go live.'
      }
      action={
        <AppLink href={`/c/${handle}`} navigate={navigate} className={buttonClasses()}>
          Go to the channel
        </AppLink>
      }
    />
  );
}

function ChannelNotFound({ handle, navigate }: { handle: string; navigate: (to: string) => void }) {
  return (
    <PageMessage
      documentTitle="Channel not found"
      icon={<UserIcon />}
      title="Channel not found"
      description={`There is no channel called @${handle}. Check the address, or find channels on the home page.`}
      action={
        <AppLink href="/" navigate={navigate} className={buttonClasses()}>
          Go to the home page
        </AppLink>
      }
    />
  );
}

export default scoped(LiveView);
