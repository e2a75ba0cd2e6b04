import type { Migrations } from '@framecast/adapters';
import { sql } from 'kysely';

/** The `videos` schema. Each migration gets a Kysely scoped to the schema by the runtime. */
export const videoMigrations: Migrations = {
  '0001_videos': {
    async up(db) {
      await db.schema
        .createTable('videos')
        .addColumn('id', 'uuid', (c) => c.primaryKey())
        // The owner's account id and handle, from the access token: listings need no read of the users schema.
        .addColumn('channel_id', 'uuid', (c) => c.notNull())
        .addColumn('channel_handle', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('visibility', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('progress', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('failure_reason', 'text')
        .addColumn('duration', 'double precision')
        .addColumn('width', 'integer')
        .addColumn('height', 'integer')
        .addColumn('size', 'bigint')
        .addColumn('original_key', 'text')
        .addColumn('views', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('details', 'jsonb', (c) => c.notNull())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull())
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
        .addColumn('published_at', 'timestamptz')
        .execute();
      // Keyset pagination: the public catalogue by each sort order, and each channel's own list.
      const publicReady = sql<boolean>`status = 'ready' and visibility = 'public'`;
      await db.schema
        .createIndex('videos_public_new_idx')
        .on('videos')
        .columns(['created_at desc', 'id desc'])
        .where(publicReady)
        .execute();
      await db.schema
        .createIndex('videos_public_popular_idx')
        .on('videos')
        .columns(['views desc', 'id desc'])
        .where(publicReady)
        .execute();
      await db.schema
        .createIndex('videos_channel_idx')
        .on('videos')
        .columns(['channel_id', 'created_at desc', 'id desc'])
        .execute();
      await db.schema
        .createIndex('videos_handle_idx')
        .on('videos')
        .columns(['channel_handle', 'created_at desc', 'id desc'])
        .execute();

      // Values every instance must share, such as the generated playback secret.
      await db.schema
        .createTable('settings')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .execute();
    },
  },
  '0002_uploading_idx': {
    async up(db) {
      // The sweep of abandoned uploads: unfinished ones by when bytes last arrived.
      await db.schema
        .createIndex('videos_uploading_idx')
        .on('videos')
        .column('updated_at')
        .where(sql<boolean>`status = 'uploading'`)
        .execute();
    },
  },
  '0003_processing_requeues': {
    async up(db) {
      // How often the sweep enqueued a stalled video's job again; past a limit the video fails instead.
      await db.schema
        .alterTable('videos')
        .addColumn('requeues', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
      // The sweep of stalled processing: videos in `processing` by when they last moved.
      await db.schema
        .createIndex('videos_processing_idx')
        .on('videos')
        .column('updated_at')
        .where(sql<boolean>`status = 'processing'`)
        .execute();
    },
  },
  '0004_playback_generation': {
    async up(db) {
      // Part of every playback token's HMAC; a visibility change moves it on, so links signed before stop working.
      await db.schema
        .alterTable('videos')
        .addColumn('playback_generation', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
    },
  },
  '0005_source': {
    async up(db) {
      // Where the video came from: an upload, or the replay of a live stream (remuxed from its recording).
      await db.schema
        .alterTable('videos')
        .addColumn('source', 'text', (c) => c.notNull().defaultTo('upload'))
        .execute();
    },
  },
};
