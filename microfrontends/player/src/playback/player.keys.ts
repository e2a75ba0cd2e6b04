import type { SeekWindow } from '@framecast/ui/playback';

/** What a key does in the player. */
export type PlayerAction =
  | { type: 'togglePlay' }
  | { type: 'seekBy'; seconds: number }
  | { type: 'seekToFraction'; fraction: number }
  | { type: 'volumeBy'; delta: number }
  | { type: 'toggleMute' }
  | { type: 'toggleFullscreen' }
  // From the controls, not the keys:
  | { type: 'seekTo'; seconds: number }
  | { type: 'setVolume'; volume: number };

/** The shortcuts, as on the big video sites. Keys are `KeyboardEvent.key` values. */
export const playerKeys: Readonly<Record<string, PlayerAction>> = {
  ' ': { type: 'togglePlay' },
  k: { type: 'togglePlay' },
  j: { type: 'seekBy', seconds: -10 },
  l: { type: 'seekBy', seconds: 10 },
  ArrowLeft: { type: 'seekBy', seconds: -5 },
  ArrowRight: { type: 'seekBy', seconds: 5 },
  ArrowUp: { type: 'volumeBy', delta: 0.05 },
  ArrowDown: { type: 'volumeBy', delta: -0.05 },
  m: { type: 'toggleMute' },
  f: { type: 'toggleFullscreen' },
  Home: { type: 'seekToFraction', fraction: 0 },
  End: { type: 'seekToFraction', fraction: 1 },
  ...Object.fromEntries(
    Array.from({ length: 10 }, (_, n) => [String(n), { type: 'seekToFraction', fraction: n / 10 } as PlayerAction]),
  ),
};

export interface KeyInput {
  key: string;
  ctrlKey: boolean;
  metaKey: boolean;
  altKey: boolean;
  /** The focused element's tag, so typing in a field or pressing a button keeps its own meaning. */
  targetTag: string;
}

const TYPING = new Set(['INPUT', 'TEXTAREA', 'SELECT']);
/** Space and Enter already press a focused button; the player must not also toggle. */
const BUTTON_KEYS = new Set([' ', 'Enter']);

/** The action for a key press, or null when the key is not the player's (modifiers, typing, buttons). */
export function actionForKey(input: KeyInput): PlayerAction | null {
  if (input.ctrlKey || input.metaKey || input.altKey) return null;
  if (TYPING.has(input.targetTag)) return null;
  if (input.targetTag === 'BUTTON' && BUTTON_KEYS.has(input.key)) return null;
  const key = input.key.length === 1 ? input.key.toLowerCase() : input.key;
  return playerKeys[key] ?? null;
}

/** A video's window: from 0 to its duration, once known. */
export function videoWindow(duration: number): SeekWindow | null {
  return Number.isFinite(duration) && duration > 0 ? { start: 0, end: duration } : null;
}

/** Where a seek by `seconds` lands: inside the window, or anywhere from 0 while there is none. Pure. */
export function seekWithin(current: number, seconds: number, window: SeekWindow | null): number {
  const target = current + seconds;
  if (!window) return Math.max(0, target);
  return Math.min(window.end, Math.max(window.start, target));
}

/** Where a seek lands in a video: inside [0, duration] (a video always has a duration once loaded). */
export function seekTarget(current: number, seconds: number, duration: number): number {
  return seekWithin(current, seconds, videoWindow(duration));
}

/** The time at a fraction of the window (the number keys, Home and End). */
export function timeAtFraction(window: SeekWindow, fraction: number): number {
  return window.start + (window.end - window.start) * Math.min(1, Math.max(0, fraction));
}

/** The next volume, kept in [0, 1] and rounded so repeated steps do not drift. */
export function nextVolume(volume: number, delta: number): number {
  return Math.round(Math.min(1, Math.max(0, volume + delta)) * 100) / 100;
}
