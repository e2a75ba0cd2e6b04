import type { PushSubscriptionBody } from '@framecast/contracts';
import type { Kysely } from 'kysely';
import type { NotificationTables } from '../notification.tables.js';

/** Queries of `push_subscriptions` and `pushes`; no business rules. */
export const pushStore = {
  /** Keeps a browser's subscription for the account; a browser that moved to another account follows it. */
  async subscribe(db: Kysely<NotificationTables>, userId: string, body: PushSubscriptionBody, at: Date) {
    const row = { user_id: userId, p256dh: body.keys.p256dh, auth: body.keys.auth };
    await db
      .insertInto('push_subscriptions')
      .values({ endpoint: body.endpoint, created_at: at, ...row })
      .onConflict((c) => c.column('endpoint').doUpdateSet(row))
      .execute();
  },

  async unsubscribe(db: Kysely<NotificationTables>, userId: string, endpoint: string) {
    await db.deleteFrom('push_subscriptions').where('endpoint', '=', endpoint).where('user_id', '=', userId).execute();
  },

  /** A subscription the push service says is gone (404, 410). */
  async forget(db: Kysely<NotificationTables>, endpoint: string) {
    await db.deleteFrom('push_subscriptions').where('endpoint', '=', endpoint).execute();
  },

  /** The browsers of `userIds` not yet pushed to about the event. */
  async due(db: Kysely<NotificationTables>, eventId: string, userIds: readonly string[]) {
    if (userIds.length === 0) return [];
    return db
      .selectFrom('push_subscriptions as s')
      .leftJoin('pushes as p', (j) => j.onRef('p.endpoint', '=', 's.endpoint').on('p.event_id', '=', eventId))
      .select(['s.endpoint', 's.user_id', 's.p256dh', 's.auth'])
      .where('s.user_id', 'in', userIds)
      .where('p.endpoint', 'is', null)
      .execute();
  },

  async pushed(db: Kysely<NotificationTables>, eventId: string, endpoint: string, at: Date) {
    await db
      .insertInto('pushes')
      .values({ event_id: eventId, endpoint, at })
      .onConflict((c) => c.columns(['event_id', 'endpoint']).doNothing())
      .execute();
  },
};
