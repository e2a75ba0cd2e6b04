import type { ChatBadge, ChatModerationAction, ChatSettings } from '@framecast/contracts';
import { type ColumnType, type Kysely, type Selectable, sql, type Transaction } from 'kysely';

/** Accounts as chat knows them, from `user.registered` and `user.deleted`: a channel is its owner's account. */
export interface AccountTable {
  user_id: string;
  handle: string;
  /** The display name the account last chatted with (its handle until then). */
  display_name: string;
}

/** From `user.followed` / `user.unfollowed`: followers-only mode reads it. */
export interface FollowTable {
  channel_id: string;
  follower_id: string;
  followed_at: Date;
}

/** A room's modes; a room without a row has the defaults. */
export interface RoomTable {
  channel_id: string;
  settings: ColumnType<ChatSettings, string, string>;
  updated_at: Date;
}

/** Granted roles: moderator or VIP (the broadcaster is the channel's owner). */
export interface RoleTable {
  channel_id: string;
  user_id: string;
  role: 'moderator' | 'vip';
  granted_at: Date;
}

export interface BanTable {
  channel_id: string;
  user_id: string;
  reason: string;
  /** Null: permanent; otherwise a timeout that ends then. */
  until: Date | null;
  banned_by: string;
  created_at: Date;
}

export interface BlockedTermTable {
  id: string;
  channel_id: string;
  term: string;
  created_at: Date;
}

export interface ModerationLogTable {
  id: string;
  channel_id: string;
  at: Date;
  action: ChatModerationAction;
  moderator: string;
  target: string | null;
  details: ColumnType<Record<string, unknown>, string, string>;
}

/** Messages, written in batches. Ids are the room's journal numbers (bigint). */
export interface MessageTable {
  channel_id: string;
  id: ColumnType<string, string, never>;
  user_id: string;
  handle: string;
  display_name: string;
  badges: ColumnType<ChatBadge[], string, never>;
  text: string;
  sent_at: Date;
}

/** A deleted message: kept apart, so a deletion can be written before the message's own batch lands. */
export interface DeletionTable {
  channel_id: string;
  message_id: ColumnType<string, string, never>;
  deleted_at: Date;
}

/** Messages up to `up_to` of one user (or of everyone, `user_id` null) were cleared. */
export interface ClearTable {
  channel_id: string;
  user_id: string | null;
  up_to: ColumnType<string, string, never>;
  at: Date;
}

export interface ChatTables {
  accounts: AccountTable;
  follows: FollowTable;
  rooms: RoomTable;
  roles: RoleTable;
  bans: BanTable;
  blocked_terms: BlockedTermTable;
  moderation_log: ModerationLogTable;
  messages: MessageTable;
  deletions: DeletionTable;
  clears: ClearTable;
}

export type AccountRow = Selectable<AccountTable>;
export type BanRow = Selectable<BanTable>;
export type MessageRow = Selectable<MessageTable>;

export const CHAT_SCHEMA = 'chat';

/** Scopes a runtime executor (typed `any`) to this module's tables. */
export function scoped(db: Kysely<any> | Transaction<any>): Kysely<ChatTables> {
  return (db as Kysely<ChatTables>).withSchema(CHAT_SCHEMA);
}

/** A JSONB value for inserts and updates (both drivers take JSON text the same way). */
export function jsonb(value: unknown) {
  return sql<string>`${JSON.stringify(value)}::jsonb`;
}
