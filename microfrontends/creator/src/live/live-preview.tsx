import { type ChannelLive, type FramecastClient, type LivePlayback, queryKeys } from '@framecast/client';
import { Button, Card, Spinner } from '@framecast/ui';
import { type EngineState, formatLatency, useEngine, useLiveEdge, useMediaState } from '@framecast/ui/playback';
import { useQuery } from '@tanstack/react-query';
import { type ReactNode, type RefObject, useEffect, useMemo, useRef } from 'react';

/** What the preview shows: the stream is starting (no playlist, or no frame yet), playing, or failed. */
export type PreviewPhase = 'starting' | 'playing' | 'failed';

/** The phase from the engine and the <video>. Pure. */
export function previewPhase(
  engine: Pick<EngineState, 'ready' | 'error'>,
  media: { paused: boolean; currentTime: number },
): PreviewPhase {
  if (engine.error) return 'failed';
  return engine.ready && !media.paused && media.currentTime > 0 ? 'playing' : 'starting';
}

const failureTexts = {
  network: 'Your stream could not be loaded. Check that your encoder is still sending, then try again.',
  media: 'Your stream could not be decoded in this browser.',
  unsupported: 'This browser cannot play live streams; viewers with a recent Firefox, Chrome or Safari can.',
} as const;

export interface PreviewFrameProps {
  phase: PreviewPhase;
  /** Seconds behind the live edge, once playing; viewers sit about as far behind. */
  latency: number | null;
  failure?: keyof typeof failureTexts;
  onRetry?: () => void;
  /** The <video>. */
  children?: ReactNode;
}

/** The preview's look in each phase, around its <video>. */
export function PreviewFrame({ phase, latency, failure = 'network', onRetry, children }: PreviewFrameProps) {
  return (
    <Card className="flex flex-col gap-3 p-5" data-testid="live-preview" data-phase={phase}>
      <div className="flex items-center justify-between gap-2">
        <h2 className="text-lg font-bold text-fg">Preview</h2>
        {phase === 'playing' && latency !== null && (
          <span
            className="font-mono text-xs text-muted tabular-nums"
            data-testid="preview-latency"
            data-seconds={latency}
          >
            {`${formatLatency(latency)} behind live`}
          </span>
        )}
      </div>
      <div className="relative aspect-video w-full overflow-hidden rounded-control bg-black text-white">
        {children}
        {phase === 'starting' && (
          <div
            role="status"
            className="absolute inset-0 flex flex-col items-center justify-center gap-2 p-4 text-center"
          >
            <Spinner className="[&_svg]:size-6" />
            <p className="text-sm text-white/80">Waiting for the first seconds of your stream…</p>
          </div>
        )}
        {phase === 'failed' && (
          <div
            role="alert"
            className="absolute inset-0 flex flex-col items-center justify-center gap-2 bg-black/80 p-4 text-center"
          >
            <p className="text-sm text-white/80">{failureTexts[failure]}</p>
            {onRetry && failure !== 'unsupported' && (
              <Button variant="secondary" size="sm" onClick={onRetry}>
                Try again
              </Button>
            )}
          </div>
        )}
      </div>
      <p className="text-xs text-muted">
        Muted. What viewers see, as late as they see it; it does not count as a viewer.
      </p>
    </Card>
  );
}

/** Plays the stream muted through the player's own engine; never says it is watching (no heartbeat). */
function PreviewPlayer({ playback }: { playback: LivePlayback }) {
  const videoRef = useRef<HTMLVideoElement>(null);
  const sources = useMemo(() => ({ hls: playback.hls, dash: playback.dash }), [playback.hls, playback.dash]);
  const engine = useEngine(videoRef, sources, 'hls', { live: true });
  const media = useMediaState(videoRef);
  const edge = useLiveEdge(engine, videoRef);
  usePlayOnceReady(videoRef, engine.ready);
  const phase = previewPhase(engine, media);
  return (
    <PreviewFrame phase={phase} latency={edge.latency} failure={engine.error?.kind} onRetry={engine.retry}>
      <video ref={videoRef} muted autoPlay playsInline className="size-full object-contain" />
    </PreviewFrame>
  );
}

/** Starts the muted <video> once the stream is there (autoplay is allowed muted, but not always honoured). */
function usePlayOnceReady(videoRef: RefObject<HTMLVideoElement | null>, ready: boolean) {
  useEffect(() => {
    const video = videoRef.current;
    if (!ready || !video) return;
    video.muted = true;
    void video.play().catch(() => {});
  }, [videoRef, ready]);
}

export interface LivePreviewProps {
  client: FramecastClient;
  /** The channel on air, and its session: the playback URL is the one viewers get for that session. */
  handle: string;
  sessionId: string;
}

/** How often the channel's stream is read again until it answers with the session on air. */
const UNTIL_ON_AIR_MS = 2_000;

/**
 * The creator's own stream, small and muted, from the URL viewers play (`GET /api/channels/:handle/live`): what they
 * see and how far behind. It shares the player page's cache entry, so both show the same session.
 */
export function LivePreview({ client, handle, sessionId }: LivePreviewProps) {
  const live = useQuery({
    queryKey: queryKeys.channelLive(handle),
    queryFn: () => client.live.channel(handle),
    // An answer from before this session went on air (or a moment before its playback was ready) is read again.
    refetchInterval: (query) => (playbackOf(query.state.data, sessionId) ? false : UNTIL_ON_AIR_MS),
  });
  const playback = playbackOf(live.data, sessionId);
  if (playback) return <PreviewPlayer key={sessionId} playback={playback} />;
  if (live.isError && !live.isFetching) {
    return <PreviewFrame phase="failed" latency={null} onRetry={() => void live.refetch()} />;
  }
  return <PreviewFrame phase="starting" latency={null} />;
}

function playbackOf(data: ChannelLive | undefined, sessionId: string): LivePlayback | null {
  return data?.live && data.session?.id === sessionId ? data.playback : null;
}
