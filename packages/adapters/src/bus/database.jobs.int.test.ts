import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openDatabase } from '../db/database.js';
import { uniqueSchema } from '../db/db.contract.js';
import type { Database } from '../db/types.js';
import { memoryLogger } from '../outbox/outbox.contract.js';
import { requireServer } from '../testing/require-server.js';
import { testUrls } from '../testing/test-urls.js';
import { databaseJobQueueContract } from './database.jobs.contract.js';
import { createDatabaseJobQueue } from './database.jobs.js';
import type { JobQueue } from './types.js';

const openPostgres = async () => {
  await requireServer('postgres');
  return openDatabase({ url: testUrls.postgres, dataDir: '/nonexistent' });
};

databaseJobQueueContract('PostgreSQL', openPostgres);

describe('database job queues in two processes on PostgreSQL', () => {
  // Two pools stand for two processes: each claims on its own connections.
  let first: Database;
  let second: Database;
  const queues: JobQueue[] = [];
  const schema = uniqueSchema('jobs');

  beforeAll(async () => {
    first = await openPostgres();
    second = await openPostgres();
  });
  afterAll(async () => {
    for (const jobs of queues) await jobs.close();
    await first?.kysely.schema.dropSchema(schema).ifExists().cascade().execute();
    await first?.close();
    await second?.close();
  });

  it('migrate the table once when they open together, then share the jobs: each runs once', async () => {
    const { logger } = memoryLogger();
    queues.push(
      ...(await Promise.all(
        [first, second].map((db) => createDatabaseJobQueue({ db, schema, logger, pollIntervalMs: 10 })),
      )),
    );
    const [a, b] = queues as [JobQueue, JobQueue];
    const ranBy = { a: [] as string[], b: [] as string[] };
    const options = { prefetch: 3, maxAttempts: 3, backoffMs: () => 5 };
    for (const [jobs, into] of [
      [a, ranBy.a],
      [b, ranBy.b],
    ] as const) {
      await jobs.consume(
        'race',
        async (job) => {
          await sleep(5);
          into.push(job.id);
        },
        options,
      );
    }
    const ids: string[] = [];
    for (let i = 0; i < 60; i++) ids.push(await (i % 2 ? a : b).enqueue('race', { i }));
    await vi.waitFor(() => expect(ranBy.a.length + ranBy.b.length).toBe(60), { timeout: 10_000 });
    expect(new Set([...ranBy.a, ...ranBy.b])).toEqual(new Set(ids));
    expect(ranBy.a.length).toBeGreaterThan(0);
    expect(ranBy.b.length).toBeGreaterThan(0);
    expect(await a.stats('race')).toEqual({ waiting: 0, dead: 0 });
  });
});
