import Type, { type Static } from 'typebox';
import { streamEndReasons } from './api/live.js';
import { VisibilitySchema } from './api/videos.js';
import {
  NotificationDeliveryJob,
  NotificationFanoutJob,
  RecordedRendition,
  RemuxJob,
  TranscodeJob,
  TranscodeResult,
} from './jobs.js';

const Id = Type.String({ minLength: 1, maxLength: 64 });
const TranscodeStage = Type.Union([Type.Literal('probing'), Type.Literal('transcoding'), Type.Literal('packaging')]);
const Percent = Type.Number({ minimum: 0, maximum: 100 });

/**
 * Every domain event: its routing key on the topic exchange and the schema of its payload. A payload is checked
 * against its schema when it is written and again when it is consumed; a table keyed by `EventType` must handle each.
 */
export const eventSchemas = {
  'user.registered': Type.Object({ userId: Id, handle: Type.String(), email: Type.String() }),
  'user.followed': Type.Object({
    followerId: Id,
    /** The follower's handle, so the channel can be told who followed it. */
    followerHandle: Type.String(),
    channelId: Id,
    channelHandle: Type.String(),
  }),
  'user.unfollowed': Type.Object({ followerId: Id, channelId: Id, channelHandle: Type.String() }),
  'user.deleted': Type.Object({ userId: Id, handle: Type.String() }),
  'video.uploaded': Type.Object({ videoId: Id, channelId: Id, size: Type.Integer({ minimum: 0 }) }),
  'video.progress': Type.Object({ videoId: Id, stage: TranscodeStage, percent: Percent }),
  /** Renditions became playable while the rest of the ladder is still processing (the video stays `processing`). */
  'video.renditions': Type.Object({ videoId: Id, channelId: Id, renditions: Type.Array(Type.String()) }),
  'video.ready': Type.Object({
    videoId: Id,
    channelId: Id,
    channelHandle: Type.String(),
    title: Type.String(),
    /** Who may watch it: only a `public` video is announced to the channel's followers. */
    visibility: VisibilitySchema,
    duration: Type.Number({ minimum: 0 }),
    renditions: Type.Array(Type.String()),
  }),
  'video.failed': Type.Object({ videoId: Id, channelId: Id, reason: Type.String() }),
  'video.deleted': Type.Object({ videoId: Id, channelId: Id }),
  'stream.started': Type.Object({
    sessionId: Id,
    channelId: Id,
    channelHandle: Type.String(),
    title: Type.String(),
    startedAt: Type.String({ format: 'date-time' }),
  }),
  'stream.ended': Type.Object({
    sessionId: Id,
    channelId: Id,
    channelHandle: Type.String(),
    title: Type.String(),
    startedAt: Type.String({ format: 'date-time' }),
    endedAt: Type.String({ format: 'date-time' }),
    reason: Type.Enum(streamEndReasons),
    peakViewers: Type.Integer({ minimum: 0 }),
  }),
  /**
   * A stream ended with a recording: the video `videoId` (chosen by the live module, kept as the session's
   * `replayVideoId`) is to be made of it. `renditions` in the compact form: video highest first, then the audio.
   */
  'stream.recorded': Type.Object({
    sessionId: Id,
    channelId: Id,
    channelHandle: Type.String(),
    title: Type.String(),
    videoId: Id,
    /** Seconds recorded (the top video rendition's segments). */
    duration: Type.Number({ minimum: 0 }),
    /** Storage prefix of the recording, ending in `/` (`live/<session id>/`). */
    recordingPrefix: Type.String({ pattern: '/$' }),
    renditions: Type.Array(RecordedRendition, { minItems: 1, maxItems: 16 }),
  }),
  /**
   * Messages a room took in one flush of the chat module's writer (at most a second): counted, not copied, so
   * chat traffic is not event traffic. `from`/`to`: when the first and last of them were sent.
   */
  'chat.messages': Type.Object({
    channelId: Id,
    channelHandle: Type.String(),
    count: Type.Integer({ minimum: 1 }),
    chatters: Type.Integer({ minimum: 1 }),
    from: Type.String({ format: 'date-time' }),
    to: Type.String({ format: 'date-time' }),
  }),
  /** A chat message named a user with `@handle` (never the sender). */
  'chat.mention': Type.Object({
    channelId: Id,
    channelHandle: Type.String(),
    messageId: Type.String(),
    fromUserId: Id,
    fromHandle: Type.String(),
    mentionedUserId: Id,
    mentionedHandle: Type.String(),
    /** The message, cut to 140 characters. */
    excerpt: Type.String(),
    sentAt: Type.String({ format: 'date-time' }),
  }),
  /**
   * Views the analytics module counted since its previous flush (a view: 10 s played, once per viewer per hour),
   * per video; the video module adds them to each video's `views`.
   */
  'analytics.views': Type.Object({
    videos: Type.Array(Type.Object({ videoId: Id, views: Type.Integer({ minimum: 1 }) }), {
      minItems: 1,
      maxItems: 1000,
    }),
  }),
  'transcode.progress': Type.Object({ videoId: Id, stage: TranscodeStage, percent: Percent }),
  /**
   * The lowest renditions (with the audio, the pictures and manifests listing them) are stored and playable, while
   * the rest of the ladder is encoded. Not sent when the ladder takes one run. A retried job sends it again.
   */
  'transcode.renditions': TranscodeResult,
  /** Every rendition is stored, and the manifests list them all. */
  'transcode.completed': TranscodeResult,
  /** `retryable: false` for input that can never work (not a video, corrupt); the video shows `failed`. */
  'transcode.failed': Type.Object({ videoId: Id, reason: Type.String(), retryable: Type.Boolean() }),
};

export type EventType = keyof typeof eventSchemas;
export type EventPayloads = { [T in EventType]: Static<(typeof eventSchemas)[T]> };

/** Every job queue and the schema of its jobs; a table keyed by `JobName` must handle each. */
export const jobSchemas = {
  /** Validate an uploaded original and transcode it to the ABR ladder (run by the transcoder module). */
  transcode: TranscodeJob,
  /** Remux a live stream's recording into a video, copying its streams (run by the transcoder module). */
  remux: RemuxJob,
  /** Store one batch of a channel's followers' notifications (run by the notification module). */
  'notification.fanout': NotificationFanoutJob,
  /** E-mail one notification to some of its readers (run by the notification module). */
  'notification.email': NotificationDeliveryJob,
  /** Web-push one notification to the browsers of some of its readers (run by the notification module). */
  'notification.push': NotificationDeliveryJob,
};

export type JobName = keyof typeof jobSchemas;
export type JobPayloads = { [Q in JobName]: Static<(typeof jobSchemas)[Q]> };

export const isEventType = (type: string): type is EventType => Object.hasOwn(eventSchemas, type);
export const isJobName = (name: string): name is JobName => Object.hasOwn(jobSchemas, name);
