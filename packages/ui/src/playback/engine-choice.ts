import type { EngineKind, StreamFormat } from './engine.js';

export interface BrowserSupport {
  /** Media Source Extensions (what hls.js and dash.js need). */
  mse: boolean;
  /** `video.canPlayType('application/vnd.apple.mpegurl')` answered something. */
  nativeHls: boolean;
}

/** What this browser offers the engines, read from the <video> that will play. */
export function browserSupport(video: HTMLVideoElement): BrowserSupport {
  return {
    mse: typeof window !== 'undefined' && ('MediaSource' in window || 'ManagedMediaSource' in window),
    nativeHls: video.canPlayType('application/vnd.apple.mpegurl') !== '',
  };
}

/**
 * The engine for a format in this browser. hls.js is preferred where MSE exists (it gives the quality
 * menu); the native player is the fallback. DASH needs MSE; without it HLS is the only way left.
 * Null: this browser cannot play the video at all. Pure.
 */
export function chooseEngine(format: StreamFormat, support: BrowserSupport): EngineKind | null {
  if (format === 'dash' && support.mse) return 'dash.js';
  if (support.mse) return 'hls.js';
  if (support.nativeHls) return 'native-hls';
  return null;
}
