import type { Migrations } from '@framecast/adapters';
import { sql } from 'kysely';

/** The `live` schema. Each migration gets a Kysely scoped to the schema by the runtime. */
export const liveMigrations: Migrations = {
  '0001_live': {
    async up(db) {
      await db.schema
        .createTable('channels')
        // The owner's account id and handle, from the access token: no read of the users schema.
        .addColumn('channel_id', 'uuid', (c) => c.primaryKey())
        .addColumn('handle', 'text', (c) => c.notNull().unique())
        .addColumn('stream_key', 'text', (c) => c.notNull().unique())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('category', 'text')
        .addColumn('current_session_id', 'uuid')
        .addColumn('created_at', 'timestamptz', (c) => c.notNull())
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('sessions')
        .addColumn('id', 'uuid', (c) => c.primaryKey())
        .addColumn('channel_id', 'uuid', (c) => c.notNull())
        .addColumn('handle', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('category', 'text')
        .addColumn('started_at', 'timestamptz', (c) => c.notNull())
        .addColumn('ended_at', 'timestamptz')
        .addColumn('end_reason', 'text')
        .addColumn('viewers', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('peak_viewers', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('ingest', 'jsonb')
        .addColumn('replay_video_id', 'uuid')
        // Moved on by the ingest holding the stream every few seconds: a session on air that stops moving lost it.
        .addColumn('seen_at', 'timestamptz', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('sessions_channel_idx')
        .on('sessions')
        .columns(['channel_id', 'started_at desc'])
        .execute();
      // "Live now": the sessions on air, most watched first.
      await db.schema
        .createIndex('sessions_live_idx')
        .on('sessions')
        .columns(['viewers desc', 'id desc'])
        .where(sql<boolean>`ended_at is null`)
        .execute();
    },
  },
  '0002_replay_video_idx': {
    async up(db) {
      // The session of a replay video, when the video is made (its recording is deleted then).
      await db.schema
        .createIndex('sessions_replay_video_idx')
        .on('sessions')
        .column('replay_video_id')
        .where(sql<boolean>`replay_video_id is not null`)
        .execute();
    },
  },
  '0003_session_origin': {
    async up(db) {
      // Which live instance holds a stream on air: the others forward its playlists and parts there.
      await db.schema.alterTable('sessions').addColumn('origin', 'text').execute();
    },
  },
};
