import type { NotificationFanoutJob, NotificationKind } from '@framecast/contracts';
import type { Keyset } from '@framecast/kit';
import { type Kysely, sql } from 'kysely';
import { jsonb, NOTIFY_SCHEMA, type NotificationRow, type NotificationTables } from '../notification.tables.js';
import { bellsHearing, defaultDelivery, type Notice, subjectOf } from './notice.plan.js';

/** Queries of `notifications`; no business rules. */
export const noticeStore = {
  /** Stores one notification unless its reader already has it (the same event); the row when stored. */
  async insert(db: Kysely<NotificationTables>, notice: Notice): Promise<NotificationRow | undefined> {
    return db
      .insertInto('notifications')
      .values({
        user_id: notice.userId,
        kind: notice.kind,
        event_id: notice.eventId,
        channel_id: notice.channelId,
        channel_handle: notice.channelHandle,
        subject: jsonb(notice.subject),
        created_at: notice.at,
        read_at: null,
      })
      .onConflict((c) => c.columns(['user_id', 'event_id']).doNothing())
      .returningAll()
      .executeTakeFirst();
  },

  /**
   * The ids that end each full batch of `size` among the channel's followers, in id order: one read of the
   * follows index, however many followers there are.
   */
  async batchBoundaries(db: Kysely<any>, channelId: string, size: number): Promise<string[]> {
    const { rows } = await sql<{ follower_id: string }>`
      select follower_id from (
        select follower_id, row_number() over (order by follower_id) as n
        from ${sql.table(`${NOTIFY_SCHEMA}.follows`)} where channel_id = ${channelId}
      ) numbered where n % ${size} = 0 order by follower_id`.execute(db);
    return rows.map((r) => r.follower_id);
  },

  /**
   * One batch of a fan-out in one statement: a notification for each follower in the batch's range whose bell
   * hears this kind and who wants it in-app, except the channel itself and those who have it already. Returns the
   * rows stored.
   */
  async insertBatch(db: Kysely<NotificationTables>, job: NotificationFanoutJob) {
    const wantsInApp = defaultDelivery[job.kind].inApp;
    let followers = db
      .selectFrom('follows as f')
      .leftJoin('bells as b', (j) =>
        j.onRef('b.user_id', '=', 'f.follower_id').onRef('b.channel_id', '=', 'f.channel_id'),
      )
      .leftJoin('type_preferences as p', (j) => j.onRef('p.user_id', '=', 'f.follower_id').on('p.kind', '=', job.kind))
      .select([
        'f.follower_id',
        sql<string>`${job.kind}::text`.as('kind'),
        sql<string>`${job.eventId}::uuid`.as('event_id'),
        sql<string>`${job.channelId}::uuid`.as('channel_id'),
        sql<string>`${job.channelHandle}::text`.as('channel_handle'),
        jsonb(subjectOf(job)).as('subject'),
        sql<Date>`${new Date(job.at)}::timestamptz`.as('created_at'),
      ])
      .where('f.channel_id', '=', job.channelId)
      .where('f.follower_id', '<>', job.channelId)
      .where(sql`coalesce(b.level, 'all')`, 'in', bellsHearing(job.kind))
      .where(sql`coalesce(p.in_app, ${wantsInApp}::boolean)`, '=', true);
    if (job.after !== null) followers = followers.where('f.follower_id', '>', job.after);
    if (job.upTo !== null) followers = followers.where('f.follower_id', '<=', job.upTo);
    return db
      .insertInto('notifications')
      .columns(['user_id', 'kind', 'event_id', 'channel_id', 'channel_handle', 'subject', 'created_at'])
      .expression(followers)
      .onConflict((c) => c.columns(['user_id', 'event_id']).doNothing())
      .returning(['id', 'user_id'])
      .execute();
  },

  /**
   * The followers in a batch's range whose bell hears this kind and who want it by e-mail (with an address known)
   * or by web push (with a browser subscribed): those the batch's e-mail or push job is for.
   */
  async deliveryBatch(
    db: Kysely<NotificationTables>,
    job: NotificationFanoutJob,
    channel: 'email' | 'push',
  ): Promise<string[]> {
    const wanted = defaultDelivery[job.kind][channel];
    let query = db
      .selectFrom('follows as f')
      .leftJoin('bells as b', (j) =>
        j.onRef('b.user_id', '=', 'f.follower_id').onRef('b.channel_id', '=', 'f.channel_id'),
      )
      .leftJoin('type_preferences as p', (j) => j.onRef('p.user_id', '=', 'f.follower_id').on('p.kind', '=', job.kind))
      .select('f.follower_id')
      .where('f.channel_id', '=', job.channelId)
      .where('f.follower_id', '<>', job.channelId)
      .where(sql`coalesce(b.level, 'all')`, 'in', bellsHearing(job.kind))
      .where(sql`coalesce(${sql.ref(`p.${channel}`)}, ${wanted}::boolean)`, '=', true)
      .where((eb) =>
        channel === 'email'
          ? eb.exists(eb.selectFrom('accounts as a').select('a.user_id').whereRef('a.user_id', '=', 'f.follower_id'))
          : eb.exists(
              eb.selectFrom('push_subscriptions as s').select('s.user_id').whereRef('s.user_id', '=', 'f.follower_id'),
            ),
      );
    if (job.after !== null) query = query.where('f.follower_id', '>', job.after);
    if (job.upTo !== null) query = query.where('f.follower_id', '<=', job.upTo);
    const rows = await query.orderBy('f.follower_id').execute();
    return rows.map((r) => r.follower_id);
  },

  async hasPush(db: Kysely<NotificationTables>, userId: string): Promise<boolean> {
    const row = await db
      .selectFrom('push_subscriptions')
      .select('endpoint')
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return row !== undefined;
  },

  /** Whether the reader was told of this follower since `since`. */
  async toldOfFollower(db: Kysely<NotificationTables>, userId: string, followerId: string, since: Date) {
    const row = await db
      .selectFrom('notifications')
      .select('id')
      .where('user_id', '=', userId)
      .where('kind', '=', 'follow')
      .where('channel_id', '=', followerId)
      .where('created_at', '>', since)
      .executeTakeFirst();
    return row !== undefined;
  },

  /** The reader's notifications, newest first, after the cursor; `limit + 1` rows (see `keysetPage`). */
  page(db: Kysely<NotificationTables>, userId: string, limit: number, cursor?: Keyset) {
    let query = db.selectFrom('notifications').selectAll().where('user_id', '=', userId);
    if (cursor) {
      query = query.where((eb) => eb(eb.refTuple('created_at', 'id'), '<', eb.tuple(cursor.key as Date, cursor.id)));
    }
    return query
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(limit + 1)
      .execute();
  },

  async unreadCount(db: Kysely<NotificationTables>, userId: string): Promise<number> {
    const row = await db
      .selectFrom('notifications')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('user_id', '=', userId)
      .where('read_at', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  },

  /** Marks the reader's unread notifications read: those of `ids` (others' are left alone), or all. */
  async markRead(db: Kysely<NotificationTables>, userId: string, which: { ids: string[] } | { all: true }, at: Date) {
    let query = db
      .updateTable('notifications')
      .set({ read_at: at })
      .where('user_id', '=', userId)
      .where('read_at', 'is', null);
    if ('ids' in which) query = query.where('id', 'in', which.ids);
    const result = await query.executeTakeFirst();
    return Number(result.numUpdatedRows);
  },

  async kindDelivery(db: Kysely<NotificationTables>, userId: string, kind: NotificationKind) {
    const row = await db
      .selectFrom('type_preferences')
      .select(['in_app', 'email', 'push'])
      .where('user_id', '=', userId)
      .where('kind', '=', kind)
      .executeTakeFirst();
    return row ? { inApp: row.in_app, email: row.email, push: row.push } : defaultDelivery[kind];
  },
};
