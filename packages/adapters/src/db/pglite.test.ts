import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Kysely, sql } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase } from './database.js';
import { dbContract } from './db.contract.js';
import { migrate } from './migrate.js';

dbContract('PGlite in memory', () => openDatabase({ url: 'memory://', dataDir: '/nonexistent' }), 'pglite');

describe('PGlite on disk', () => {
  const dirs: string[] = [];
  afterEach(async () => {
    for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
  });

  it('keeps its data in <dataDir>/pg across a close and a reopen', async () => {
    const root = await mkdtemp(join(tmpdir(), 'framecast-db-'));
    dirs.push(root);
    const dataDir = join(root, 'nested', 'data');
    const migrations = {
      '0001_kv': {
        async up(db: Kysely<any>) {
          await db.schema
            .createTable('kv')
            .addColumn('k', 'text', (c) => c.primaryKey())
            .addColumn('v', 'text')
            .execute();
        },
      },
    };

    const first = await openDatabase({ dataDir });
    expect(first.dialect).toBe('pglite');
    expect(await migrate(first, 'app', migrations)).toEqual(['0001_kv']);
    await first.kysely.withSchema('app').insertInto('kv').values({ k: 'greeting', v: 'hello' }).execute();
    await first.close();
    expect((await readdir(join(dataDir, 'pg'))).length).toBeGreaterThan(0);

    const second = await openDatabase({ dataDir });
    try {
      expect(await migrate(second, 'app', migrations)).toEqual([]);
      const rows = await second.kysely.withSchema('app').selectFrom('kv').selectAll().execute();
      expect(rows).toEqual([{ k: 'greeting', v: 'hello' }]);
    } finally {
      await second.close();
    }
    // Creating a data directory runs initdb: seconds, not milliseconds.
  }, 120_000);
});

describe('PGlite beside the rest of the process', () => {
  it('lets timers and sockets run between the queries of a long chain, and inside a transaction', async () => {
    const db = await openDatabase({ url: 'memory://', dataDir: '/nonexistent' });
    try {
      // A timer due almost at once, then a chain of queries that would take far longer than it: the timer must
      // fire while the chain runs, not after it.
      let done = 0;
      let doneWhenFired = -1;
      setTimeout(() => {
        doneWhenFired = done;
      }, 1);
      await db.kysely.transaction().execute(async (trx) => {
        for (let i = 0; i < 100; i++) {
          await sql`select count(*) from generate_series(1, 2000)`.execute(trx);
          done += 1;
        }
      });
      for (let i = 0; i < 100; i++) {
        await sql`select count(*) from generate_series(1, 2000)`.execute(db.kysely);
        done += 1;
      }
      expect(doneWhenFired).toBeGreaterThanOrEqual(0);
      expect(doneWhenFired).toBeLessThan(20);
    } finally {
      await db.close();
    }
  }, 60_000);
});
