import Type, { type Static, type TSchema } from 'typebox';
import {
  CHAT_DELAY_MAX_SECONDS,
  CHAT_FOLLOW_AGE_MAX_MINUTES,
  CHAT_NONCE_MAX_LENGTH,
  CHAT_SLOW_MODE_MAX_SECONDS,
  CHAT_SLOW_MODE_MIN_SECONDS,
  CHAT_TEXT_FRAME_MAX_LENGTH,
} from './rules/chat.rules.js';

/**
 * The chat protocol of `/api/chat/:handle/ws`: JSON text frames over one WebSocket per room. docs/api.md describes
 * the conversation; these are its frames.
 */

export const chatSocketPath = (handle: string) => `/api/chat/${encodeURIComponent(handle)}/ws`;

/** What a user is in one channel's chat. The broadcaster is the channel's owner; the others are granted. */
export const chatRoles = ['broadcaster', 'moderator', 'vip', 'viewer'] as const;
export type ChatRole = (typeof chatRoles)[number];

/** Badges shown beside a name: the chat role, and `staff` for the platform's administrators. */
export const chatBadges = ['broadcaster', 'moderator', 'vip', 'staff'] as const;
export type ChatBadge = (typeof chatBadges)[number];

/**
 * A message id: decimal digits, ordered within a room (compare them as numbers; while they have the same length,
 * as strings too). Ids are not contiguous: other entries of the room's log (deletions, settings) take numbers too.
 */
export const ChatMessageId = Type.String({ pattern: '^[0-9]{1,20}$' });

export const ChatUser = Type.Object({
  handle: Type.String(),
  displayName: Type.String(),
  badges: Type.Array(Type.Enum(chatBadges)),
});
export type ChatUser = Static<typeof ChatUser>;

/** A room's modes, as every client sees them. */
export const ChatSettings = Type.Object({
  /** Seconds a viewer waits between messages; 0 is off. */
  slowModeSeconds: Type.Integer({ minimum: 0, maximum: CHAT_SLOW_MODE_MAX_SECONDS }),
  /** Followers only, followed at least this many minutes ago; null is off (0: any follower). */
  followersOnlyMinutes: Type.Union([Type.Integer({ minimum: 0, maximum: CHAT_FOLLOW_AGE_MAX_MINUTES }), Type.Null()]),
  /** Only emoji. */
  emoteOnly: Type.Boolean(),
  /** A message the room saw in the last 30 seconds cannot be sent again (case, spacing and punctuation aside). */
  uniqueChat: Type.Boolean(),
  /** Seconds by which viewers see messages later than moderators do (against stream sniping); 0 is off. */
  delaySeconds: Type.Integer({ minimum: 0, maximum: CHAT_DELAY_MAX_SECONDS }),
  /** Whether links in messages are shown as links; otherwise they are plain text. */
  linksAllowed: Type.Boolean(),
});
export type ChatSettings = Static<typeof ChatSettings>;

export const defaultChatSettings: ChatSettings = {
  slowModeSeconds: 0,
  followersOnlyMinutes: null,
  emoteOnly: false,
  uniqueChat: false,
  delaySeconds: 0,
  linksAllowed: false,
};

/** `PATCH /api/chat/:handle/settings`: any of the settings. */
export const ChatSettingsPatch = Type.Partial(
  Type.Object({
    ...ChatSettings.properties,
    slowModeSeconds: Type.Union([
      Type.Literal(0),
      Type.Integer({ minimum: CHAT_SLOW_MODE_MIN_SECONDS, maximum: CHAT_SLOW_MODE_MAX_SECONDS }),
    ]),
  }),
  { additionalProperties: false, minProperties: 1 },
);
export type ChatSettingsPatch = Static<typeof ChatSettingsPatch>;

const frame = <T extends string, P extends Record<string, TSchema>>(type: T, properties: P) =>
  Type.Object({ type: Type.Literal(type), ...properties }, { additionalProperties: false });

/** Client → server. */
export const ChatClientFrame = Type.Union([
  /** Who the socket speaks for; anonymous sockets read only. Send it first, and again after a refresh; null signs out. */
  frame('auth', { token: Type.Union([Type.String({ minLength: 1, maxLength: 4096 }), Type.Null()]) }),
  /** A message. `nonce` is the client's own id for it, echoed in the `message` (or `error`) it causes. */
  frame('send', {
    text: Type.String({ maxLength: CHAT_TEXT_FRAME_MAX_LENGTH }),
    nonce: Type.Optional(Type.String({ minLength: 1, maxLength: CHAT_NONCE_MAX_LENGTH })),
  }),
  frame('ping', {}),
]);
export type ChatClientFrame = Static<typeof ChatClientFrame>;

/** Codes of `error` frames: a refused message, a refused `auth`, or a socket being cut off (then it closes). */
export const chatErrorCodes = [
  'auth_required',
  'invalid_token',
  'token_expired',
  'banned',
  'timed_out',
  'slow_mode',
  'followers_only',
  'emote_only',
  'duplicate_message',
  'rate_limited',
  'too_long',
  'empty_message',
  'invalid_text',
  'blocked_term',
  'bad_frame',
  'unavailable',
] as const;
export type ChatErrorCode = (typeof chatErrorCodes)[number];

const Nonce = Type.Optional(Type.String());

