import { type Kysely, sql } from 'kysely';
import type { Migrations } from '../db/types.js';

/**
 * The outbox and the consumers' deduplication table, created in each module schema that runs them
 * (`migrate` hands the migration a Kysely scoped to that schema, so no name here is qualified).
 */
export const outboxMigrations: Migrations = {
  '0000_outbox': {
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('outbox')
        .addColumn('seq', 'bigserial', (c) => c.primaryKey())
        .addColumn('id', 'uuid', (c) => c.notNull().unique())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('payload', 'jsonb', (c) => c.notNull())
        .addColumn('occurred_at', 'timestamptz', (c) => c.notNull())
        .addColumn('published_at', 'timestamptz')
        .execute();
      // The relay only ever reads the unpublished tail.
      await db.schema
        .createIndex('outbox_unpublished_idx')
        .on('outbox')
        .column('seq')
        .where(sql.ref('published_at'), 'is', null)
        .execute();
      await db.schema
        .createTable('processed_events')
        .addColumn('consumer', 'text', (c) => c.notNull())
        .addColumn('event_id', 'uuid', (c) => c.notNull())
        .addColumn('processed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addPrimaryKeyConstraint('processed_events_pk', ['consumer', 'event_id'])
        .execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('processed_events').execute();
      await db.schema.dropTable('outbox').execute();
    },
  },
  // Jobs travel through the outbox too, so that a change and the job it causes commit together.
  '0001_outbox_jobs': {
    async up(db: Kysely<any>) {
      await db.schema
        .alterTable('outbox')
        .addColumn('kind', 'text', (c) => c.notNull().defaultTo('event'))
        .execute();
      await db.schema.alterTable('outbox').addColumn('job_id', 'text').execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.alterTable('outbox').dropColumn('job_id').execute();
      await db.schema.alterTable('outbox').dropColumn('kind').execute();
    },
  },
};
