import { type Video, viewThreshold } from '@framecast/client';
import { formatDuration } from '@framecast/ui';
import { type StreamFormat, useEngine, useMediaState } from '@framecast/ui/playback';
import { useEffect, useMemo, useRef, useState } from 'react';
import { createDashEngine } from '../playback/dash.engine.js';
import { videoWindow } from '../playback/player.keys.js';
import { addWatchTime } from '../playback/watch-time.js';
import { type BeaconOptions, useBeacons, usePlaybackSession } from './beacons.hook.js';
import { ControlBar } from './control-bar.js';
import { usePlayerControls } from './player-controls.hook.js';
import { PlayerSurface } from './player-surface.js';
import { SeekBar } from './seek-bar.js';
import { useStoryboard } from './storyboard.hook.js';

export type Playback = NonNullable<Video['playback']>;

export interface PlayerProps {
  title: string;
  playback: Playback;
  /** The format to start with; the quality menu can switch. */
  format?: StreamFormat;
  onFormatChange?: (format: StreamFormat) => void;
  /** Called once, when playback makes a view (10 s, or the whole of a shorter video). */
  onViewed?: () => void;
  /** Called when the signed URLs have expired and playback needs fresh ones. */
  onExpired?: () => void;
  autoPlay?: boolean;
  /**
   * Changes when the video's renditions change (higher qualities finished processing): the player reads the master
   * playlist or manifest again, keeping the position, whether it plays, and the quality the viewer chose.
   */
  renditionsVersion?: string | number;
  /** Where playback is reported (the analytics module's beacons); nothing is reported without it. */
  beacons?: BeaconOptions;
}

/** Videos play over DASH too (`?format=dash`, the menu's toggle); dash.js is loaded only when chosen. */
const withDash = { 'dash.js': createDashEngine };

const errorTexts = {
  network: 'The video could not be loaded. Check your connection, then try again.',
  media: 'The video could not be decoded. Try again, or pick another quality.',
  unsupported: 'This browser cannot play this video. Try a recent version of Firefox, Chrome or Safari.',
} as const;

/** The video player: adaptive streaming, quality menu, storyboard previews and keyboard shortcuts. */
export function Player({
  title,
  playback,
  format = 'hls',
  onFormatChange,
  onViewed,
  onExpired,
  autoPlay,
  renditionsVersion,
  beacons,
}: PlayerProps) {
  const container = useRef<HTMLElement>(null);
  const videoRef = useRef<HTMLVideoElement>(null);
  const [currentFormat, setCurrentFormat] = useState(format);
  const sources = useMemo(() => ({ hls: playback.hls, dash: playback.dash }), [playback.hls, playback.dash]);
  // One session for the beacons and the CMCD the engine sends with its requests.
  const playbackSession = usePlaybackSession(beacons?.target);
  const engine = useEngine(videoRef, sources, currentFormat, {
    reloadKey: renditionsVersion,
    engines: withDash,
    ...(playbackSession ? { cmcd: playbackSession } : {}),
  });
  const media = useMediaState(videoRef);
  const cues = useStoryboard(playback.storyboard);
  const controls = usePlayerControls(videoRef, container, (video) => videoWindow(video.duration));
  const [started, setStarted] = useState(false);
  const watched = useRef({ total: 0, last: 0, counted: false });
  const onScreen = engine.levels.find((level) => level.index === engine.playing);
  useBeacons(videoRef, beacons, playbackSession?.sessionId ?? null, {
    bitrate: onScreen?.bitrate ?? null,
    height: onScreen?.height ?? null,
    error: engine.error?.kind ?? null,
  });

  useEffect(() => setCurrentFormat(format), [format]);

  // A view: once per page load, by the analytics module's rule (10 s played, or the whole of a shorter video).
  useEffect(() => {
    const w = watched.current;
    w.total = addWatchTime(w.total, w.last, media.currentTime);
    w.last = media.currentTime;
    if (!w.counted && media.duration > 0 && w.total >= viewThreshold(media.duration)) {
      w.counted = true;
      onViewed?.();
    }
    if (!media.paused) setStarted(true);
  }, [media.currentTime, media.paused, media.duration, onViewed]);

  const retry = () => {
    const expired = playback.expiresAt !== null && Date.parse(playback.expiresAt) <= Date.now();
    if (expired && onExpired) onExpired();
    else engine.retry();
  };

  const changeFormat = (next: StreamFormat) => {
    setCurrentFormat(next);
    onFormatChange?.(next);
  };

  const failure = engine.error && {
    title: 'Playback stopped',
    message: errorTexts[engine.error.kind],
    ...(engine.error.kind === 'unsupported' ? {} : { retry }),
  };

  return (
    <PlayerSurface
      label={`Video player: ${title}`}
      containerRef={container}
      videoRef={videoRef}
      controls={controls}
      engineKind={engine.kind}
      poster={playback.poster}
      autoPlay={autoPlay}
      showStart={!started}
      waiting={media.waiting}
      pinControls={!started || media.paused}
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
            window={videoWindow(media.duration)}
            bufferedEnd={media.bufferedEnd}
            cues={cues}
            onSeek={(seconds) => controls.perform({ type: 'seekTo', seconds })}
          />
        }
        status={
          <span className="font-mono text-xs text-white/90 tabular-nums" data-testid="time-display">
            {formatDuration(media.currentTime)} / {formatDuration(media.duration)}
          </span>
        }
      />
    </PlayerSurface>
  );
}
