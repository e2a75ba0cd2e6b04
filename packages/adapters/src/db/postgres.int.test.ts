import { type Kysely, sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requireServer } from '../testing/require-server.js';
import { testUrls } from '../testing/test-urls.js';
import { openDatabase } from './database.js';
import { dbContract, uniqueSchema } from './db.contract.js';
import { migrate } from './migrate.js';
import type { Database, Migrations } from './types.js';

const openPostgres = async () => {
  await requireServer('postgres');
  return openDatabase({ url: testUrls.postgres, dataDir: '/nonexistent' });
};

dbContract('PostgreSQL', openPostgres, 'postgres');

describe('migrate on PostgreSQL from two processes at once', () => {
  // Two pools stand for two processes: each has its own connections and its own advisory lock session.
  let first: Database;
  let second: Database;
  const schema = uniqueSchema('race');

  beforeAll(async () => {
    first = await openPostgres();
    second = await openPostgres();
  });
  afterAll(async () => {
    await first?.kysely.schema.dropSchema(schema).ifExists().cascade().execute();
    await first?.close();
    await second?.close();
  });

  it('applies each migration exactly once', async () => {
    const migrations: Migrations = {
      '0001_counter': {
        async up(db: Kysely<any>) {
          await db.schema.createTable('applied').addColumn('at', 'timestamptz').execute();
          // Holds the lock long enough for the other process to arrive and wait.
          await sql`select pg_sleep(0.3)`.execute(db);
          await db.insertInto('applied').values({ at: new Date() }).execute();
        },
      },
    };
    const results = await Promise.all([migrate(first, schema, migrations), migrate(second, schema, migrations)]);
    expect(results.flat()).toEqual(['0001_counter']);
    expect(results.map((r) => r.length).sort()).toEqual([0, 1]);
    const rows = await first.kysely.withSchema(schema).selectFrom('applied').selectAll().execute();
    expect(rows).toHaveLength(1);
  });
});
