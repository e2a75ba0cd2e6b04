import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Job, Subscription } from '@framecast/adapters';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { openAdapters } from './adapters.js';
import { loadConfig } from './config.js';
import type { ServiceModule } from './module.js';
import { startRuntime } from './runtime.js';

let dataDir: string;

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'framecast-adapters-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

describe('adapters without servers', () => {
  it('keeps events in the process and jobs in the database, and says so', async () => {
    const config = loadConfig({ DATABASE_URL: 'memory://', DATA_DIR: dataDir, LOG_LEVEL: 'silent' });
    const adapters = await openAdapters(config, pino({ level: 'silent' }));
    try {
      expect(adapters.kinds).toMatchObject({
        events: 'database (queues events.<group> in jobs.jobs)',
        jobs: 'database (table jobs.jobs)',
      });
      await adapters.jobs.enqueue('kinds-test', { n: 1 });
      const rows = await adapters.db.kysely.withSchema('jobs').selectFrom('jobs').select(['queue', 'data']).execute();
      expect(rows).toEqual([{ queue: 'kinds-test', data: { n: 1 } }]);
    } finally {
      await adapters.close();
    }
  });
});

describe('the all-in-one process on its data directory', () => {
  /** A module whose only work is consuming `queue` into `seen`, when given somewhere to put it. */
  const worker = (seen?: Job[]): ServiceModule => ({
    name: 'transcoder',
    deps: [],
    prefixes: [],
    async init(ctx) {
      let subscription: Subscription | undefined;
      return {
        async start() {
          if (!seen) return;
          subscription = await ctx.jobs.consume('transcode', async (job) => void seen.push(job), {
            prefetch: 1,
            maxAttempts: 3,
            backoffMs: () => 10,
          });
        },
        async stop() {
          await subscription?.close();
        },
      };
    },
  });

  it('keeps a job enqueued before a restart and runs it after', { timeout: 120_000 }, async () => {
    // No DATABASE_URL: the embedded database lives in DATA_DIR/pg, as with `npm start`.
    const config = loadConfig({ HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'silent', DATA_DIR: dataDir });
    const before = await startRuntime({ config, catalog: [worker()], targets: ['all'] });
    const job = { videoId: 'v1', originalKey: 'videos/v1/original', outputPrefix: 'videos/v1/' };
    const id = await before.adapters.jobs.enqueue('transcode', job);
    expect(await before.adapters.jobs.stats('transcode')).toEqual({ waiting: 1, dead: 0 });
    await before.close();

    const seen: Job[] = [];
    const after = await startRuntime({ config, catalog: [worker(seen)], targets: ['all'] });
    try {
      await vi.waitFor(() => expect(seen).toEqual([{ id, queue: 'transcode', data: job, attempt: 1 }]));
      await vi.waitFor(async () =>
        expect(await after.adapters.jobs.stats('transcode')).toEqual({ waiting: 0, dead: 0 }),
      );
    } finally {
      await after.close();
    }
  });
});
