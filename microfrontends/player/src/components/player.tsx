import type { Video } from '@framecast/client';
import { Button, cn, PlayIcon, Spinner } from '@framecast/ui';
import { type KeyboardEvent, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { type StreamFormat, VIEW_AFTER_SECONDS } from '../playback/playback-source.js';
import { actionForKey, nextVolume, type PlayerAction, seekTarget } from '../playback/player.keys.js';
import { addWatchTime } from '../playback/watch-time.js';
import { ControlBar } from './control-bar.js';
import { useEngine } from './engine.hook.js';
import { useMediaState } from './media-state.hook.js';
import { useStoryboard } from './storyboard.hook.js';

export type Playback = NonNullable<Video['playback']>;

export interface PlayerProps {
  title: string;
  playback: Playback;
  /** The format to start with; the quality menu can switch. */
  format?: StreamFormat;
  onFormatChange?: (format: StreamFormat) => void;
  /** Called once, after a few seconds of real playback. */
  onViewed?: () => void;
  /** Called when the signed URLs have expired and playback needs fresh ones. */
  onExpired?: () => void;
  autoPlay?: boolean;
  /**
   * Changes when the video's renditions change (higher qualities finished processing): the player reads the master
   * playlist or manifest again, keeping the position, whether it plays, and the quality the viewer chose.
   */
  renditionsVersion?: string | number;
}

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
}: PlayerProps) {
  const container = useRef<HTMLDivElement>(null);
  const videoRef = useRef<HTMLVideoElement>(null);
  const [currentFormat, setCurrentFormat] = useState(format);
  const sources = useMemo(() => ({ hls: playback.hls, dash: playback.dash }), [playback.hls, playback.dash]);
  const engine = useEngine(videoRef, sources, currentFormat, renditionsVersion);
  const media = useMediaState(videoRef);
  const cues = useStoryboard(playback.storyboard);
  const [fullscreen, setFullscreen] = useState(false);
  const [started, setStarted] = useState(false);
  const watched = useRef({ total: 0, last: 0, counted: false });

  useEffect(() => setCurrentFormat(format), [format]);

  // A view: once per page load, after a few seconds actually played.
  useEffect(() => {
    const w = watched.current;
    w.total = addWatchTime(w.total, w.last, media.currentTime);
    w.last = media.currentTime;
    if (!w.counted && w.total >= VIEW_AFTER_SECONDS) {
      w.counted = true;
      onViewed?.();
    }
    if (!media.paused) setStarted(true);
  }, [media.currentTime, media.paused, onViewed]);

  useEffect(() => {
    const onChange = () => setFullscreen(document.fullscreenElement === container.current);
    document.addEventListener('fullscreenchange', onChange);
    return () => document.removeEventListener('fullscreenchange', onChange);
  }, []);

  const perform = useCallback((action: PlayerAction) => {
    const video = videoRef.current;
    if (!video) return;
    switch (action.type) {
      case 'togglePlay':
        if (video.paused || video.ended) void video.play().catch(() => {});
        else video.pause();
        return;
      case 'seekBy':
        video.currentTime = seekTarget(video.currentTime, action.seconds, video.duration);
        return;
      case 'seekToFraction':
        if (Number.isFinite(video.duration)) video.currentTime = video.duration * action.fraction;
        return;
      case 'volumeBy':
        video.volume = nextVolume(video.volume, action.delta);
        video.muted = video.volume === 0;
        return;
      case 'toggleMute':
        video.muted = !video.muted;
        return;
      case 'toggleFullscreen':
        if (document.fullscreenElement) void document.exitFullscreen().catch(() => {});
        else void container.current?.requestFullscreen().catch(() => {});
        return;
      default: {
        const unknown: never = action;
        return unknown;
      }
    }
  }, []);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    const action = actionForKey({
      key: event.key,
      ctrlKey: event.ctrlKey,
      metaKey: event.metaKey,
      altKey: event.altKey,
      targetTag: (event.target as HTMLElement).tagName,
    });
    if (!action) return;
    event.preventDefault();
    perform(action);
  };

  const retry = () => {
    const expired = playback.expiresAt !== null && Date.parse(playback.expiresAt) <= Date.now();
    if (expired && onExpired) onExpired();
    else engine.retry();
  };

  const changeFormat = (next: StreamFormat) => {
    setCurrentFormat(next);
    onFormatChange?.(next);
  };

  return (
    <section
      ref={container}
      aria-label={`Video player: ${title}`}
      // Focusable, so the shortcuts work after a click on the picture.
      // biome-ignore lint/a11y/noNoninteractiveTabindex: the player region takes the keyboard shortcuts.
      tabIndex={0}
      onKeyDown={onKeyDown}
      data-engine={engine.kind ?? 'none'}
      className={cn(
        'group/player relative aspect-video w-full overflow-hidden bg-black text-white outline-none focus-visible:ring-2 focus-visible:ring-brand',
        fullscreen ? 'rounded-none' : 'rounded-card',
      )}
    >
      {/* biome-ignore lint/a11y/useMediaCaption: uploads have no caption tracks yet. */}
      <video
        ref={videoRef}
        poster={playback.poster}
        playsInline
        autoPlay={autoPlay}
        preload="metadata"
        onClick={() => perform({ type: 'togglePlay' })}
        className="size-full bg-black object-contain"
      />
      {!started && !engine.error && (
        <button
          type="button"
          aria-label="Play"
          onClick={() => perform({ type: 'togglePlay' })}
          className="absolute inset-0 m-auto flex size-18 items-center justify-center rounded-full bg-black/60 text-white transition-colors hover:bg-brand focus-visible:outline-2 focus-visible:outline-brand [&>svg]:size-8"
        >
          <PlayIcon />
        </button>
      )}
      {media.waiting && !engine.error && (
        <div className="pointer-events-none absolute inset-0 flex items-center justify-center [&_svg]:size-10">
          <Spinner label="Buffering" />
        </div>
      )}
      {engine.error && (
        <div
          role="alert"
          className="absolute inset-0 flex flex-col items-center justify-center gap-3 bg-black/80 p-6 text-center"
        >
          <p className="text-base font-semibold">Playback stopped</p>
          <p className="max-w-md text-sm text-white/80">{errorTexts[engine.error.kind]}</p>
          {engine.error.kind !== 'unsupported' && (
            <Button variant="secondary" onClick={retry}>
              Try again
            </Button>
          )}
        </div>
      )}
      {!engine.error && (
        <div
          className={cn(
            'absolute inset-x-0 bottom-0 transition-opacity duration-200',
            started && !media.paused
              ? 'opacity-0 group-hover/player:opacity-100 group-focus-within/player:opacity-100'
              : 'opacity-100',
          )}
        >
          <ControlBar
            media={media}
            engine={engine}
            cues={cues}
            format={currentFormat}
            onFormat={changeFormat}
            onTogglePlay={() => perform({ type: 'togglePlay' })}
            onSeek={(seconds) => {
              if (videoRef.current) videoRef.current.currentTime = seconds;
            }}
            onToggleMute={() => perform({ type: 'toggleMute' })}
            onVolume={(volume) => {
              const video = videoRef.current;
              if (!video) return;
              video.volume = volume;
              video.muted = volume === 0;
            }}
            onToggleFullscreen={() => perform({ type: 'toggleFullscreen' })}
            fullscreen={fullscreen}
          />
        </div>
      )}
    </section>
  );
}
