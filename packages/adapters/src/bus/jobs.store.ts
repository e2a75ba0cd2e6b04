import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/types.js';
import type { QueueStats } from './types.js';

/** A job as a claim hands it over: `leaseId` names this delivery until it is settled or handed back. */
export interface ClaimedJob {
  id: string;
  data: unknown;
  attempt: number;
  leaseId: string;
}

export interface DeadJob {
  id: string;
  data: unknown;
  attempt: number;
}

/**
 * The SQL of the database job queue. Every call is one statement and no transaction stays open across calls:
 * PGlite is one connection, and the handlers that run between a claim and its settlement use it too.
 * Settling calls match the lease, so a delivery whose lease lapsed (and was claimed again) changes nothing.
 */
export interface JobStore {
  /** Adds a job, unless one with this id is waiting, delayed or running; a dead one is replaced. */
  insert(queue: string, id: string, json: string): Promise<void>;
  /** Takes up to `limit` due jobs, earliest first, and holds them for `leaseMs`. */
  claim(queue: string, limit: number, leaseMs: number): Promise<ClaimedJob[]>;
  /** Holds these deliveries for another `leaseMs`. */
  extend(queue: string, leaseIds: string[], leaseMs: number): Promise<void>;
  /** The job succeeded: its row goes. False when the lease was no longer held. */
  complete(queue: string, id: string, leaseId: string): Promise<boolean>;
  retry(
    queue: string,
    id: string,
    leaseId: string,
    next: { attempt: number; delayMs: number; error: string },
  ): Promise<boolean>;
  bury(queue: string, id: string, leaseId: string, error: string): Promise<boolean>;
  /** Gives deliveries back unsettled: due again at once, attempt unchanged. */
  release(queue: string, leaseIds: string[]): Promise<void>;
  /** Gives back every held job of every queue (their holders are known to be gone); resolves with how many. */
  releaseAll(): Promise<number>;
  /** True while a job of that id waits, is delayed or runs (not once done or dead). */
  live(queue: string, id: string): Promise<boolean>;
  stats(queue: string): Promise<QueueStats>;
  dead(queue: string, limit: number): Promise<DeadJob[]>;
}

const after = (ms: number) => sql<Date>`now() + make_interval(secs => ${ms / 1000})`;

export function createJobStore(db: Database, schema: string): JobStore {
  const q = (): Kysely<any> => db.kysely.withSchema(schema);
  const unlocked = { locked_until: null, lease_id: null };
  /** Unlocks a delivery's row with `changes`, if its lease is still held. */
  const settle = async (queue: string, id: string, leaseId: string, changes: Record<string, unknown>) => {
    const held = await q()
      .updateTable('jobs')
      .set({ ...unlocked, ...changes })
      .where('queue', '=', queue)
      .where('id', '=', id)
      .where('lease_id', '=', leaseId)
      .returning('id')
      .execute();
    return held.length > 0;
  };

  return {
    async insert(queue, id, json) {
      await q()
        .insertInto('jobs')
        .values({ queue, id, data: sql`cast(${json} as jsonb)` })
        .onConflict((conflict) =>
          conflict
            .columns(['queue', 'id'])
            .doUpdateSet((eb) => ({
              data: eb.ref('excluded.data'),
              seq: eb.ref('excluded.seq'),
              attempt: 1,
              run_at: sql`now()`,
              ...unlocked,
              dead_at: null,
              last_error: null,
              created_at: sql`now()`,
            }))
            .where('jobs.dead_at', 'is not', null),
        )
        .execute();
    },

    async claim(queue, limit, leaseMs) {
      const rows = await q()
        .with('due', (db) =>
          db
            .selectFrom('jobs')
            .select('id')
            .where('queue', '=', queue)
            .where('dead_at', 'is', null)
            .where('run_at', '<=', sql<Date>`now()`)
            .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', sql<Date>`now()`)]))
            .orderBy('run_at')
            .orderBy('seq')
            .limit(limit)
            // Another process claiming at the same moment passes over these rows instead of waiting for them.
            .forUpdate()
            .skipLocked(),
        )
        .with('claimed', (db) =>
          db
            .updateTable('jobs')
            .set({ locked_until: after(leaseMs), lease_id: sql`gen_random_uuid()` })
            .from('due')
            .where('jobs.queue', '=', queue)
            .whereRef('jobs.id', '=', 'due.id')
            .returning(['jobs.id', 'jobs.data', 'jobs.attempt', 'jobs.lease_id', 'jobs.run_at', 'jobs.seq']),
        )
        .selectFrom('claimed')
        .select(['id', 'data', 'attempt', 'lease_id'])
        .orderBy('run_at')
        .orderBy('seq')
        .execute();
      return rows.map((row) => ({ id: row.id, data: row.data, attempt: row.attempt, leaseId: row.lease_id }));
    },

    async extend(queue, leaseIds, leaseMs) {
      if (leaseIds.length === 0) return;
      await q()
        .updateTable('jobs')
        .set({ locked_until: after(leaseMs) })
        .where('queue', '=', queue)
        .where('lease_id', 'in', leaseIds)
        .execute();
    },

    async complete(queue, id, leaseId) {
      const gone = await q()
        .deleteFrom('jobs')
        .where('queue', '=', queue)
        .where('id', '=', id)
        .where('lease_id', '=', leaseId)
        .returning('id')
        .execute();
      return gone.length > 0;
    },

    retry: (queue, id, leaseId, next) =>
      settle(queue, id, leaseId, { attempt: next.attempt, run_at: after(next.delayMs), last_error: next.error }),

    bury: (queue, id, leaseId, error) => settle(queue, id, leaseId, { dead_at: sql`now()`, last_error: error }),

    async release(queue, leaseIds) {
      if (leaseIds.length === 0) return;
      await q()
        .updateTable('jobs')
        .set(unlocked)
        .where('queue', '=', queue)
        .where('lease_id', 'in', leaseIds)
        .execute();
    },

    async releaseAll() {
      const result = await q().updateTable('jobs').set(unlocked).where('lease_id', 'is not', null).executeTakeFirst();
      return Number(result.numUpdatedRows);
    },

    async live(queue, id) {
      const row = await q()
        .selectFrom('jobs')
        .select('id')
        .where('queue', '=', queue)
        .where('id', '=', id)
        .where('dead_at', 'is', null)
        .executeTakeFirst();
      return row !== undefined;
    },

    async stats(queue) {
      const row = await q()
        .selectFrom('jobs')
        .select([
          sql<number>`(count(*) filter (where dead_at is null and run_at <= now()
            and (locked_until is null or locked_until < now())))::int`.as('waiting'),
          sql<number>`(count(*) filter (where dead_at is not null))::int`.as('dead'),
        ])
        .where('queue', '=', queue)
        .executeTakeFirstOrThrow();
      return { waiting: row.waiting, dead: row.dead };
    },

    async dead(queue, limit) {
      const rows = await q()
        .selectFrom('jobs')
        .select(['id', 'data', 'attempt'])
        .where('queue', '=', queue)
        .where('dead_at', 'is not', null)
        .orderBy('dead_at')
        .orderBy('seq')
        .limit(limit)
        .execute();
      return rows.map((row) => ({ id: row.id, data: row.data, attempt: row.attempt }));
    },
  };
}
