import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { uniqueSchema } from '../db/db.contract.js';
import type { Database } from '../db/types.js';
import { memoryLogger } from '../outbox/outbox.contract.js';
import { createDatabaseJobQueue, type DatabaseJobQueueOptions } from './database.jobs.js';
import { jobQueueContract } from './jobs.contract.js';
import { createJobStore } from './jobs.store.js';
import type { ConsumeOptions, Job, JobQueue } from './types.js';

/**
 * The job queue contract, then what only the database queue promises: jobs outlive the process that held them
 * (a restart is a new queue on the same table), and an id names at most one live job.
 */
export function databaseJobQueueContract(name: string, open: () => Promise<Database>): void {
  let db: Database;

  // Starting PGlite compiles its WebAssembly: seconds on a busy machine.
  beforeAll(async () => {
    db = await open();
  }, 60_000);
  afterAll(async () => {
    await db?.close();
  });

  jobQueueContract(`database (${name})`, async (settings) => {
    const schema = uniqueSchema('jobs');
    const jobs = await createDatabaseJobQueue({ db, schema, ...settings });
    return {
      jobs,
      async dispose() {
        await jobs.close();
        await db.kysely.schema.dropSchema(schema).ifExists().cascade().execute();
      },
    };
  });

  describe(`database job queue: ${name}`, () => {
    const quick: ConsumeOptions = { prefetch: 4, maxAttempts: 3, backoffMs: () => 5 };
    let schema: string;
    let queue: string;
    let log: ReturnType<typeof memoryLogger>;
    const opened: JobQueue[] = [];

    /** A queue as one process would open it; several at once stand for several processes or a restart. */
    const start = async (extra: Partial<DatabaseJobQueueOptions> = {}) => {
      const jobs = await createDatabaseJobQueue({
        db,
        schema,
        logger: log.logger,
        pollIntervalMs: 20,
        soleProcess: false,
        ...extra,
      });
      opened.push(jobs);
      return jobs;
    };

    beforeEach(() => {
      schema = uniqueSchema('jobs');
      queue = `q-${randomUUID().slice(0, 8)}`;
      log = memoryLogger();
    });
    afterEach(async () => {
      for (const jobs of opened.splice(0)) await jobs.close();
      await db.kysely.schema.dropSchema(schema).ifExists().cascade().execute();
    });

    it('keeps a waiting job across a restart', async () => {
      const before = await start();
      const id = await before.enqueue(queue, { videoId: 'v1' });
      await before.close();

      const after = await start();
      expect(await after.stats(queue)).toEqual({ waiting: 1, dead: 0 });
      const seen: Job[] = [];
      await after.consume(queue, async (job) => void seen.push(job), quick);
      await vi.waitFor(() => expect(seen).toEqual([{ id, queue, data: { videoId: 'v1' }, attempt: 1 }]));
    });

    it('delivers again, at the same attempt, a job whose holder died, once its lease ends', async () => {
      const jobs = await start();
      const id = await jobs.enqueue(queue, { videoId: 'v2' });
      // What a process does before running a job; this one dies and never settles it.
      const [held] = await createJobStore(db, schema).claim(queue, 1, 150);
      const claimedAt = Date.now();
      expect(held?.id).toBe(id);
      expect(await jobs.stats(queue)).toEqual({ waiting: 0, dead: 0 });

      const seen: { job: Job; at: number }[] = [];
      await jobs.consume(queue, async (job) => void seen.push({ job, at: Date.now() }), quick);
      await vi.waitFor(() => expect(seen).toHaveLength(1));
      expect(seen[0]!.job).toEqual({ id, queue, data: { videoId: 'v2' }, attempt: 1 });
      expect(seen[0]!.at - claimedAt).toBeGreaterThanOrEqual(100);
    });

    it('as the sole process, delivers at once at start a job the previous run held when it died', async () => {
      const before = await start();
      const id = await before.enqueue(queue, { videoId: 'v2' });
      // The previous run claimed it for a long lease, then died.
      await createJobStore(db, schema).claim(queue, 1, 600_000);
      await before.close();

      const after = await start({ soleProcess: true });
      const seen: Job[] = [];
      await after.consume(queue, async (job) => void seen.push(job), quick);
      await vi.waitFor(() => expect(seen).toEqual([{ id, queue, data: { videoId: 'v2' }, attempt: 1 }]), {
        timeout: 2000,
      });
      expect(log.lines).toContainEqual(expect.objectContaining({ released: 1 }));
    });

    it('tells whether a job of an id is live: waiting or running, not done or dead', async () => {
      const jobs = await start();
      expect(await jobs.live(queue, 'v5')).toBe(false);
      await jobs.enqueue(queue, { n: 1 }, { id: 'v5' });
      expect(await jobs.live(queue, 'v5')).toBe(true);
      expect(await jobs.live(`${queue}-other`, 'v5')).toBe(false);
      let release!: () => void;
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      await jobs.consume(queue, () => held, quick);
      await vi.waitFor(async () => expect(await jobs.stats(queue)).toEqual({ waiting: 0, dead: 0 }));
      expect(await jobs.live(queue, 'v5')).toBe(true);
      release();
      await vi.waitFor(async () => expect(await jobs.live(queue, 'v5')).toBe(false));
      const unwatched = `${queue}-unwatched`;
      await jobs.enqueue(unwatched, { n: 2 }, { id: 'v6' });
      const store = createJobStore(db, schema);
      const [claimed] = await store.claim(unwatched, 1, 60_000);
      await store.bury(unwatched, 'v6', claimed!.leaseId, 'broken');
      expect(await jobs.live(unwatched, 'v6')).toBe(false);
    });

    it('ignores a late outcome from a holder whose lease ended and whose job was claimed again', async () => {
      const store = createJobStore(db, schema);
      const jobs = await start();
      const id = await jobs.enqueue(queue, { videoId: 'v3' });
      const [late] = await store.claim(queue, 1, 1);
      let release!: () => void;
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      const seen: Job[] = [];
      await jobs.consume(
        queue,
        async (job) => {
          seen.push(job);
          await held;
        },
        quick,
      );
      await vi.waitFor(() => expect(seen).toHaveLength(1));
      expect(await store.complete(queue, id, late!.leaseId)).toBe(false);
      expect(await store.bury(queue, id, late!.leaseId, 'too late')).toBe(false);
      expect(await jobs.stats(queue)).toEqual({ waiting: 0, dead: 0 });
      release();
      await vi.waitFor(async () => expect(await store.dead(queue, 10)).toEqual([]));
      expect(seen).toHaveLength(1);
    });

    it('keeps a delayed retry across a restart, with its attempt count', async () => {
      const before = await start();
      const id = await before.enqueue(queue, { videoId: 'v4' });
      await before.consume(
        queue,
        async () => {
          throw new Error('disk full');
        },
        { ...quick, backoffMs: () => 200 },
      );
      await vi.waitFor(() => expect(log.lines).toContainEqual(expect.objectContaining({ id, retryInMs: 200 })));
      await before.close();

      const after = await start();
      const seen: Job[] = [];
      await after.consume(queue, async (job) => void seen.push(job), quick);
      await vi.waitFor(() => expect(seen).toEqual([{ id, queue, data: { videoId: 'v4' }, attempt: 2 }]));
    });

    it('keeps dead letters across a restart', async () => {
      const before = await start();
      const id = await before.enqueue(queue, { videoId: 'v5' });
      await before.consume(
        queue,
        async () => {
          throw new Error('corrupt input');
        },
        { ...quick, maxAttempts: 1 },
      );
      await vi.waitFor(async () => expect(await before.stats(queue)).toEqual({ waiting: 0, dead: 1 }));
      await before.close();

      const after = await start();
      expect(await after.stats(queue)).toEqual({ waiting: 0, dead: 1 });
      expect(await after.deadLetters(queue)).toEqual([{ id, queue, data: { videoId: 'v5' }, attempt: 1 }]);
    });

    it('hands back unfinished jobs on close, for another process at once', async () => {
      const before = await start({ drainTimeoutMs: 50 });
      let release!: () => void;
      const stuck = new Promise<void>((resolve) => {
        release = resolve;
      });
      const taken: Job[] = [];
      await before.consume(
        queue,
        async (job) => {
          taken.push(job);
          await stuck;
        },
        quick,
      );
      const id = await before.enqueue(queue, { videoId: 'v6' });
      await vi.waitFor(() => expect(taken).toHaveLength(1));
      await before.close();

      // The lease would hold it for a minute: only the hand-back makes it due now.
      const after = await start({ leaseMs: 60_000 });
      const seen: Job[] = [];
      await after.consume(queue, async (job) => void seen.push(job), quick);
      await vi.waitFor(() => expect(seen).toEqual([{ id, queue, data: { videoId: 'v6' }, attempt: 1 }]));
      release();
      await vi.waitFor(async () => expect(await after.stats(queue)).toEqual({ waiting: 0, dead: 0 }));
      expect(taken).toHaveLength(1);
    });

    it('renews the lease of a job that runs longer than it, so no other process takes it', async () => {
      const holder = await start({ leaseMs: 600 });
      const other = await start({ leaseMs: 600, pollIntervalMs: 10 });
      const seen: string[] = [];
      let done = false;
      await holder.consume(
        queue,
        async () => {
          seen.push('holder');
          await sleep(1_500);
          done = true;
        },
        quick,
      );
      await holder.enqueue(queue, { videoId: 'v7' });
      await vi.waitFor(() => expect(seen).toEqual(['holder']));
      await other.consume(queue, async () => void seen.push('other'), quick);
      await vi.waitFor(() => expect(done).toBe(true), { timeout: 5_000 });
      await vi.waitFor(async () => expect(await other.stats(queue)).toEqual({ waiting: 0, dead: 0 }));
      expect(seen).toEqual(['holder']);
    });

    it('finds a job enqueued by another process at its next poll', async () => {
      const worker = await start();
      const api = await start();
      const seen: Job[] = [];
      await worker.consume(queue, async (job) => void seen.push(job), quick);
      const id = await api.enqueue(queue, { videoId: 'v8' });
      await vi.waitFor(() => expect(seen).toEqual([{ id, queue, data: { videoId: 'v8' }, attempt: 1 }]));
    });

    it('does not enqueue twice an id that is waiting or running; once done, the id is free again', async () => {
      const jobs = await start();
      await jobs.enqueue(queue, { n: 1 }, { id: 'transcode-v9' });
      await jobs.enqueue(queue, { n: 2 }, { id: 'transcode-v9' });
      expect(await jobs.stats(queue)).toEqual({ waiting: 1, dead: 0 });

      let release!: () => void;
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      const seen: unknown[] = [];
      await jobs.consume(
        queue,
        async (job) => {
          seen.push(job.data);
          await held;
        },
        quick,
      );
      await vi.waitFor(() => expect(seen).toEqual([{ n: 1 }]));
      await jobs.enqueue(queue, { n: 3 }, { id: 'transcode-v9' });
      expect(await jobs.stats(queue)).toEqual({ waiting: 0, dead: 0 });
      release();
      await vi.waitFor(async () =>
        expect(await createJobStore(db, schema).stats(queue)).toEqual({ waiting: 0, dead: 0 }),
      );
      await sleep(50);
      expect(seen).toEqual([{ n: 1 }]);

      await jobs.enqueue(queue, { n: 4 }, { id: 'transcode-v9' });
      await vi.waitFor(() => expect(seen).toEqual([{ n: 1 }, { n: 4 }]));
    });

    it('replaces a dead-lettered job when its id is enqueued again', async () => {
      const jobs = await start();
      const seen: Job[] = [];
      await jobs.consume<{ n: number }>(
        queue,
        async (job) => {
          seen.push(job);
          if (job.data.n === 1) throw new Error('corrupt input');
        },
        { ...quick, maxAttempts: 1 },
      );
      await jobs.enqueue(queue, { n: 1 }, { id: 'transcode-v10' });
      await vi.waitFor(async () => expect(await jobs.stats(queue)).toEqual({ waiting: 0, dead: 1 }));
      await jobs.enqueue(queue, { n: 2 }, { id: 'transcode-v10' });
      await vi.waitFor(() => expect(seen).toHaveLength(2));
      expect(seen[1]).toEqual({ id: 'transcode-v10', queue, data: { n: 2 }, attempt: 1 });
      await vi.waitFor(async () => expect(await jobs.stats(queue)).toEqual({ waiting: 0, dead: 0 }));
      expect(await jobs.deadLetters(queue)).toEqual([]);
    });

    it('refuses a queue name RabbitMQ would refuse', async () => {
      const jobs = await start();
      await expect(jobs.enqueue('no spaces', {})).rejects.toThrow(/"no spaces" is not a valid queue name/);
      await expect(jobs.consume('', async () => {}, quick)).rejects.toThrow(/not a valid queue name/);
    });
  });
}
