import { type Kysely, sql } from 'kysely';
import type { NotificationTables } from '../notification.tables.js';

/** Queries of `accounts` and `follows`; no business rules. */
export const accountStore = {
  async upsert(db: Kysely<NotificationTables>, row: { user_id: string; handle: string; email: string }) {
    await db
      .insertInto('accounts')
      .values(row)
      .onConflict((c) => c.column('user_id').doUpdateSet({ handle: row.handle, email: row.email }))
      .execute();
  },

  byIds(db: Kysely<NotificationTables>, ids: readonly string[]) {
    if (ids.length === 0) return Promise.resolve([]);
    return db.selectFrom('accounts').selectAll().where('user_id', 'in', ids).execute();
  },

  /** The account and everything kept of it: its follows both ways, its notifications, those about it, its choices. */
  async remove(db: Kysely<NotificationTables>, userId: string): Promise<void> {
    await db.deleteFrom('accounts').where('user_id', '=', userId).execute();
    await db
      .deleteFrom('follows')
      .where((eb) => eb.or([eb('channel_id', '=', userId), eb('follower_id', '=', userId)]))
      .execute();
    await db
      .deleteFrom('notifications')
      .where((eb) =>
        eb.or([
          eb('user_id', '=', userId),
          eb('channel_id', '=', userId),
          eb(sql<string>`subject->'mention'->'from'->>'id'`, '=', userId),
        ]),
      )
      .execute();
    await db
      .deleteFrom('bells')
      .where((eb) => eb.or([eb('user_id', '=', userId), eb('channel_id', '=', userId)]))
      .execute();
    await db.deleteFrom('type_preferences').where('user_id', '=', userId).execute();
    await db.deleteFrom('push_subscriptions').where('user_id', '=', userId).execute();
  },

  async follow(db: Kysely<NotificationTables>, channelId: string, followerId: string, at: Date): Promise<void> {
    await db
      .insertInto('follows')
      .values({ channel_id: channelId, follower_id: followerId, followed_at: at })
      .onConflict((c) => c.columns(['channel_id', 'follower_id']).doNothing())
      .execute();
  },

  async unfollow(db: Kysely<NotificationTables>, channelId: string, followerId: string): Promise<void> {
    await db.deleteFrom('follows').where('channel_id', '=', channelId).where('follower_id', '=', followerId).execute();
  },
};