export const ChatMessage = Type.Object({
  type: Type.Literal('message'),
  id: ChatMessageId,
  text: Type.String(),
  user: ChatUser,
  sentAt: Type.String({ format: 'date-time' }),
  nonce: Nonce,
});
export type ChatMessage = Static<typeof ChatMessage>;

/** Server → client. */
export const ChatServerFrame = Type.Union([
  /** First frame: the room, how often the server pings, the limits it holds the client to. */
  frame('welcome', {
    room: Type.String(),
    heartbeatMs: Type.Integer(),
    maxMessageLength: Type.Integer(),
  }),
  /** Answer to `auth`: who the socket speaks for in this room (null: anonymous, read only). */
  frame('authenticated', {
    user: Type.Union([ChatUser, Type.Null()]),
    role: Type.Union([Type.Enum(chatRoles), Type.Null()]),
  }),
  ChatMessage,
  /** A message was deleted: hide it. */
  frame('deleted', { id: ChatMessageId }),
  /** Every message of `userHandle` (a ban, a timeout or a clear), or without it the whole chat, is gone. */
  frame('cleared', { userHandle: Type.Optional(Type.String()) }),
  /** People in the room: open sockets across every instance. */
  frame('presence', { count: Type.Integer({ minimum: 0 }) }),
  Type.Object({ type: Type.Literal('settings'), ...ChatSettings.properties }, { additionalProperties: false }),
  /** What `?since` asked for is no longer kept: drop what is shown; the latest messages follow. */
  frame('reset', {}),
  /** History (or the replay after `?since`) is complete; live messages follow. `lastId`: the newest message so far. */
  frame('ready', { lastId: Type.Union([ChatMessageId, Type.Null()]) }),
  frame('error', {
    code: Type.Enum(chatErrorCodes),
    message: Type.String(),
    /** The `nonce` of the `send` refused. */
    nonce: Nonce,
    /** When sending may work again (slow mode, timeouts, rate limits). */
    retryAfterMs: Type.Optional(Type.Integer({ minimum: 0 })),
  }),
  frame('pong', {}),
]);
export type ChatServerFrame = Static<typeof ChatServerFrame>;

/** Close codes, besides the standard 1001 (server stopping), 1007 (invalid UTF-8) and 1009 (frame too large). */
export const chatCloseCodes = {
  /** Not JSON, a binary frame, or not a frame of the protocol. */
  bad_frame: 4000,
  /** Frames kept coming faster than allowed after the warning. */
  flooding: 4001,
  /** Too many sockets from one address. */
  too_many_connections: 4002,
  /** The socket could not keep up: too much waited unsent. */
  slow_consumer: 4003,
  /** No channel has this handle (or it was deleted). */
  room_not_found: 4004,
  /** The peer did not answer pings. */
  idle: 4008,
} as const;
export type ChatCloseReason = keyof typeof chatCloseCodes;

// REST (`/api/chat/:handle/…`)

export const ChatModerationTarget = Type.Object({
  handle: Type.String(),
  displayName: Type.String(),
});

/** `GET /api/chat/:handle`: the room as the caller sees it. */
export const ChatRoom = Type.Object({
  handle: Type.String(),
  settings: ChatSettings,
  /** The caller's role, null when anonymous. */
  role: Type.Union([Type.Enum(chatRoles), Type.Null()]),
  canModerate: Type.Boolean(),
  /** The caller's ban: null when none; `until` null is permanent. */
  ban: Type.Union([
    Type.Object({ until: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]), reason: Type.String() }),
    Type.Null(),
  ]),
});
export type ChatRoom = Static<typeof ChatRoom>;

export const ChatRoleGrant = Type.Object({
  user: ChatModerationTarget,
  grantedAt: Type.String({ format: 'date-time' }),
});
export type ChatRoleGrant = Static<typeof ChatRoleGrant>;

export const ChatBanBody = Type.Object(
  {
    reason: Type.Optional(Type.String({ maxLength: 500 })),
    /** A timeout of this many seconds; without it the ban is permanent. */
    durationSeconds: Type.Optional(Type.Integer({ minimum: 1, maximum: 14 * 24 * 3600 })),
  },
  { additionalProperties: false },
);
export type ChatBanBody = Static<typeof ChatBanBody>;

export const ChatBan = Type.Object({
  user: ChatModerationTarget,
  reason: Type.String(),
  /** Null: permanent. */
  until: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  bannedBy: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
});
export type ChatBan = Static<typeof ChatBan>;

export const BlockedTerm = Type.Object({
  id: Type.String(),
  term: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
});
export type BlockedTerm = Static<typeof BlockedTerm>;

export const chatModerationActions = [
  'message_deleted',
  'messages_cleared',
  'chat_cleared',
  'banned',
  'timed_out',
  'unbanned',
  'moderator_added',
  'moderator_removed',
  'vip_added',
  'vip_removed',
  'settings_changed',
  'blocked_term_added',
  'blocked_term_removed',
] as const;
export type ChatModerationAction = (typeof chatModerationActions)[number];

export const ChatLogEntry = Type.Object({
  id: Type.String(),
  at: Type.String({ format: 'date-time' }),
  action: Type.Enum(chatModerationActions),
  moderator: Type.String(),
  /** The user acted on, when there is one. */
  target: Type.Union([Type.String(), Type.Null()]),
  /** What was done: the deleted text, the ban's reason and duration, the settings changed, the term. */
  details: Type.Record(Type.String(), Type.Unknown()),
});
export type ChatLogEntry = Static<typeof ChatLogEntry>;
