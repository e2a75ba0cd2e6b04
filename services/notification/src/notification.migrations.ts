import type { Migrations } from '@framecast/adapters';
import { sql } from 'kysely';

/** The `notify` schema. Each migration gets a Kysely scoped to the schema by the runtime. */
export const notificationMigrations: Migrations = {
  '0001_notify': {
    async up(db) {
      await db.schema
        .createTable('accounts')
        .addColumn('user_id', 'uuid', (c) => c.primaryKey())
        .addColumn('handle', 'text', (c) => c.notNull())
        .addColumn('email', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createTable('follows')
        .addColumn('channel_id', 'uuid', (c) => c.notNull())
        .addColumn('follower_id', 'uuid', (c) => c.notNull())
        .addColumn('followed_at', 'timestamptz', (c) => c.notNull())
        .addPrimaryKeyConstraint('follows_pk', ['channel_id', 'follower_id'])
        .execute();
      await db.schema.createIndex('follows_follower_idx').on('follows').column('follower_id').execute();
      await db.schema
        .createTable('notifications')
        .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
        .addColumn('user_id', 'uuid', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('live', 'video', 'follow', 'mention')`))
        .addColumn('event_id', 'uuid', (c) => c.notNull())
        .addColumn('channel_id', 'uuid', (c) => c.notNull())
        .addColumn('channel_handle', 'text', (c) => c.notNull())
        .addColumn('subject', 'jsonb', (c) => c.notNull())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull())
        .addColumn('read_at', 'timestamptz')
        .addUniqueConstraint('notifications_event_unique', ['user_id', 'event_id'])
        .execute();
      await db.schema
        .createIndex('notifications_user_idx')
        .on('notifications')
        .columns(['user_id', 'created_at desc', 'id desc'])
        .execute();
      await db.schema
        .createIndex('notifications_unread_idx')
        .on('notifications')
        .column('user_id')
        .where(sql.ref('read_at'), 'is', null)
        .execute();
      await db.schema.createIndex('notifications_channel_idx').on('notifications').column('channel_id').execute();
      await db.schema
        .createTable('type_preferences')
        .addColumn('user_id', 'uuid', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('in_app', 'boolean', (c) => c.notNull())
        .addColumn('email', 'boolean', (c) => c.notNull())
        .addColumn('push', 'boolean', (c) => c.notNull())
        .addPrimaryKeyConstraint('type_preferences_pk', ['user_id', 'kind'])
        .execute();
      await db.schema
        .createTable('bells')
        .addColumn('user_id', 'uuid', (c) => c.notNull())
        .addColumn('channel_id', 'uuid', (c) => c.notNull())
        .addColumn('level', 'text', (c) => c.notNull().check(sql`level in ('all', 'live', 'none')`))
        .addPrimaryKeyConstraint('bells_pk', ['user_id', 'channel_id'])
        .execute();
    },
  },
  '0002_mail': {
    async up(db) {
      // Values every instance must share: the key of the one-click unsubscribe links, the VAPID keys.
      await db.schema
        .createTable('settings')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .execute();
      // One row per reader and event e-mailed (or put in a digest): a retried job sends nobody the same twice.
      await db.schema
        .createTable('mails')
        .addColumn('event_id', 'uuid', (c) => c.notNull())
        .addColumn('user_id', 'uuid', (c) => c.notNull())
        .addColumn('channel_id', 'uuid', (c) => c.notNull())
        .addColumn('digested', 'boolean', (c) => c.notNull())
        .addColumn('at', 'timestamptz', (c) => c.notNull())
        .addPrimaryKeyConstraint('mails_pk', ['event_id', 'user_id'])
        .execute();
      await db.schema.createIndex('mails_recent_idx').on('mails').columns(['user_id', 'channel_id', 'at']).execute();
      await db.schema
        .createTable('digest_items')
        .addColumn('user_id', 'uuid', (c) => c.notNull())
        .addColumn('event_id', 'uuid', (c) => c.notNull())
        .addColumn('notice', 'jsonb', (c) => c.notNull())
        .addColumn('at', 'timestamptz', (c) => c.notNull())
        .addPrimaryKeyConstraint('digest_items_pk', ['user_id', 'event_id'])
        .execute();
    },
  },
  '0003_push': {
    async up(db) {
      await db.schema
        .createTable('push_subscriptions')
        .addColumn('endpoint', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'uuid', (c) => c.notNull())
        .addColumn('p256dh', 'text', (c) => c.notNull())
        .addColumn('auth', 'text', (c) => c.notNull())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('push_subscriptions_user_idx').on('push_subscriptions').column('user_id').execute();
      // One row per event and browser pushed to: a retried job pushes nobody the same twice.
      await db.schema
        .createTable('pushes')
        .addColumn('event_id', 'uuid', (c) => c.notNull())
        .addColumn('endpoint', 'text', (c) => c.notNull())
        .addColumn('at', 'timestamptz', (c) => c.notNull())
        .addPrimaryKeyConstraint('pushes_pk', ['event_id', 'endpoint'])
        .execute();
    },
  },
};
