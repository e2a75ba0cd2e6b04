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

/**
 * One rendition of a live stream's recording, in the compact form (a 2 h stream has ~7,200 segments per rendition):
 * its files are `<name>/init.mp4` and `<name>/<msn>.m4s` for every msn from `firstMsn` to `lastMsn`, under the
 * recording's prefix (the live packager's layout).
 */
export const RecordedRendition = Type.Object({
  name: Type.String({ pattern: '^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$' }),
  kind: Type.Union([Type.Literal('video'), Type.Literal('audio')]),
  firstMsn: Type.Integer({ minimum: 0 }),
  lastMsn: Type.Integer({ minimum: 0 }),
});
export type RecordedRendition = Static<typeof RecordedRendition>;

/** Remux a live stream's recording into a video's HLS/DASH outputs, copying the streams (never re-encoding). */
export const RemuxJob = Type.Object({
  videoId: VideoId,
  /** Storage prefix of the recording, ending in `/` (`live/<session id>/`). */
  recordingPrefix: Type.String({ pattern: '/$' }),
  /** Video renditions highest first, then the audio. */
  renditions: Type.Array(RecordedRendition, { minItems: 1, maxItems: 16 }),
  /** Storage prefix the outputs go under, ending in `/` (`videos/<id>/`). */
  outputPrefix: Type.String({ pattern: '/$' }),
});
export type RemuxJob = Static<typeof RemuxJob>;

/** The storage keys of one recorded rendition under `prefix` (the live packager's layout). Pure. */
export function recordedKeys(prefix: string, rendition: RecordedRendition): { init: string; segments: string[] } {
  const segments: string[] = [];
  for (let msn = rendition.firstMsn; msn <= rendition.lastMsn; msn++)
    segments.push(`${prefix}${rendition.name}/${msn}.m4s`);
  return { init: `${prefix}${rendition.name}/init.mp4`, segments };
}

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

/**
 * One batch of the notifications a channel's event gives its followers: those whose id is after `after` (from the
 * first when null) and at most `upTo` (to the last when null), in the order of their ids.
 */
export const NotificationFanoutJob = Type.Object({
  /** The event announced; each follower is told of it once. */
  eventId: Type.String({ format: 'uuid' }),
  kind: Type.Union([Type.Literal('live'), Type.Literal('video')]),
  channelId: Type.String({ minLength: 1, maxLength: 64 }),
  channelHandle: Type.String(),
  /** The stream's session (`live`) or the video (`video`). */
  subjectId: Type.String({ minLength: 1, maxLength: 64 }),
  title: Type.String(),
  at: Type.String({ format: 'date-time' }),
  after: Type.Union([Type.String(), Type.Null()]),
  upTo: Type.Union([Type.String(), Type.Null()]),
});
export type NotificationFanoutJob = Static<typeof NotificationFanoutJob>;

/** What one notification says, for the e-mail (or web push) that carries it. */
export const NoticeMessage = Type.Object({
  eventId: Type.String({ format: 'uuid' }),
  kind: Type.Union([Type.Literal('live'), Type.Literal('video'), Type.Literal('follow'), Type.Literal('mention')]),
  channelId: Type.String({ minLength: 1, maxLength: 64 }),
  channelHandle: Type.String(),
  at: Type.String({ format: 'date-time' }),
  stream: Type.Optional(Type.Object({ sessionId: Type.String(), title: Type.String() })),
  video: Type.Optional(Type.Object({ id: Type.String(), title: Type.String() })),
  mention: Type.Optional(
    Type.Object({
      messageId: Type.String(),
      excerpt: Type.String(),
      from: Type.Object({ id: Type.String(), handle: Type.String() }),
    }),
  ),
});
export type NoticeMessage = Static<typeof NoticeMessage>;

/** Send one notification to each of `userIds` by e-mail, or by web push (run by the notification module). */
export const NotificationDeliveryJob = Type.Object({
  notice: NoticeMessage,
  userIds: Type.Array(Type.String({ format: 'uuid' }), { minItems: 1, maxItems: 10_000 }),
});
export type NotificationDeliveryJob = Static<typeof NotificationDeliveryJob>;
