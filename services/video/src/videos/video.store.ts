import type { Keyset, KeysetSort } from '@framecast/kit';
import { type Insertable, type Kysely, sql, type Updateable } from 'kysely';
import type { VideoRow, VideoTable, VideoTables } from '../video.tables.js';

/** Which videos a listing shows. */
export type VideoScope =
  | { kind: 'public' }
  | { kind: 'channel'; handle: string; all: boolean }
  | { kind: 'mine'; channelId: string };

/** First key of the two-key advisory locks on channels' uploads; the second is a hash of the channel id. */
const CHANNEL_LOCK_SPACE = 0x76696431; // "vid1"

/** Reads and writes of the `videos` table. */
export const videoStore = {
  async insert(db: Kysely<VideoTables>, row: Insertable<VideoTable>): Promise<VideoRow> {
    return db.insertInto('videos').values(row).returningAll().executeTakeFirstOrThrow();
  },

  async byId(db: Kysely<VideoTables>, id: string): Promise<VideoRow | undefined> {
    return db.selectFrom('videos').selectAll().where('id', '=', id).executeTakeFirst();
  },

  /** The rows of those of `ids` that exist, in no order. */
  async byIds(db: Kysely<VideoTables>, ids: readonly string[]): Promise<VideoRow[]> {
    if (ids.length === 0) return [];
    return db.selectFrom('videos').selectAll().where('id', 'in', ids).execute();
  },

  /** The row, locked until the transaction ends (lifecycle changes of one video happen one at a time). */
  async forUpdate(db: Kysely<VideoTables>, id: string): Promise<VideoRow | undefined> {
    return db.selectFrom('videos').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
  },

  async update(db: Kysely<VideoTables>, id: string, patch: Updateable<VideoTable>): Promise<VideoRow | undefined> {
    return db.updateTable('videos').set(patch).where('id', '=', id).returningAll().executeTakeFirst();
  },

  /** Up to `limit` of a channel's videos, whatever their state, oldest first. */
  ofChannel(db: Kysely<VideoTables>, channelId: string, limit: number): Promise<VideoRow[]> {
    return db
      .selectFrom('videos')
      .selectAll()
      .where('channel_id', '=', channelId)
      .orderBy('created_at')
      .orderBy('id')
      .limit(limit)
      .execute();
  },

  /** Deletes the row; false when it was already gone (deleted twice at once). */
  async remove(db: Kysely<VideoTables>, id: string): Promise<boolean> {
    const result = await db.deleteFrom('videos').where('id', '=', id).executeTakeFirst();
    return result.numDeletedRows > 0n;
  },

  /**
   * Holds the channel's upload lock until the transaction ends, so checking its quota and reserving bytes happen
   * one upload at a time. A transaction-scoped advisory lock (PostgreSQL and PGlite alike): nothing to clean up.
   */
  async lockChannel(db: Kysely<VideoTables>, channelId: string): Promise<void> {
    await sql`select pg_advisory_xact_lock(${sql.lit(CHANNEL_LOCK_SPACE)}, hashtext(${channelId}::text))`.execute(db);
  },

  /** Marks an unfinished upload as having received bytes at `now`. */
  async touch(db: Kysely<VideoTables>, id: string, now: Date): Promise<void> {
    await db
      .updateTable('videos')
      .set({ updated_at: now })
      .where('id', '=', id)
      .where('status', '=', 'uploading')
      .execute();
  },

  /**
   * Videos in `status` that have not moved since `before`, oldest first: abandoned uploads, stalled processing (each
   * has its partial index on `updated_at`).
   */
  async idleSince(
    db: Kysely<VideoTables>,
    status: 'uploading' | 'processing',
    before: Date,
    limit: number,
  ): Promise<VideoRow[]> {
    return db
      .selectFrom('videos')
      .selectAll()
      .where('status', '=', status)
      .where('updated_at', '<', before)
      .orderBy('updated_at')
      .limit(limit)
      .execute();
  },

  /** Of `ids`, those whose video is still an unfinished upload. */
  async uploading(db: Kysely<VideoTables>, ids: readonly string[]): Promise<VideoRow[]> {
    if (ids.length === 0) return [];
    return db.selectFrom('videos').selectAll().where('id', 'in', ids).where('status', '=', 'uploading').execute();
  },

  /** Bytes a channel's videos take, counting uploads still arriving at their announced size. */
  async usage(db: Kysely<VideoTables>, channelId: string): Promise<number> {
    const row = await db
      .selectFrom('videos')
      .select((eb) => eb.fn.coalesce(eb.fn.sum<string>('size'), eb.lit(0)).as('total'))
      .where('channel_id', '=', channelId)
      .executeTakeFirst();
    return Number(row?.total ?? 0);
  },

  /** One page in `sort` order after `cursor`; asks for one extra row to know whether another page exists. */
  page(
    db: Kysely<VideoTables>,
    opts: { scope: VideoScope; sort: KeysetSort; limit: number; cursor?: Keyset },
  ): Promise<VideoRow[]> {
    const { scope, sort, limit, cursor } = opts;
    let query = db.selectFrom('videos').selectAll();
    if (scope.kind === 'mine') query = query.where('channel_id', '=', scope.channelId);
    if (scope.kind === 'channel') query = query.where('channel_handle', '=', scope.handle.toLowerCase());
    if (scope.kind === 'public' || (scope.kind === 'channel' && !scope.all)) {
      query = query.where('status', '=', 'ready').where('visibility', '=', 'public');
    }
    if (sort === 'popular') {
      if (cursor?.sort === 'popular') {
        query = query.where((eb) => eb(eb.refTuple('views', 'id'), '<', eb.tuple(cursor.key, cursor.id)));
      }
      query = query.orderBy('views', 'desc').orderBy('id', 'desc');
    } else {
      if (cursor?.sort === 'new') {
        query = query.where((eb) => eb(eb.refTuple('created_at', 'id'), '<', eb.tuple(cursor.key, cursor.id)));
      }
      query = query.orderBy('created_at', 'desc').orderBy('id', 'desc');
    }
    return query.limit(limit + 1).execute();
  },
};
