import type { Keyset, KeysetSort } from '@framecast/kit';
import type { Kysely } from 'kysely';
import type { AccountRow, UserTables } from '../user.tables.js';

/** Channel directory and follows. Follower counters change in the same transaction as the follows rows. */
export const channelStore = {
  /** One page in `sort` order, after `cursor`; asks for one extra row to know whether another page exists. */
  page(db: Kysely<UserTables>, opts: { sort: KeysetSort; limit: number; cursor?: Keyset }): Promise<AccountRow[]> {
    const { sort, limit, cursor } = opts;
    let query = db.selectFrom('accounts').selectAll();
    if (sort === 'new') {
      if (cursor?.sort === 'new') {
        query = query.where((eb) => eb(eb.refTuple('created_at', 'id'), '<', eb.tuple(cursor.key, cursor.id)));
      }
      query = query.orderBy('created_at', 'desc').orderBy('id', 'desc');
    } else {
      if (cursor?.sort === 'popular') {
        query = query.where((eb) => eb(eb.refTuple('follower_count', 'id'), '<', eb.tuple(cursor.key, cursor.id)));
      }
      query = query.orderBy('follower_count', 'desc').orderBy('id', 'desc');
    }
    return query.limit(limit + 1).execute();
  },

  /** The accounts of those of `handles` (normalised) that exist, in no order. */
  byHandles(db: Kysely<UserTables>, handles: readonly string[]): Promise<AccountRow[]> {
    if (handles.length === 0) return Promise.resolve([]);
    return db.selectFrom('accounts').selectAll().where('handle', 'in', handles).execute();
  },

  /** Which of `channelIds` the follower follows. */
  async followed(db: Kysely<UserTables>, followerId: string, channelIds: string[]): Promise<Set<string>> {
    if (channelIds.length === 0) return new Set();
    const rows = await db
      .selectFrom('follows')
      .select('channel_id')
      .where('follower_id', '=', followerId)
      .where('channel_id', 'in', channelIds)
      .execute();
    return new Set(rows.map((r) => r.channel_id));
  },

  /** Adds the follow; false when it already existed (nothing changes then). */
  async follow(db: Kysely<UserTables>, followerId: string, channelId: string, now: Date): Promise<boolean> {
    const inserted = await db
      .insertInto('follows')
      .values({ follower_id: followerId, channel_id: channelId, created_at: now })
      .onConflict((oc) => oc.columns(['follower_id', 'channel_id']).doNothing())
      .returning('channel_id')
      .executeTakeFirst();
    if (!inserted) return false;
    await bump(db, followerId, channelId, 1);
    return true;
  },

  /** Removes the follow; false when there was none. */
  async unfollow(db: Kysely<UserTables>, followerId: string, channelId: string): Promise<boolean> {
    const deleted = await db
      .deleteFrom('follows')
      .where('follower_id', '=', followerId)
      .where('channel_id', '=', channelId)
      .returning('channel_id')
      .executeTakeFirst();
    if (!deleted) return false;
    await bump(db, followerId, channelId, -1);
    return true;
  },

  async followerCount(db: Kysely<UserTables>, channelId: string): Promise<number> {
    const row = await db
      .selectFrom('accounts')
      .select('follower_count')
      .where('id', '=', channelId)
      .executeTakeFirstOrThrow();
    return row.follower_count;
  },
};

/** Moves both counters; rows are updated in id order so that A-follows-B and B-follows-A cannot deadlock. */
async function bump(db: Kysely<UserTables>, followerId: string, channelId: string, by: 1 | -1) {
  const updates = [
    { id: channelId, column: 'follower_count' as const },
    { id: followerId, column: 'following_count' as const },
  ].sort((a, b) => (a.id < b.id ? -1 : 1));
  for (const { id, column } of updates) {
    await db
      .updateTable('accounts')
      .set((eb) => ({ [column]: eb(column, '+', by) }))
      .where('id', '=', id)
      .execute();
  }
}
