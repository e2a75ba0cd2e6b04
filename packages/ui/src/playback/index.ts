/**
 * Playing adaptive streams in a <video>: the engines (hls.js, the browser's own HLS; dash.js plugs in), the hooks that
 * run them and mirror the element, and the arithmetic of a live stream's edge. Apart from the main entry, so only the
 * remotes that play video bundle hls.js: the player, and the studio's preview of a stream on air.
 */

export { dashCmcdSettings, hlsCmcdConfig } from './cmcd.config.js';
export { type EngineState, type UseEngineOptions, useEngine } from './engine.hook.js';
export {
  AUTO,
  type CmcdIdentity,
  type EngineFactory,
  type EngineKind,
  type EngineListener,
  type EngineOptions,
  type LiveStats,
  type PlaybackEngine,
  type PlaybackErrorKind,
  type QualityLevel,
  type SeekWindow,
  type StreamFormat,
} from './engine.js';
export { type BrowserSupport, browserSupport, chooseEngine } from './engine-choice.js';
export { createHlsEngine } from './hls.engine.js';
export { matchLevel } from './levels.js';
export { LIVE_CATCH_UP_RATE } from './live-catch-up.js';
export { type LiveEdge, useLiveEdge } from './live-edge.hook.js';
export {
  DEFAULT_TARGET_LATENCY,
  formatLatency,
  type LiveEdgeStatus,
  lastRange,
  liveEdgeStatus,
  liveLatency,
  liveSeekWindow,
  liveSyncTarget,
  MIN_LIVE_SLACK,
} from './live-edge.js';
export { FIRST_PLAYLIST_PATIENCE_MS, firstPlaylistPolicy, liveHlsConfig } from './live-hls.config.js';
export { type MediaState, useMediaState } from './media-state.hook.js';
export { createNativeEngine } from './native.engine.js';
