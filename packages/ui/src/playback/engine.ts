/** One rendition the player can switch to, whatever engine (hls.js, dash.js) reported it. */
export interface QualityLevel {
  /** The engine's index for the level. */
  index: number;
  height: number;
  /** Bits per second. */
  bitrate: number;
}

/** The level value for letting the engine choose (adaptive bitrate). */
export const AUTO = -1;

/** A range of media time, in seconds: what the viewer may seek in (a video's length, a live stream's DVR window). */
export interface SeekWindow {
  start: number;
  end: number;
}

/** How a <video> is fed: hls.js over MSE, the browser's own HLS (Safari, iOS), or dash.js. */
export type EngineKind = 'hls.js' | 'native-hls' | 'dash.js';
export type StreamFormat = 'hls' | 'dash';

export type PlaybackErrorKind = 'network' | 'media' | 'unsupported';

/** What an engine tells the player about the stream. */
export interface EngineListener {
  /** The first playlist or manifest is read: the stream exists and starts loading. */
  loaded(): void;
  levels(levels: QualityLevel[]): void;
  /** The level now on screen (engine index). */
  levelSwitched(index: number): void;
  /** An error the engine could not recover from by itself. */
  fatal(kind: PlaybackErrorKind, message: string): void;
}

/** Where a live stream's edge is, as the engine knows it now. Times are media times of the <video>, in seconds. */
export interface LiveStats {
  /** The live edge now: the end of the last playlist, plus how long ago it was loaded. */
  edge: number | null;
  /** Where the engine would start playing: the edge less the target latency. */
  syncPosition: number | null;
  /** How far behind the edge the engine means to play (`PART-HOLD-BACK` in low-latency HLS). */
  targetLatency: number | null;
  /** The playlist's target segment duration. */
  targetDuration: number | null;
  /** Wall-clock time of the frame on screen (program date time), in milliseconds since the epoch. */
  playingDate: number | null;
  /** The stream has ended: the playlist says `EXT-X-ENDLIST`. */
  ended: boolean;
}

/** One way of feeding a <video> element (hls.js, dash.js or the browser's own HLS). */
export interface PlaybackEngine {
  /** A level index, or AUTO (-1) for adaptive bitrate. Switches without reloading the page or the video. */
  setLevel(index: number): void;
  /** A live stream's edge, read when asked; null for a video on demand or before the first playlist. */
  liveStats(): LiveStats | null;
  destroy(): void;
}

/**
 * Who plays what, sent as Common Media Client Data (CTA-5004) with every playlist, manifest and segment request: the
 * playback session's id (the one its beacons carry) and the content's (the video id, or the live session id).
 */
export interface CmcdIdentity {
  sessionId: string;
  contentId: string;
}

export interface EngineOptions {
  video: HTMLVideoElement;
  url: string;
  listener: EngineListener;
  /** Sends CMCD, as a query argument (no custom header, so no CORS preflight); none without it. */
  cmcd?: CmcdIdentity;
  /**
   * A live stream: play close to the edge (low-latency mode), catch up when behind, seek in the DVR window, and wait
   * for the first playlist of a stream that is starting.
   */
  live?: boolean;
}

/** Starts an engine on a <video>. */
export type EngineFactory = (options: EngineOptions) => Promise<PlaybackEngine>;
