import type { Migrations } from '@framecast/adapters';
import { sql } from 'kysely';

/** The `chat` schema. Each migration gets a Kysely scoped to the schema by the runtime. */
export const chatMigrations: Migrations = {
  '0001_chat': {
    async up(db) {
      await db.schema
        .createTable('accounts')
        .addColumn('user_id', 'uuid', (c) => c.primaryKey())
        .addColumn('handle', 'text', (c) => c.notNull().unique())
        .addColumn('display_name', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('follows')
        .addColumn('channel_id', 'uuid', (c) => c.notNull())
        .addColumn('follower_id', 'uuid', (c) => c.notNull())
        .addColumn('followed_at', 'timestamptz', (c) => c.notNull())
        .addPrimaryKeyConstraint('follows_pk', ['channel_id', 'follower_id'])
        .execute();
      await db.schema
        .createTable('rooms')
        .addColumn('channel_id', 'uuid', (c) => c.primaryKey())
        .addColumn('settings', 'jsonb', (c) => c.notNull())
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('roles')
        .addColumn('channel_id', 'uuid', (c) => c.notNull())
        .addColumn('user_id', 'uuid', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('moderator', 'vip')`))
        .addColumn('granted_at', 'timestamptz', (c) => c.notNull())
        .addPrimaryKeyConstraint('roles_pk', ['channel_id', 'user_id'])
        .execute();
      await db.schema
        .createTable('bans')
        .addColumn('channel_id', 'uuid', (c) => c.notNull())
        .addColumn('user_id', 'uuid', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('until', 'timestamptz')
        .addColumn('banned_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull())
        .addPrimaryKeyConstraint('bans_pk', ['channel_id', 'user_id'])
        .execute();
      await db.schema
        .createTable('blocked_terms')
        .addColumn('id', 'uuid', (c) => c.primaryKey())
        .addColumn('channel_id', 'uuid', (c) => c.notNull())
        .addColumn('term', 'text', (c) => c.notNull())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull())
        .addUniqueConstraint('blocked_terms_unique', ['channel_id', 'term'])
        .execute();
      await db.schema
        .createTable('moderation_log')
        .addColumn('id', 'uuid', (c) => c.primaryKey())
        .addColumn('channel_id', 'uuid', (c) => c.notNull())
        .addColumn('at', 'timestamptz', (c) => c.notNull())
        .addColumn('action', 'text', (c) => c.notNull())
        .addColumn('moderator', 'text', (c) => c.notNull())
        .addColumn('target', 'text')
        .addColumn('details', 'jsonb', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('moderation_log_channel_idx')
        .on('moderation_log')
        .columns(['channel_id', 'at desc', 'id desc'])
        .execute();
      await db.schema
        .createTable('messages')
        .addColumn('channel_id', 'uuid', (c) => c.notNull())
        .addColumn('id', 'bigint', (c) => c.notNull())
        .addColumn('user_id', 'uuid', (c) => c.notNull())
        .addColumn('handle', 'text', (c) => c.notNull())
        .addColumn('display_name', 'text', (c) => c.notNull())
        .addColumn('badges', 'jsonb', (c) => c.notNull())
        .addColumn('text', 'text', (c) => c.notNull())
        .addColumn('sent_at', 'timestamptz', (c) => c.notNull())
        .addPrimaryKeyConstraint('messages_pk', ['channel_id', 'id'])
        .execute();
      await db.schema.createIndex('messages_sent_idx').on('messages').column('sent_at').execute();
      await db.schema
        .createTable('deletions')
        .addColumn('channel_id', 'uuid', (c) => c.notNull())
        .addColumn('message_id', 'bigint', (c) => c.notNull())
        .addColumn('deleted_at', 'timestamptz', (c) => c.notNull())
        .addPrimaryKeyConstraint('deletions_pk', ['channel_id', 'message_id'])
        .execute();
      await db.schema
        .createTable('clears')
        .addColumn('channel_id', 'uuid', (c) => c.notNull())
        .addColumn('user_id', 'uuid')
        .addColumn('up_to', 'bigint', (c) => c.notNull())
        .addColumn('at', 'timestamptz', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('clears_channel_idx').on('clears').columns(['channel_id', 'up_to']).execute();
    },
  },
};
