import { type Kysely, sql } from 'kysely';
import type { Migrations } from '../db/types.js';

/**
 * The table behind the database job queue, in its own schema (`migrate` scopes the migration to it).
 * A row is a job from enqueue until its handler succeeds; a dead letter keeps its row with `dead_at` set.
 */
export const jobsMigrations: Migrations = {
  '0000_jobs': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('jobs')
        .addColumn('queue', 'text', (c) => c.notNull())
        .addColumn('id', 'text', (c) => c.notNull())
        // Breaks ties between jobs due at the same instant: enqueue order.
        .addColumn('seq', 'bigserial', (c) => c.notNull())
        .addColumn('data', 'jsonb', (c) => c.notNull())
        .addColumn('attempt', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('run_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        // A claim holds the job until then; its holder pushes it forward while the handler runs.
        .addColumn('locked_until', 'timestamptz')
        // Which claim holds the job, so that a holder whose lease lapsed cannot settle another's delivery.
        .addColumn('lease_id', 'uuid')
        .addColumn('dead_at', 'timestamptz')
        .addColumn('last_error', 'text')
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addPrimaryKeyConstraint('jobs_pk', ['queue', 'id'])
        .execute();
      // The claim reads the live jobs of one queue, earliest due first.
      await db.schema
        .createIndex('jobs_due_idx')
        .on('jobs')
        .columns(['queue', 'run_at', 'seq'])
        .where(sql.ref('dead_at'), 'is', null)
        .execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('jobs').execute();
    },
  },
};
