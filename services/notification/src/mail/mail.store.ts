import type { NoticeMessage } from '@framecast/contracts';
import type { Kysely } from 'kysely';
import { jsonb, type NotificationTables } from '../notification.tables.js';

/** Queries of `mails` and `digest_items`; no business rules. */
export const mailStore = {
  /** Those of `userIds` already e-mailed about the event (or given it in a digest). */
  async handled(db: Kysely<NotificationTables>, eventId: string, userIds: readonly string[]): Promise<string[]> {
    if (userIds.length === 0) return [];
    const rows = await db
      .selectFrom('mails')
      .select('user_id')
      .where('event_id', '=', eventId)
      .where('user_id', 'in', userIds)
      .execute();
    return rows.map((r) => r.user_id);
  },

  /** How many e-mails (or digest entries) about the channel each reader got since `since`. */
  async recent(db: Kysely<NotificationTables>, userIds: readonly string[], channelId: string, since: Date) {
    if (userIds.length === 0) return new Map<string, number>();
    const rows = await db
      .selectFrom('mails')
      .select((eb) => ['user_id', eb.fn.countAll<string | number>().as('n')])
      .where('user_id', 'in', userIds)
      .where('channel_id', '=', channelId)
      .where('at', '>', since)
      .groupBy('user_id')
      .execute();
    return new Map(rows.map((r) => [r.user_id, Number(r.n)]));
  },

  async record(
    db: Kysely<NotificationTables>,
    row: { event_id: string; user_id: string; channel_id: string; digested: boolean; at: Date },
  ) {
    await db
      .insertInto('mails')
      .values(row)
      .onConflict((c) => c.columns(['event_id', 'user_id']).doNothing())
      .execute();
  },

  async addToDigest(db: Kysely<NotificationTables>, userId: string, notice: NoticeMessage, at: Date) {
    await db
      .insertInto('digest_items')
      .values({ user_id: userId, event_id: notice.eventId, notice: jsonb(notice), at })
      .onConflict((c) => c.columns(['user_id', 'event_id']).doNothing())
      .execute();
  },

  /** Readers whose first notification waiting for a digest came before `due`, those waiting longest first. */
  async digestReaders(db: Kysely<NotificationTables>, due: Date, limit: number): Promise<string[]> {
    const rows = await db
      .selectFrom('digest_items')
      .select((eb) => ['user_id', eb.fn.min('at').as('first')])
      .groupBy('user_id')
      .having((eb) => eb.fn.min('at'), '<=', due)
      .orderBy('first')
      .limit(limit)
      .execute();
    return rows.map((r) => r.user_id);
  },

  digestOf(db: Kysely<NotificationTables>, userId: string) {
    return db.selectFrom('digest_items').selectAll().where('user_id', '=', userId).orderBy('at', 'desc').execute();
  },

  async clearDigest(db: Kysely<NotificationTables>, userId: string, eventIds: readonly string[]) {
    if (eventIds.length === 0) return;
    await db.deleteFrom('digest_items').where('user_id', '=', userId).where('event_id', 'in', eventIds).execute();
  },
};
