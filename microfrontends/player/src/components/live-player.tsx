import type { LivePlayback } from '@framecast/client';
import { formatDuration } from '@framecast/ui';
import {
  formatLatency,
  lastRange,
  liveSeekWindow,
  liveSyncTarget,
  type StreamFormat,
  useEngine,
  useLiveEdge,
  useMediaState,
} from '@framecast/ui/playback';
import { useEffect, useMemo, useRef, useState } from 'react';
import { createDashEngine } from '../playback/dash.engine.js';
import { type BeaconOptions, useBeacons, usePlaybackSession } from './beacons.hook.js';
import { ControlBar } from './control-bar.js';
import { LiveIndicator } from './live-indicator.js';
import { usePlayerControls } from './player-controls.hook.js';
import { PlayerSurface } from './player-surface.js';
import { SeekBar } from './seek-bar.js';

export interface LivePlayerProps {
  title: string;
  playback: LivePlayback;
  autoPlay?: boolean;
  /** Whether it plays, as that changes: the page says it is watching while it plays. */
  onPlayingChange?: (playing: boolean) => void;
  /** The stream ended under the viewer: the playlist says so, or playback reached its end. Called once. */
  onEnded?: () => void;
  /** The format to start with (`?format=dash`: low-latency DASH); the quality menu can switch. */
  format?: StreamFormat;
  onFormatChange?: (format: StreamFormat) => void;
  /** Where playback is reported (the analytics module's beacons); nothing is reported without it. */
  beacons?: BeaconOptions;
}

/** Low-latency DASH is offered too; dash.js is loaded only when chosen. */
const withDash = { 'dash.js': createDashEngine };

const errorTexts = {
  network: 'The stream could not be loaded. Check your connection, then try again.',
  /** The first playlist never came: the packager kept answering 503 for longer than the player waits. */
  notStarted: 'It is taking longer than usual to start. Try again in a moment.',
  media: 'The stream could not be decoded. Try again, or pick another quality.',
  unsupported: 'This browser cannot play live streams. Try a recent version of Firefox, Chrome or Safari.',
} as const;

/**
 * The live player: low-latency HLS (or low-latency DASH with dash.js), a seek bar over the DVR window, the live-edge
 * indicator with "Back to live" and the latency, the quality menu with the format, and the video player's keyboard
 * shortcuts (End goes back to live).
 */
export function LivePlayer({
  title,
  playback,
  autoPlay = true,
  onPlayingChange,
  onEnded,
  format = 'hls',
  onFormatChange,
  beacons,
}: LivePlayerProps) {
  const container = useRef<HTMLElement>(null);
  const videoRef = useRef<HTMLVideoElement>(null);
  const [currentFormat, setCurrentFormat] = useState(format);
  useEffect(() => setCurrentFormat(format), [format]);
  const sources = useMemo(() => ({ hls: playback.hls, dash: playback.dash }), [playback.hls, playback.dash]);
  // One session for the beacons and the CMCD the engine sends with its requests.
  const playbackSession = usePlaybackSession(beacons?.target);
  const engine = useEngine(videoRef, sources, currentFormat, {
    live: true,
    engines: withDash,
    ...(playbackSession ? { cmcd: playbackSession } : {}),
  });
  const media = useMediaState(videoRef);
  const onScreen = engine.levels.find((level) => level.index === engine.playing);
  useBeacons(videoRef, beacons, playbackSession?.sessionId ?? null, {
    bitrate: onScreen?.bitrate ?? null,
    height: onScreen?.height ?? null,
    error: engine.error?.kind ?? null,
  });
  const edge = useLiveEdge(engine, videoRef);
  const controls = usePlayerControls(videoRef, container, (video) =>
    liveSeekWindow(engine.liveStats(), lastRange(video.seekable)),
  );
  const [started, setStarted] = useState(false);
  const playing = !media.paused && !media.ended;

  useEffect(() => {
    if (playing) setStarted(true);
    onPlayingChange?.(playing);
  }, [playing, onPlayingChange]);

  const over = edge.stats?.ended === true || media.ended;
  const reported = useRef(false);
  useEffect(() => {
    if (!over || reported.current) return;
    reported.current = true;
    onEnded?.();
  }, [over, onEnded]);

  const goLive = () => {
    const video = videoRef.current;
    if (!video) return;
    const target = liveSyncTarget(engine.liveStats(), lastRange(video.seekable));
    if (target !== null) video.currentTime = target;
    if (video.paused) void video.play().catch(() => {});
  };

  // Until the first playlist, the stream is starting (the packager holds it until every rendition has a segment, and
  // the engine asks again for about 20 s); only then has it failed to start.
  const notStarted = engine.error?.kind === 'network' && !engine.ready;
  const failure = engine.error && {
    title: notStarted ? 'The stream did not start' : 'Playback stopped',
    message: notStarted ? errorTexts.notStarted : errorTexts[engine.error.kind],
    ...(engine.error.kind === 'unsupported' ? {} : { retry: engine.retry }),
  };
  const changeFormat = (next: StreamFormat) => {
    setCurrentFormat(next);
    onFormatChange?.(next);
  };

  const window = media.seekable;
  const behind = (seconds: number) => (window ? Math.max(0, window.end - seconds) : 0);

  return (
    <PlayerSurface
      label={`Live player: ${title}`}
      containerRef={container}
      videoRef={videoRef}
      controls={controls}
      engineKind={engine.kind}
      autoPlay={autoPlay}
      showStart={!started}
      // Autoplay was not allowed: playing starts at the edge, not where the stream was when the page opened.
      onStart={goLive}
      waiting={media.waiting}
      starting={engine.ready || engine.kind === null ? null : 'Starting the stream…'}
      // "Back to live" stays in sight while the viewer is behind.
      pinControls={!started || media.paused || edge.status === 'behind'}
      failure={failure}
    >
      <ControlBar
        media={media}
        engine={engine}
        controls={controls}
        format={{ value: currentFormat, onChange: changeFormat }}
        timeline={
          <SeekBar
            currentTime={media.currentTime}
            window={window}
            bufferedEnd={media.bufferedEnd}
            onSeek={(seconds) => controls.perform({ type: 'seekTo', seconds })}
            timeLabel={(seconds) => `-${formatDuration(behind(seconds))}`}
            valueText={
              edge.status === 'live' || edge.latency === null ? 'Live' : `${formatLatency(edge.latency)} behind live`
            }
          />
        }
        status={
          // Before the first play there is nothing to be behind: playing starts at the edge.
          <LiveIndicator
            status={started ? edge.status : 'live'}
            latency={started ? edge.latency : null}
            onGoLive={goLive}
          />
        }
      />
    </PlayerSurface>
  );
}
