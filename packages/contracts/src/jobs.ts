import type { Rendition } from './api/videos.js';

/** Every job queue and its payload. A table keyed by `JobQueueName` must handle each one. */
export interface JobPayloads {
  /** Validate an uploaded original and transcode it to the ABR ladder (run by the transcoder module). */
  transcode: {
    videoId: string;
    /** Storage key of the original upload. */
    originalKey: string;
    /** Storage prefix the outputs go under, ending in `/` (`videos/<id>/`). */
    outputPrefix: string;
  };
}

export type JobQueueName = keyof JobPayloads;

/** What the transcoder produced, relative to the job's `outputPrefix`. */
export interface TranscodeOutputs {
  /** HLS master playlist (`media/master.m3u8`). */
  hls: string;
  /** DASH manifest (`media/manifest.mpd`); shares the fMP4 segments with HLS. */
  dash: string;
  poster: string;
  /** The poster at listing size; absent from outputs made before thumbnails existed. */
  thumbnail?: string;
  /** WebVTT index of the storyboard sprite, or null for very short videos. */
  storyboard: string | null;
}

export interface TranscodeResult {
  videoId: string;
  duration: number;
  width: number;
  height: number;
  renditions: Rendition[];
  outputs: TranscodeOutputs;
}
