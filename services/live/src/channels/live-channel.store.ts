import type { Kysely, Updateable } from 'kysely';
import type { LiveChannelRow, LiveChannelTable, LiveTables } from '../live.tables.js';

/** Queries of the `channels` table; no business rules. */
export const liveChannelStore = {
  byId(db: Kysely<LiveTables>, channelId: string): Promise<LiveChannelRow | undefined> {
    return db.selectFrom('channels').selectAll().where('channel_id', '=', channelId).executeTakeFirst();
  },

  byHandle(db: Kysely<LiveTables>, handle: string): Promise<LiveChannelRow | undefined> {
    return db.selectFrom('channels').selectAll().where('handle', '=', handle.toLowerCase()).executeTakeFirst();
  },

  /** The rows of those of `handles` (lower case) that have one, in no order. */
  byHandles(db: Kysely<LiveTables>, handles: readonly string[]): Promise<LiveChannelRow[]> {
    if (handles.length === 0) return Promise.resolve([]);
    return db.selectFrom('channels').selectAll().where('handle', 'in', handles).execute();
  },

  byKey(db: Kysely<LiveTables>, streamKey: string): Promise<LiveChannelRow | undefined> {
    return db.selectFrom('channels').selectAll().where('stream_key', '=', streamKey).executeTakeFirst();
  },

  /** Locks the row until the transaction ends: going live, rotating and ending are one at a time per channel. */
  forUpdate(db: Kysely<LiveTables>, channelId: string): Promise<LiveChannelRow | undefined> {
    return db.selectFrom('channels').selectAll().where('channel_id', '=', channelId).forUpdate().executeTakeFirst();
  },

  /** Inserts the channel's row unless it exists (two first visits at once make one). */
  async create(db: Kysely<LiveTables>, row: LiveChannelRow): Promise<void> {
    await db
      .insertInto('channels')
      .values(row)
      .onConflict((c) => c.column('channel_id').doNothing())
      .execute();
  },

  update(
    db: Kysely<LiveTables>,
    channelId: string,
    patch: Updateable<LiveChannelTable>,
  ): Promise<LiveChannelRow | undefined> {
    return db.updateTable('channels').set(patch).where('channel_id', '=', channelId).returningAll().executeTakeFirst();
  },

  async remove(db: Kysely<LiveTables>, channelId: string): Promise<void> {
    await db.deleteFrom('channels').where('channel_id', '=', channelId).execute();
  },
};
