/** How the player plays a video: hls.js over MSE, the browser's own HLS (Safari, iOS), or dash.js. */
export type EngineKind = 'hls.js' | 'native-hls' | 'dash.js';
export type StreamFormat = 'hls' | 'dash';

/** `?format=dash` asks for DASH; anything else plays HLS. */
export function formatFromSearch(search: string): StreamFormat {
  return new URLSearchParams(search).get('format') === 'dash' ? 'dash' : 'hls';
}

export interface BrowserSupport {
  /** Media Source Extensions (what hls.js and dash.js need). */
  mse: boolean;
  /** `video.canPlayType('application/vnd.apple.mpegurl')` answered something. */
  nativeHls: boolean;
}

/**
 * The engine for a format in this browser. hls.js is preferred where MSE exists (it gives the quality
 * menu); the native player is the fallback. DASH needs MSE; without it HLS is the only way left.
 * Null: this browser cannot play the video at all.
 */
export function chooseEngine(format: StreamFormat, support: BrowserSupport): EngineKind | null {
  if (format === 'dash' && support.mse) return 'dash.js';
  if (support.mse) return 'hls.js';
  if (support.nativeHls) return 'native-hls';
  return null;
}

/** Watch time after which a page load counts as a view. */
export const VIEW_AFTER_SECONDS = 5;

/**
 * What changes when a video's renditions do (its first renditions play, then the rest of the ladder lands): the
 * player's `renditionsVersion`, so it reloads the stream exactly then. Pure.
 */
export function renditionsVersion(video: { renditions: readonly { name: string }[] }): string {
  return video.renditions.map((r) => r.name).join(',');
}
