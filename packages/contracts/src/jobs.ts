import Type, { type Static } from 'typebox';
import { Rendition } from './api/videos.js';

const VideoId = Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$' });

/** Validate an uploaded original and transcode it to the ABR ladder. */
export const TranscodeJob = Type.Object({
  videoId: VideoId,
  /** Storage key of the original upload. */
  originalKey: Type.String({ minLength: 1 }),
  /** Storage prefix the outputs go under, ending in `/` (`videos/<id>/`). */
  outputPrefix: Type.String({ pattern: '/$' }),
});
export type TranscodeJob = Static<typeof TranscodeJob>;

/** What the transcoder produced, relative to the job's `outputPrefix`. */
export const TranscodeOutputs = Type.Object({
  /** HLS master playlist (`media/master.m3u8`). */
  hls: Type.String(),
  /** DASH manifest (`media/manifest.mpd`); shares the fMP4 segments with HLS. */
  dash: Type.String(),
  poster: Type.String(),
  /** The poster at listing size; absent from outputs made before thumbnails existed. */
  thumbnail: Type.Optional(Type.String()),
  /** WebVTT index of the storyboard sprite, or null for very short videos. */
  storyboard: Type.Union([Type.String(), Type.Null()]),
});
export type TranscodeOutputs = Static<typeof TranscodeOutputs>;

export const TranscodeResult = Type.Object({
  videoId: VideoId,
  duration: Type.Number({ minimum: 0 }),
  width: Type.Integer({ minimum: 1 }),
  height: Type.Integer({ minimum: 1 }),
  renditions: Type.Array(Rendition),
  outputs: TranscodeOutputs,
});
export type TranscodeResult = Static<typeof TranscodeResult>;
