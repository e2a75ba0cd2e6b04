import type { BellLevel, NoticeMessage, NotificationKind } from '@framecast/contracts';
import { type ColumnType, type Kysely, type Selectable, sql, type Transaction } from 'kysely';

/** Accounts as the notification module knows them, from `user.registered` and `user.deleted`. */
export interface AccountTable {
  user_id: string;
  handle: string;
  email: string;
}

/** From `user.followed` / `user.unfollowed`: who hears of a channel's streams and videos. */
export interface FollowTable {
  channel_id: string;
  follower_id: string;
  followed_at: Date;
}

/** What one notification is about, beside its channel (the member of its kind, as the API shows it). */
export interface NotificationSubject {
  stream?: { sessionId: string; title: string };
  video?: { id: string; title: string };
  mention?: { messageId: string; excerpt: string; from: { id: string; handle: string } };
}

export interface NotificationTable {
  id: ColumnType<string, string | undefined, never>;
  user_id: string;
  kind: NotificationKind;
  /** The event it tells of: each reader is told of an event once (unique with `user_id`). */
  event_id: string;
  channel_id: string;
  channel_handle: string;
  subject: ColumnType<NotificationSubject, string, string>;
  created_at: Date;
  read_at: Date | null;
}

/** A reader's choice for one kind; a kind without a row has the defaults (`defaultDelivery`). */
export interface TypePreferenceTable {
  user_id: string;
  kind: NotificationKind;
  in_app: boolean;
  email: boolean;
  push: boolean;
}

/** A follower's bell for one channel; a channel without a row is `all`. */
export interface BellTable {
  user_id: string;
  channel_id: string;
  level: BellLevel;
}

/** Values every instance shares (`unsubscribe_secret`, the VAPID keys). */
export interface SettingTable {
  key: string;
  value: string;
}

/** A reader e-mailed about an event, or that event put in their next digest (`digested`). */
export interface MailTable {
  event_id: string;
  user_id: string;
  channel_id: string;
  digested: boolean;
  at: Date;
}

/** A notification waiting for its reader's next digest. */
export interface DigestItemTable {
  user_id: string;
  event_id: string;
  notice: ColumnType<NoticeMessage, string, string>;
  at: Date;
}

/** A browser that asked for web push (`PushSubscription`), of one account. */
export interface PushSubscriptionTable {
  endpoint: string;
  user_id: string;
  p256dh: string;
  auth: string;
  created_at: Date;
}

/** A browser pushed to about an event. */
export interface PushTable {
  event_id: string;
  endpoint: string;
  at: Date;
}

export interface NotificationTables {
  push_subscriptions: PushSubscriptionTable;
  pushes: PushTable;
  settings: SettingTable;
  mails: MailTable;
  digest_items: DigestItemTable;
  accounts: AccountTable;
  follows: FollowTable;
  notifications: NotificationTable;
  type_preferences: TypePreferenceTable;
  bells: BellTable;
}

export type NotificationRow = Selectable<NotificationTable>;

export const NOTIFY_SCHEMA = 'notify';

/** Scopes a runtime executor (typed `any`) to this module's tables. */
export function scoped(db: Kysely<any> | Transaction<any>): Kysely<NotificationTables> {
  return (db as Kysely<NotificationTables>).withSchema(NOTIFY_SCHEMA);
}

/** A JSONB value for inserts and updates (both drivers take JSON text the same way). */
export function jsonb(value: unknown) {
  return sql<string>`${JSON.stringify(value)}::jsonb`;
}
