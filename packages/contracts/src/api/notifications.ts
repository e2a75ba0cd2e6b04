import Type, { type Static } from 'typebox';

/** API shapes of the notification module (`/api/notifications`). */

/** What a notification is about: a followed channel went live or published a video, a new follower, a mention. */
export const notificationKinds = ['live', 'video', 'follow', 'mention'] as const;
export type NotificationKind = (typeof notificationKinds)[number];
export const NotificationKindSchema = Type.Enum(notificationKinds);

/** How a notification reaches its reader. In-app is the bell; email and push are sent as well. */
export const deliveryChannels = ['inApp', 'email', 'push'] as const;
export type DeliveryChannel = (typeof deliveryChannels)[number];

/**
 * What a follower hears of one channel (the bell of Twitch and YouTube): everything, only when it goes live, or
 * nothing. A channel without a setting is `all`.
 */
export const bellLevels = ['all', 'live', 'none'] as const;
export type BellLevel = (typeof bellLevels)[number];
export const BellLevelSchema = Type.Enum(bellLevels);

const Uuid = Type.String({ format: 'uuid' });
const Time = Type.String({ format: 'date-time' });
const ChannelRef = Type.Object({ id: Type.String(), handle: Type.String() });

/**
 * One notification. `channel` is the channel it is about: the one that went live or published the video, the new
 * follower's, or the one whose chat named the reader. Exactly the member of its kind is set; the others are null.
 */
export const NotificationItem = Type.Object({
  id: Uuid,
  kind: NotificationKindSchema,
  createdAt: Time,
  /** When the reader marked it read; null while unread. */
  readAt: Type.Union([Time, Type.Null()]),
  channel: ChannelRef,
  /** `live`: the stream that began. */
  stream: Type.Union([Type.Object({ sessionId: Type.String(), title: Type.String() }), Type.Null()]),
  /** `video`: the video published. */
  video: Type.Union([Type.Object({ id: Type.String(), title: Type.String() }), Type.Null()]),
  /** `mention`: the message and who sent it. */
  mention: Type.Union([
    Type.Object({ messageId: Type.String(), excerpt: Type.String(), from: ChannelRef }),
    Type.Null(),
  ]),
});
export type NotificationItem = Static<typeof NotificationItem>;

/** A page of the reader's notifications, newest first, with how many of all of them are unread. */
export const NotificationPage = Type.Object({
  items: Type.Array(NotificationItem),
  unreadCount: Type.Integer({ minimum: 0 }),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});
export type NotificationPage = Static<typeof NotificationPage>;

export const NOTIFICATIONS_READ_MAX_IDS = 100;

/** Marks some notifications read (`ids`, the reader's own; others are ignored) or all of them. */
export const MarkNotificationsRead = Type.Union([
  Type.Object(
    { ids: Type.Array(Uuid, { minItems: 1, maxItems: NOTIFICATIONS_READ_MAX_IDS }) },
    { additionalProperties: false },
  ),
  Type.Object({ all: Type.Literal(true) }, { additionalProperties: false }),
]);
export type MarkNotificationsRead = Static<typeof MarkNotificationsRead>;

export const NotificationsReadResult = Type.Object({ unreadCount: Type.Integer({ minimum: 0 }) });
export type NotificationsReadResult = Static<typeof NotificationsReadResult>;

/** Whether one kind of notification is delivered on each channel. */
export const Delivery = Type.Object({ inApp: Type.Boolean(), email: Type.Boolean(), push: Type.Boolean() });
export type Delivery = Static<typeof Delivery>;

const DeliveryPatch = Type.Object(
  { inApp: Type.Optional(Type.Boolean()), email: Type.Optional(Type.Boolean()), push: Type.Optional(Type.Boolean()) },
  { additionalProperties: false },
);

/** The reader's preferences: per kind and delivery channel, and the bell of each channel they follow. */
export const NotificationPreferences = Type.Object({
  types: Type.Object({ live: Delivery, video: Delivery, follow: Delivery, mention: Delivery }),
  /** Every channel the reader follows, by handle, with its bell. */
  channels: Type.Array(Type.Object({ channel: ChannelRef, level: BellLevelSchema })),
});
export type NotificationPreferences = Static<typeof NotificationPreferences>;

export const NOTIFICATION_BELLS_MAX_PER_UPDATE = 100;

/** Changes some preferences; what is not named stays as it is. */
export const NotificationPreferencesUpdate = Type.Object(
  {
    types: Type.Optional(
      Type.Object(
        {
          live: Type.Optional(DeliveryPatch),
          video: Type.Optional(DeliveryPatch),
          follow: Type.Optional(DeliveryPatch),
          mention: Type.Optional(DeliveryPatch),
        },
        { additionalProperties: false },
      ),
    ),
    channels: Type.Optional(
      Type.Array(Type.Object({ channelId: Uuid, level: BellLevelSchema }, { additionalProperties: false }), {
        maxItems: NOTIFICATION_BELLS_MAX_PER_UPDATE,
      }),
    ),
  },
  { additionalProperties: false },
);
export type NotificationPreferencesUpdate = Static<typeof NotificationPreferencesUpdate>;

/** The server's VAPID public key, for `PushManager.subscribe({applicationServerKey})` (base64url). */
export const PushKey = Type.Object({ publicKey: Type.String() });
export type PushKey = Static<typeof PushKey>;

const Base64Url = (min: number, max: number) =>
  Type.String({ minLength: min, maxLength: max, pattern: '^[A-Za-z0-9_-]+=*$' });
const PushEndpoint = Type.String({ minLength: 12, maxLength: 2048, pattern: '^https://' });

/** A browser's push subscription, as `PushSubscription.toJSON()` gives it (`expirationTime` is ignored). */
export const PushSubscriptionBody = Type.Object(
  {
    endpoint: PushEndpoint,
    expirationTime: Type.Optional(Type.Union([Type.Number(), Type.Null()])),
    keys: Type.Object({ p256dh: Base64Url(80, 100), auth: Base64Url(16, 32) }, { additionalProperties: false }),
  },
  { additionalProperties: false },
);
export type PushSubscriptionBody = Static<typeof PushSubscriptionBody>;

export const PushUnsubscribeBody = Type.Object({ endpoint: PushEndpoint }, { additionalProperties: false });
export type PushUnsubscribeBody = Static<typeof PushUnsubscribeBody>;

/** What a web push carries (encrypted for the browser), for the service worker to show. */
export const PushPayload = Type.Object({
  kind: NotificationKindSchema,
  title: Type.String(),
  body: Type.String(),
  /** The page the notification opens. */
  url: Type.String(),
  /** Notifications with the same tag replace each other on the device. */
  tag: Type.String(),
});
export type PushPayload = Static<typeof PushPayload>;
