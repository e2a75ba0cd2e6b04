import type { Migrations } from '@framecast/adapters';
import { sql } from 'kysely';

/**
 * The `analytics` schema. Each migration gets a Kysely scoped to the schema by the runtime (raw SQL names the schema
 * itself). `hourly`, the table every beacon ends up in, is partitioned by month (`partitions.ts` makes them ahead).
 */
export const analyticsMigrations: Migrations = {
  '0001_analytics': {
    async up(db) {
      await db.schema
        .createTable('videos')
        .addColumn('video_id', 'text', (c) => c.primaryKey())
        .addColumn('channel_id', 'text', (c) => c.notNull())
        .addColumn('duration', 'float8', (c) => c.notNull().defaultTo(0))
        .execute();
      await db.schema.createIndex('videos_channel_idx').on('videos').column('channel_id').execute();
      await db.schema
        .createTable('streams')
        .addColumn('session_id', 'text', (c) => c.primaryKey())
        .addColumn('channel_id', 'text', (c) => c.notNull())
        .addColumn('started_at', 'timestamptz', (c) => c.notNull())
        .addColumn('ended_at', 'timestamptz')
        .addColumn('peak_viewers', 'integer')
        .execute();
      await db.schema
        .createTable('channels')
        .addColumn('channel_id', 'text', (c) => c.primaryKey())
        .addColumn('handle', 'text', (c) => c.notNull().unique())
        .execute();
      await sql`
        create table analytics.hourly (
          kind text not null check (kind in ('video', 'stream')),
          target_id text not null,
          hour timestamptz not null,
          channel_id text not null,
          views integer not null default 0,
          sessions integer not null default 0,
          watch_seconds float8 not null default 0,
          startup_ms float8 not null default 0,
          startups integer not null default 0,
          stall_ms float8 not null default 0,
          stalls integer not null default 0,
          errors integer not null default 0,
          fatal_errors integer not null default 0,
          switches integer not null default 0,
          bitrate_seconds float8 not null default 0,
          bitrate_known_seconds float8 not null default 0,
          primary key (kind, target_id, hour)
        ) partition by range (hour)`.execute(db);
      await sql`create table analytics.hourly_default partition of analytics.hourly default`.execute(db);
      await sql`create index hourly_channel_idx on analytics.hourly (channel_id, hour)`.execute(db);
      await db.schema
        .createTable('retention')
        .addColumn('video_id', 'text', (c) => c.notNull())
        .addColumn('day', 'text', (c) => c.notNull())
        .addColumn('bucket', 'smallint', (c) => c.notNull())
        .addColumn('sessions', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('retention_pk', ['video_id', 'day', 'bucket'])
        .execute();
      await db.schema
        .createTable('viewers')
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('target_id', 'text', (c) => c.notNull())
        .addColumn('day', 'text', (c) => c.notNull())
        .addColumn('channel_id', 'text', (c) => c.notNull())
        .addColumn('viewer', 'text', (c) => c.notNull())
        .addPrimaryKeyConstraint('viewers_pk', ['kind', 'target_id', 'day', 'viewer'])
        .execute();
      await db.schema.createIndex('viewers_channel_idx').on('viewers').columns(['channel_id', 'day']).execute();
      await db.schema
        .createTable('concurrency')
        .addColumn('session_id', 'text', (c) => c.notNull())
        .addColumn('minute', 'timestamptz', (c) => c.notNull())
        .addColumn('viewers', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('concurrency_pk', ['session_id', 'minute'])
        .execute();
      await db.schema
        .createTable('channel_minutes')
        .addColumn('channel_id', 'text', (c) => c.notNull())
        .addColumn('minute', 'timestamptz', (c) => c.notNull())
        .addColumn('chat_messages', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('follows', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('unfollows', 'integer', (c) => c.notNull().defaultTo(0))
        .addPrimaryKeyConstraint('channel_minutes_pk', ['channel_id', 'minute'])
        .execute();
    },
  },
};
