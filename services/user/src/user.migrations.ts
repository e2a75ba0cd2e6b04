import type { Migrations } from '@framecast/adapters';
import { sql } from 'kysely';

/** The `users` schema. Each migration gets a Kysely scoped to the schema by the runtime. */
export const userMigrations: Migrations = {
  '0001_accounts': {
    async up(db) {
      await db.schema
        .createTable('accounts')
        .addColumn('id', 'uuid', (c) => c.primaryKey())
        .addColumn('email', 'text', (c) => c.notNull().unique())
        .addColumn('handle', 'text', (c) => c.notNull().unique())
        .addColumn('display_name', 'text', (c) => c.notNull())
        .addColumn('bio', 'text', (c) => c.notNull().defaultTo(''))
        // Null for accounts that only sign in through an identity provider.
        .addColumn('password_hash', 'text')
        .addColumn('roles', sql`text[]`, (c) => c.notNull())
        .addColumn('avatar_key', 'text')
        .addColumn('avatar_version', 'text')
        // Counters kept in the same transaction as the follows rows they count.
        .addColumn('follower_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('following_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'timestamptz', (c) => c.notNull())
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
        .execute();
      // Keyset pagination of the channel directory, by each sort order.
      await db.schema.createIndex('accounts_new_idx').on('accounts').columns(['created_at desc', 'id desc']).execute();
      await db.schema
        .createIndex('accounts_popular_idx')
        .on('accounts')
        .columns(['follower_count desc', 'id desc'])
        .execute();

      await db.schema
        .createTable('identities')
        .addColumn('issuer', 'text', (c) => c.notNull())
        .addColumn('subject', 'text', (c) => c.notNull())
        .addColumn('user_id', 'uuid', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
        .addColumn('created_at', 'timestamptz', (c) => c.notNull())
        .addPrimaryKeyConstraint('identities_pk', ['issuer', 'subject'])
        .execute();
      await db.schema.createIndex('identities_user_idx').on('identities').column('user_id').execute();

      await db.schema
        .createTable('follows')
        .addColumn('follower_id', 'uuid', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
        .addColumn('channel_id', 'uuid', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
        .addColumn('created_at', 'timestamptz', (c) => c.notNull())
        .addPrimaryKeyConstraint('follows_pk', ['follower_id', 'channel_id'])
        .execute();
      await db.schema.createIndex('follows_channel_idx').on('follows').column('channel_id').execute();
    },
  },
  '0002_sessions': {
    async up(db) {
      await db.schema
        .createTable('refresh_tokens')
        // SHA-256 of the token, base64url; the token itself is never stored.
        .addColumn('token_hash', 'text', (c) => c.primaryKey())
        .addColumn('family_id', 'uuid', (c) => c.notNull())
        .addColumn('user_id', 'uuid', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
        .addColumn('created_at', 'timestamptz', (c) => c.notNull())
        .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
        .addColumn('used_at', 'timestamptz')
        .addColumn('revoked_at', 'timestamptz')
        .execute();
      await db.schema.createIndex('refresh_tokens_family_idx').on('refresh_tokens').column('family_id').execute();
      await db.schema.createIndex('refresh_tokens_user_idx').on('refresh_tokens').column('user_id').execute();

      await db.schema
        .createTable('signing_keys')
        .addColumn('kid', 'text', (c) => c.primaryKey())
        .addColumn('private_jwk', 'text', (c) => c.notNull())
        .addColumn('public_jwk', 'text', (c) => c.notNull())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull())
        // After this the key neither signs nor is published.
        .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
        .execute();
    },
  },
  '0003_settings': {
    async up(db) {
      // Values every instance must share, such as the secret refresh-token successors are derived with.
      await db.schema
        .createTable('settings')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .execute();
    },
  },
};
