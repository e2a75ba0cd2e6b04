import type { BellLevel, NotificationKind } from '@framecast/contracts';
import type { Kysely } from 'kysely';
import type { NotificationTables } from '../notification.tables.js';
import { deliveriesOf, type KindDeliveries } from './preferences.plan.js';

/** Queries of `type_preferences` and `bells`; no business rules. */
export const preferenceStore = {
  async deliveries(db: Kysely<NotificationTables>, userId: string): Promise<KindDeliveries> {
    const rows = await db.selectFrom('type_preferences').selectAll().where('user_id', '=', userId).execute();
    return deliveriesOf(rows.map((r) => ({ kind: r.kind, inApp: r.in_app, email: r.email, push: r.push })));
  },

  async setDelivery(
    db: Kysely<NotificationTables>,
    userId: string,
    kind: NotificationKind,
    d: { inApp: boolean; email: boolean; push: boolean },
  ) {
    const row = { user_id: userId, kind, in_app: d.inApp, email: d.email, push: d.push };
    await db
      .insertInto('type_preferences')
      .values(row)
      .onConflict((c) => c.columns(['user_id', 'kind']).doUpdateSet({ in_app: d.inApp, email: d.email, push: d.push }))
      .execute();
  },

  /** Every channel the reader follows that the module knows by handle, with its bell (`all` without a row). */
  bells(db: Kysely<NotificationTables>, userId: string) {
    return db
      .selectFrom('follows as f')
      .innerJoin('accounts as a', 'a.user_id', 'f.channel_id')
      .leftJoin('bells as b', (j) => j.onRef('b.channel_id', '=', 'f.channel_id').on('b.user_id', '=', userId))
      .select(['f.channel_id', 'a.handle', 'b.level'])
      .where('f.follower_id', '=', userId)
      .orderBy('a.handle')
      .execute();
  },

  async setBell(db: Kysely<NotificationTables>, userId: string, channelId: string, level: BellLevel) {
    await db
      .insertInto('bells')
      .values({ user_id: userId, channel_id: channelId, level })
      .onConflict((c) => c.columns(['user_id', 'channel_id']).doUpdateSet({ level }))
      .execute();
  },
};
