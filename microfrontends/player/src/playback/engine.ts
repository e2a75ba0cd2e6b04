import type { QualityLevel } from './quality.js';

export type PlaybackErrorKind = 'network' | 'media' | 'unsupported';

/** What an engine tells the player about the stream. */
export interface EngineListener {
  levels(levels: QualityLevel[]): void;
  /** The level now on screen (engine index). */
  levelSwitched(index: number): void;
  /** An error the engine could not recover from by itself. */
  fatal(kind: PlaybackErrorKind, message: string): void;
}

/** One way of feeding a <video> element (hls.js, dash.js or the browser's own HLS). */
export interface PlaybackEngine {
  /** A level index, or AUTO (-1) for adaptive bitrate. Switches without reloading the page or the video. */
  setLevel(index: number): void;
  destroy(): void;
}

export interface EngineOptions {
  video: HTMLVideoElement;
  url: string;
  listener: EngineListener;
}
