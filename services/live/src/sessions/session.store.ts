import type { Insertable, Kysely, Updateable } from 'kysely';
import type { LiveTables, SessionRow, SessionTable } from '../live.tables.js';

/** Queries of the `sessions` table; no business rules. */
export const sessionStore = {
  async insert(db: Kysely<LiveTables>, row: Insertable<SessionTable>): Promise<SessionRow> {
    return db.insertInto('sessions').values(row).returningAll().executeTakeFirstOrThrow();
  },

  byId(db: Kysely<LiveTables>, id: string): Promise<SessionRow | undefined> {
    return db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
  },

  /** The channel's most recent session, on air or not. */
  latest(db: Kysely<LiveTables>, channelId: string): Promise<SessionRow | undefined> {
    return db
      .selectFrom('sessions')
      .selectAll()
      .where('channel_id', '=', channelId)
      .orderBy('started_at', 'desc')
      .limit(1)
      .executeTakeFirst();
  },

  update(db: Kysely<LiveTables>, id: string, patch: Updateable<SessionTable>): Promise<SessionRow | undefined> {
    return db.updateTable('sessions').set(patch).where('id', '=', id).returningAll().executeTakeFirst();
  },

  /** Sessions on air that their ingest has not reported since `before`. */
  unseenSince(db: Kysely<LiveTables>, before: Date, limit: number): Promise<SessionRow[]> {
    return db
      .selectFrom('sessions')
      .selectAll()
      .where('ended_at', 'is', null)
      .where('seen_at', '<', before)
      .orderBy('seen_at')
      .limit(limit)
      .execute();
  },

  /** Sessions on air, most watched first, after the (viewers, id) of the previous page; one extra row. */
  onAir(
    db: Kysely<LiveTables>,
    opts: { limit: number; after?: { viewers: number; id: string } },
  ): Promise<SessionRow[]> {
    let query = db.selectFrom('sessions').selectAll().where('ended_at', 'is', null);
    const { after } = opts;
    if (after) query = query.where((eb) => eb(eb.refTuple('viewers', 'id'), '<', eb.tuple(after.viewers, after.id)));
    return query
      .orderBy('viewers', 'desc')
      .orderBy('id', 'desc')
      .limit(opts.limit + 1)
      .execute();
  },
};
