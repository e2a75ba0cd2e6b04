import type { Kysely } from 'kysely';
import type { AccountRow, ChatTables } from '../chat.tables.js';

/** Queries of `accounts` and `follows`; no business rules. */
export const accountStore = {
  byHandle(db: Kysely<ChatTables>, handle: string): Promise<AccountRow | undefined> {
    return db.selectFrom('accounts').selectAll().where('handle', '=', handle.toLowerCase()).executeTakeFirst();
  },

  async byHandles(db: Kysely<ChatTables>, handles: readonly string[]): Promise<AccountRow[]> {
    if (handles.length === 0) return [];
    return db.selectFrom('accounts').selectAll().where('handle', 'in', handles).execute();
  },

  async byIds(db: Kysely<ChatTables>, ids: readonly string[]): Promise<AccountRow[]> {
    if (ids.length === 0) return [];
    return db.selectFrom('accounts').selectAll().where('user_id', 'in', ids).execute();
  },

  async upsert(db: Kysely<ChatTables>, row: AccountRow): Promise<void> {
    await db
      .insertInto('accounts')
      .values(row)
      .onConflict((c) => c.column('user_id').doUpdateSet({ handle: row.handle }))
      .execute();
  },

  async rename(db: Kysely<ChatTables>, userId: string, displayName: string): Promise<void> {
    await db.updateTable('accounts').set({ display_name: displayName }).where('user_id', '=', userId).execute();
  },

  /** The account and everything chat keeps of it: its room's data, its roles, bans and follows elsewhere. */
  async remove(db: Kysely<ChatTables>, userId: string): Promise<void> {
    await db.deleteFrom('accounts').where('user_id', '=', userId).execute();
    for (const table of ['rooms', 'blocked_terms', 'moderation_log', 'deletions', 'clears'] as const) {
      await db.deleteFrom(table).where('channel_id', '=', userId).execute();
    }
    await db
      .deleteFrom('messages')
      .where((eb) => eb.or([eb('channel_id', '=', userId), eb('user_id', '=', userId)]))
      .execute();
    await db
      .deleteFrom('roles')
      .where((eb) => eb.or([eb('channel_id', '=', userId), eb('user_id', '=', userId)]))
      .execute();
    await db
      .deleteFrom('bans')
      .where((eb) => eb.or([eb('channel_id', '=', userId), eb('user_id', '=', userId)]))
      .execute();
    await db
      .deleteFrom('follows')
      .where((eb) => eb.or([eb('channel_id', '=', userId), eb('follower_id', '=', userId)]))
      .execute();
  },

  async follow(db: Kysely<ChatTables>, channelId: string, followerId: string, at: Date): Promise<void> {
    await db
      .insertInto('follows')
      .values({ channel_id: channelId, follower_id: followerId, followed_at: at })
      .onConflict((c) => c.columns(['channel_id', 'follower_id']).doNothing())
      .execute();
  },

  async unfollow(db: Kysely<ChatTables>, channelId: string, followerId: string): Promise<void> {
    await db.deleteFrom('follows').where('channel_id', '=', channelId).where('follower_id', '=', followerId).execute();
  },

  async followedAt(db: Kysely<ChatTables>, channelId: string, followerId: string): Promise<Date | null> {
    const row = await db
      .selectFrom('follows')
      .select('followed_at')
      .where('channel_id', '=', channelId)
      .where('follower_id', '=', followerId)
      .executeTakeFirst();
    return row?.followed_at ?? null;
  },
};
