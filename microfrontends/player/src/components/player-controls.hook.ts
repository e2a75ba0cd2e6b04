import type { SeekWindow } from '@framecast/ui/playback';
import { type KeyboardEvent, type RefObject, useCallback, useEffect, useRef, useState } from 'react';
import { actionForKey, nextVolume, type PlayerAction, seekWithin, timeAtFraction } from '../playback/player.keys.js';

export interface PlayerControls {
  fullscreen: boolean;
  /** Does what a shortcut or a button asks of the <video>. */
  perform(action: PlayerAction): void;
  /** The keyboard shortcuts, for the player's region. */
  onKeyDown(event: KeyboardEvent<HTMLElement>): void;
}

/**
 * The actions of a player on its <video> and its region (fullscreen), and the shortcuts that trigger them. Seeks stay
 * inside `seekWindow`: a video's duration, a live stream's DVR window.
 */
export function usePlayerControls(
  videoRef: RefObject<HTMLVideoElement | null>,
  containerRef: RefObject<HTMLElement | null>,
  seekWindow: (video: HTMLVideoElement) => SeekWindow | null,
): PlayerControls {
  const [fullscreen, setFullscreen] = useState(false);
  const windowOf = useRef(seekWindow);
  useEffect(() => {
    windowOf.current = seekWindow;
  });

  useEffect(() => {
    const onChange = () => setFullscreen(document.fullscreenElement === containerRef.current);
    document.addEventListener('fullscreenchange', onChange);
    return () => document.removeEventListener('fullscreenchange', onChange);
  }, [containerRef]);

  const perform = useCallback(
    (action: PlayerAction) => {
      const video = videoRef.current;
      if (!video) return;
      switch (action.type) {
        case 'togglePlay':
          if (video.paused || video.ended) void video.play().catch(() => {});
          else video.pause();
          return;
        case 'seekBy':
          video.currentTime = seekWithin(video.currentTime, action.seconds, windowOf.current(video));
          return;
        case 'seekTo':
          video.currentTime = seekWithin(action.seconds, 0, windowOf.current(video));
          return;
        case 'seekToFraction': {
          const window = windowOf.current(video);
          if (window) video.currentTime = timeAtFraction(window, action.fraction);
          return;
        }
        case 'volumeBy':
          video.volume = nextVolume(video.volume, action.delta);
          video.muted = video.volume === 0;
          return;
        case 'setVolume':
          video.volume = Math.min(1, Math.max(0, action.volume));
          video.muted = video.volume === 0;
          return;
        case 'toggleMute':
          video.muted = !video.muted;
          return;
        case 'toggleFullscreen':
          if (document.fullscreenElement) void document.exitFullscreen().catch(() => {});
          else void containerRef.current?.requestFullscreen().catch(() => {});
          return;
        default: {
          const unknown: never = action;
          return unknown;
        }
      }
    },
    [videoRef, containerRef],
  );

  const onKeyDown = useCallback(
    (event: KeyboardEvent<HTMLElement>) => {
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
    },
    [perform],
  );

  return { fullscreen, perform, onKeyDown };
}
