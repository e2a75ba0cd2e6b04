import { Button, cn, PlayIcon, Spinner } from '@framecast/ui';
import type { EngineKind } from '@framecast/ui/playback';
import type { ReactNode, RefObject } from 'react';
import type { PlayerControls } from './player-controls.hook.js';

export interface PlayerFailure {
  title: string;
  message: string;
  /** Offers "Try again" when set. */
  retry?: () => void;
}

export interface PlayerSurfaceProps {
  /** The region's name, e.g. "Video player: <title>". */
  label: string;
  containerRef: RefObject<HTMLElement | null>;
  videoRef: RefObject<HTMLVideoElement | null>;
  controls: PlayerControls;
  engineKind: EngineKind | null;
  poster?: string;
  autoPlay?: boolean;
  /** Nothing played yet: the big Play button over the picture. */
  showStart: boolean;
  /** What the big Play button does; plays from where the video is by default. */
  onStart?: () => void;
  /** Waiting for data: a spinner. */
  waiting: boolean;
  /** Words for a stream that is still starting (no playlist yet): shown with a spinner, in place of the Play button. */
  starting?: string | null;
  /** Keep the control bar shown (paused, not started); while playing it shows on hover and focus. */
  pinControls: boolean;
  /** Playback stopped for good: a message in place of the controls. */
  failure: PlayerFailure | null;
  /** Drawn over everything else (a stream that ended). */
  overlay?: ReactNode;
  /** The control bar. */
  children: ReactNode;
}

/**
 * What every player looks like: the picture, the big Play button, the buffering spinner, a failure, and the control
 * bar fading in and out at the bottom. The region takes the keyboard shortcuts.
 */
export function PlayerSurface({
  label,
  containerRef,
  videoRef,
  controls,
  engineKind,
  poster,
  autoPlay,
  showStart,
  onStart,
  waiting,
  starting = null,
  pinControls,
  failure,
  overlay,
  children,
}: PlayerSurfaceProps) {
  const togglePlay = () => controls.perform({ type: 'togglePlay' });
  return (
    <section
      ref={containerRef}
      aria-label={label}
      // Focusable, so the shortcuts work after a click on the picture.
      // biome-ignore lint/a11y/noNoninteractiveTabindex: the player region takes the keyboard shortcuts.
      tabIndex={0}
      onKeyDown={controls.onKeyDown}
      data-engine={engineKind ?? 'none'}
      className={cn(
        'group/player relative aspect-video w-full overflow-hidden bg-black text-white outline-none focus-visible:ring-2 focus-visible:ring-brand',
        controls.fullscreen ? 'rounded-none' : 'rounded-card',
      )}
    >
      {/* biome-ignore lint/a11y/useMediaCaption: uploads and streams have no caption tracks yet. */}
      <video
        ref={videoRef}
        poster={poster}
        playsInline
        autoPlay={autoPlay}
        preload="metadata"
        onClick={togglePlay}
        className="size-full bg-black object-contain"
      />
      {showStart && !failure && !starting && (
        <button
          type="button"
          aria-label="Play"
          onClick={onStart ?? togglePlay}
          className="absolute inset-0 m-auto flex size-18 items-center justify-center rounded-full bg-black/60 text-white transition-colors hover:bg-brand focus-visible:outline-2 focus-visible:outline-brand [&>svg]:size-8"
        >
          <PlayIcon />
        </button>
      )}
      {waiting && !failure && !starting && (
        <div className="pointer-events-none absolute inset-0 flex items-center justify-center [&_svg]:size-10">
          <Spinner label="Buffering" />
        </div>
      )}
      {starting && !failure && (
        <div
          role="status"
          className="pointer-events-none absolute inset-0 flex flex-col items-center justify-center gap-3 text-sm text-white/80 [&_svg]:size-10"
        >
          <Spinner />
          <p>{starting}</p>
        </div>
      )}
      {failure && (
        <div
          role="alert"
          className="absolute inset-0 flex flex-col items-center justify-center gap-3 bg-black/80 p-6 text-center"
        >
          <p className="text-base font-semibold">{failure.title}</p>
          <p className="max-w-md text-sm text-white/80">{failure.message}</p>
          {failure.retry && (
            <Button variant="secondary" onClick={failure.retry}>
              Try again
            </Button>
          )}
        </div>
      )}
      {!failure && (
        <div
          className={cn(
            'absolute inset-x-0 bottom-0 transition-opacity duration-200',
            pinControls
              ? 'opacity-100'
              : 'opacity-0 group-hover/player:opacity-100 group-focus-within/player:opacity-100',
          )}
        >
          {children}
        </div>
      )}
      {overlay}
    </section>
  );
}
