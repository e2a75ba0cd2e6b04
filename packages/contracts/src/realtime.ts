import Type, { type Static, type TSchema } from 'typebox';
import { IngestStats } from './api/live.js';
import { NotificationItem } from './api/notifications.js';
import { Rendition, VideoStatusSchema } from './api/videos.js';

/**
 * The real-time protocol of `/api/realtime`: JSON text frames over one WebSocket per page, multiplexed by topic.
 * A topic is `<family>:<id>`; each family below says what its messages look like and who may subscribe.
 */

export const REALTIME_PATH = '/api/realtime';

const Id = Type.String({ pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$' });

/** Where a video stands in processing: the whole state each time, so any message replaces what a page shows. */
export const VideoProcessing = Type.Object({
  status: VideoStatusSchema,
  /** 0–100. */
  progress: Type.Integer({ minimum: 0, maximum: 100 }),
  /** What the transcoder is doing; null once it is done (or before it began). */
  stage: Type.Union([Type.Enum(['probing', 'transcoding', 'packaging']), Type.Null()]),
  /** Renditions playable now: they may appear while `status` is still `processing`. */
  renditions: Type.Array(Rendition),
  failureReason: Type.Union([Type.String(), Type.Null()]),
});
export type VideoProcessing = Static<typeof VideoProcessing>;

/** A stream as its viewers see it change: on air or not, the audience, the title. The whole state each time. */
export const StreamUpdate = Type.Object({
  live: Type.Boolean(),
  viewers: Type.Integer({ minimum: 0 }),
  title: Type.String(),
  category: Type.Union([Type.String(), Type.Null()]),
  endedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
export type StreamUpdate = Static<typeof StreamUpdate>;

/** One of a user's videos changed in processing. */
export const VideoNotice = Type.Object({
  kind: Type.Literal('video'),
  videoId: Type.String(),
  video: VideoProcessing,
});
export type VideoNotice = Static<typeof VideoNotice>;

/** The user's stream on air, every few seconds: its audience and how the ingest and transcoder are doing. */
export const StreamNotice = Type.Object({
  kind: Type.Literal('stream'),
  sessionId: Type.String(),
  live: Type.Boolean(),
  viewers: Type.Integer({ minimum: 0 }),
  peakViewers: Type.Integer({ minimum: 0 }),
  ingest: Type.Union([IngestStats, Type.Null()]),
  /** FFmpeg's speed against real time: below 1, the transcoder falls behind the stream. */
  transcodeSpeed: Type.Union([Type.Number({ minimum: 0 }), Type.Null()]),
});
export type StreamNotice = Static<typeof StreamNotice>;

/** A new notification for the user (the bell counts it as unread). */
export const NotificationNotice = Type.Object({
  kind: Type.Literal('notification'),
  notification: NotificationItem,
});
export type NotificationNotice = Static<typeof NotificationNotice>;

/** The user marked notifications read (on any of their pages): how many are still unread. */
export const NotificationsReadNotice = Type.Object({
  kind: Type.Literal('notifications-read'),
  unreadCount: Type.Integer({ minimum: 0 }),
});
export type NotificationsReadNotice = Static<typeof NotificationsReadNotice>;

/**
 * What a signed-in user hears about on their own topic: their videos' processing, their stream's health, their
 * notifications.
 */
export const UserNotice = Type.Union([VideoNotice, StreamNotice, NotificationNotice, NotificationsReadNotice]);
export type UserNotice = Static<typeof UserNotice>;

/**
 * Who may subscribe to a topic of a family:
 * - `{ read }`: whoever may read the resource at that API path (`:id` replaced by the topic's id), answered by the
 *   owning module's own rules with the subscriber's token — one access rule, never a copy;
 * - `self`: the signed-in user whose id the topic names.
 */
export type TopicAccess = { read: `/api/${string}:id${string}` } | 'self';

export interface TopicFamily<M extends TSchema = TSchema> {
  id: TSchema;
  message: M;
  access: TopicAccess;
}

/** Every topic family. A publisher or a subscriber of a family not listed here, or with another payload, does not compile. */
export const topicFamilies = {
  /** A video's processing: progress, stage, renditions as they become playable, ready or failed. */
  video: { id: Id, message: VideoProcessing, access: { read: '/api/videos/:id' } },
  /** Things for one signed-in user (their videos' processing, their stream, their notifications). */
  user: { id: Id, message: UserNotice, access: 'self' },
  /** A live stream: viewers, title, its end. */
  stream: { id: Id, message: StreamUpdate, access: { read: '/api/live/sessions/:id' } },
} satisfies Record<string, TopicFamily>;

export type TopicFamilyName = keyof typeof topicFamilies;
export type Topic = { [F in TopicFamilyName]: `${F}:${string}` }[TopicFamilyName];
export type TopicFamilyOf<T extends Topic> = T extends `${infer F extends TopicFamilyName}:${string}` ? F : never;
/** The payload of a topic's messages. */
export type TopicMessage<T extends Topic> = Static<(typeof topicFamilies)[TopicFamilyOf<T>]['message']>;

/** A topic's family and id, or null when it names no known family or its id has the wrong form. */
export function parseTopic(topic: string): { family: TopicFamilyName; id: string } | null {
  const colon = topic.indexOf(':');
  if (colon < 1) return null;
  const family = topic.slice(0, colon);
  if (!Object.hasOwn(topicFamilies, family)) return null;
  return { family: family as TopicFamilyName, id: topic.slice(colon + 1) };
}

export const TOPIC_MAX_LENGTH = 128;
const TopicName = Type.String({ minLength: 3, maxLength: TOPIC_MAX_LENGTH, pattern: '^[a-z]+:[A-Za-z0-9_-]+$' });

/** Where a subscriber got to: the hub's epoch for the topic and the last sequence number it received. */
export const Position = Type.Object(
  { epoch: Type.String({ minLength: 1, maxLength: 64 }), seq: Type.Integer({ minimum: 0 }) },
  { additionalProperties: false },
);
export type Position = Static<typeof Position>;

const frame = <T extends string, P extends Record<string, TSchema>>(type: T, properties: P) =>
  Type.Object({ type: Type.Literal(type), ...properties }, { additionalProperties: false });

/** Client → server. */
export const ClientFrame = Type.Union([
  /** Who the socket speaks for (browsers cannot set headers on a WebSocket); again after each refresh; null signs out. */
  frame('auth', { token: Type.Union([Type.String({ minLength: 1, maxLength: 4096 }), Type.Null()]) }),
  /** `since`: resume after this position (replayed in order, or `reload` when that is no longer possible). */
  frame('subscribe', { topic: TopicName, since: Type.Optional(Position) }),
  frame('unsubscribe', { topic: TopicName }),
  frame('ping', {}),
]);
export type ClientFrame = Static<typeof ClientFrame>;

/** Error codes of `error` frames. One with a `topic` means that topic's subscription is refused or ended. */
export const realtimeErrorCodes = [
  'invalid_token',
  'token_expired',
  'auth_unavailable',
  'unavailable',
  'unknown_topic',
  'topic_forbidden',
  'too_many_topics',
  'not_subscribed',
] as const;
export type RealtimeErrorCode = (typeof realtimeErrorCodes)[number];

/** Server → client. */
export const ServerFrame = Type.Union([
  /** First frame on a socket: how often the server pings, and the limits it enforces. */
  frame('hello', { heartbeatMs: Type.Integer(), maxTopics: Type.Integer(), maxFrameBytes: Type.Integer() }),
  /** Answer to `auth`: whom the socket now speaks for (null: anonymous). */
  frame('authenticated', { userId: Type.Union([Type.String(), Type.Null()]) }),
  /** Subscribed; the messages that follow come after `seq` (replayed ones first when resuming). */
  frame('subscribed', { topic: Type.String(), epoch: Type.String(), seq: Type.Integer() }),
  /** Subscribed, but what was missed cannot be replayed: refetch the state, then follow from here. */
  frame('reload', { topic: Type.String(), epoch: Type.String(), seq: Type.Integer() }),
  frame('unsubscribed', { topic: Type.String() }),
  frame('message', { topic: Type.String(), seq: Type.Integer(), data: Type.Unknown() }),
  frame('error', {
    code: Type.Enum(realtimeErrorCodes),
    message: Type.String(),
    topic: Type.Optional(Type.String()),
  }),
  frame('pong', {}),
]);
export type ServerFrame = Static<typeof ServerFrame>;

/** Close codes the hub uses, besides the standard 1001 (server stopping) and 1009 (frame too large). */
export const realtimeCloseCodes = {
  /** Not JSON, or not a frame of the protocol. */
  bad_frame: 4000,
  /** More frames per second than allowed. */
  rate_limited: 4001,
  /** Too many sockets from one address. */
  too_many_connections: 4002,
  /** The socket could not keep up: too much waited unsent. */
  slow_consumer: 4003,
} as const;
export type RealtimeCloseReason = keyof typeof realtimeCloseCodes;
