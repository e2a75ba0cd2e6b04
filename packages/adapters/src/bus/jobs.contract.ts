import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { memoryLogger } from '../outbox/outbox.contract.js';
import { PoisonMessageError } from './delivery.policy.js';
import type { ConsumeOptions, Job, JobQueue } from './types.js';

export interface JobSettings {
  logger: Logger;
  drainTimeoutMs: number;
}

/** Opens a fresh job queue; `dispose` closes it and deletes whatever it created on a server. */
export type OpenJobs = (settings: JobSettings) => Promise<{ jobs: JobQueue; dispose(): Promise<void> }>;

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The job queue contract: the database queue (on PGlite and PostgreSQL) and RabbitMQ all run it. */
export function jobQueueContract(name: string, open: OpenJobs): void {
  describe(`JobQueue contract: ${name}`, () => {
    const drainTimeoutMs = 300;
    const quick: ConsumeOptions = { prefetch: 4, maxAttempts: 3, backoffMs: () => 5 };
    let jobs: JobQueue;
    let dispose: () => Promise<void>;
    let log: ReturnType<typeof memoryLogger>;
    let queue: string;

    beforeEach(async () => {
      log = memoryLogger();
      queue = `q-${randomUUID().slice(0, 8)}`;
      ({ jobs, dispose } = await open({ logger: log.logger, drainTimeoutMs }));
    });
    afterEach(async () => {
      await dispose();
    });

    it('enqueues with a new uuid or the id given; the handler gets id, queue, data and attempt 1', async () => {
      const seen: Job[] = [];
      const generated = await jobs.enqueue(queue, { videoId: 'v1', renditions: [360, 720] });
      const chosen = await jobs.enqueue(queue, { videoId: 'v2' }, { id: 'transcode-v2' });
      expect(generated).toMatch(uuid);
      expect(chosen).toBe('transcode-v2');
      await jobs.consume(queue, async (job) => void seen.push(job), quick);
      await vi.waitFor(() => expect(seen).toHaveLength(2));
      expect(seen).toEqual([
        { id: generated, queue, data: { videoId: 'v1', renditions: [360, 720] }, attempt: 1 },
        { id: 'transcode-v2', queue, data: { videoId: 'v2' }, attempt: 1 },
      ]);
    });

    it('carries data as JSON: dates become strings, a missing value becomes null', async () => {
      const seen: unknown[] = [];
      await jobs.enqueue(queue, { at: new Date('2026-01-02T03:04:05.000Z'), gone: undefined });
      await jobs.enqueue(queue, undefined);
      await jobs.consume(queue, async (job) => void seen.push(job.data), quick);
      await vi.waitFor(() => expect(seen).toEqual([{ at: '2026-01-02T03:04:05.000Z' }, null]));
    });

    it('retries a failing job after its backoff, counting attempts', async () => {
      const attempts: { attempt: number; at: number }[] = [];
      const backoffs: number[] = [];
      await jobs.consume(
        queue,
        async (job) => {
          attempts.push({ attempt: job.attempt, at: Date.now() });
          if (job.attempt < 3) throw new Error(`attempt ${job.attempt} failed`);
        },
        {
          prefetch: 1,
          maxAttempts: 5,
          backoffMs: (attempt) => {
            backoffs.push(attempt);
            return attempt === 1 ? 150 : 5;
          },
        },
      );
      await jobs.enqueue(queue, { n: 1 });
      await vi.waitFor(() => expect(attempts.map((a) => a.attempt)).toEqual([1, 2, 3]));
      expect(backoffs).toEqual([1, 2]);
      expect(attempts[1]!.at - attempts[0]!.at).toBeGreaterThanOrEqual(140);
      await sleep(100);
      expect(attempts).toHaveLength(3);
      expect(await jobs.stats(queue)).toEqual({ waiting: 0, dead: 0 });
    });

    it('dead-letters a job after maxAttempts; stats and deadLetters show it without removing it', async () => {
      let calls = 0;
      await jobs.consume(
        queue,
        async () => {
          calls += 1;
          throw new Error('corrupt input');
        },
        { ...quick, maxAttempts: 2 },
      );
      const id = await jobs.enqueue(queue, { videoId: 'bad' });
      await vi.waitFor(async () => expect(await jobs.stats(queue)).toEqual({ waiting: 0, dead: 1 }));
      expect(calls).toBe(2);
      const expected = [{ id, queue, data: { videoId: 'bad' }, attempt: 2 }];
      expect(await jobs.deadLetters(queue)).toEqual(expected);
      expect(await jobs.deadLetters(queue)).toEqual(expected);
      expect(await jobs.stats(queue)).toEqual({ waiting: 0, dead: 1 });
      expect(log.lines).toContainEqual(
        expect.objectContaining({ level: 50, id, attempt: 2, msg: expect.stringMatching(/dead-lettered/) }),
      );
    });

    it('dead-letters at once a job its handler rejects as malformed, without retries', async () => {
      let calls = 0;
      await jobs.consume(
        queue,
        async () => {
          calls += 1;
          throw new PoisonMessageError('"videoId" is missing');
        },
        quick,
      );
      const id = await jobs.enqueue(queue, { nothing: true });
      await vi.waitFor(async () => expect(await jobs.stats(queue)).toEqual({ waiting: 0, dead: 1 }));
      await sleep(100);
      expect(calls).toBe(1);
      expect((await jobs.deadLetters(queue)).map((job) => job.id)).toEqual([id]);
      expect(log.lines).toContainEqual(
        expect.objectContaining({ level: 50, id, msg: 'malformed job dead-lettered: "videoId" is missing' }),
      );
    });

    it('lists dead letters oldest first, up to the limit', async () => {
      const ids: string[] = [];
      for (let i = 0; i < 3; i++) ids.push(await jobs.enqueue(queue, { i }));
      await jobs.consume(
        queue,
        async () => {
          throw new Error('no');
        },
        { prefetch: 1, maxAttempts: 1, backoffMs: () => 0 },
      );
      await vi.waitFor(async () => expect((await jobs.stats(queue)).dead).toBe(3));
      expect((await jobs.deadLetters(queue, 2)).map((job) => job.id)).toEqual(ids.slice(0, 2));
      expect((await jobs.deadLetters(queue)).map((job) => job.id)).toEqual(ids);
      expect(await jobs.deadLetters(`${queue}-unknown`)).toEqual([]);
    });

    it('runs at most prefetch jobs at once per consumer', async () => {
      let running = 0;
      let most = 0;
      let done = 0;
      await jobs.consume(
        queue,
        async () => {
          running += 1;
          most = Math.max(most, running);
          await sleep(30);
          running -= 1;
          done += 1;
        },
        { ...quick, prefetch: 2 },
      );
      for (let i = 0; i < 8; i++) await jobs.enqueue(queue, { i });
      await vi.waitFor(() => expect(done).toBe(8));
      expect(most).toBe(2);
    });

    it('counts waiting jobs; a queue never used has none', async () => {
      expect(await jobs.stats(`${queue}-unknown`)).toEqual({ waiting: 0, dead: 0 });
      for (let i = 0; i < 3; i++) await jobs.enqueue(queue, { i });
      expect(await jobs.stats(queue)).toEqual({ waiting: 3, dead: 0 });
    });

    it('counts as waiting neither the jobs in flight nor the delayed retries', async () => {
      let release!: () => void;
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      const seen: string[] = [];
      for (const name of ['fails', 'holds', 'waits']) await jobs.enqueue(queue, { name });
      await jobs.consume<{ name: string }>(
        queue,
        async (job) => {
          seen.push(`${job.data.name}#${job.attempt}`);
          if (job.data.name === 'fails') throw new Error('try again in a minute');
          if (job.data.name === 'holds') await held;
        },
        { prefetch: 1, maxAttempts: 2, backoffMs: () => 60_000 },
      );
      await vi.waitFor(() => expect(seen).toEqual(['fails#1', 'holds#1']));
      expect(await jobs.stats(queue)).toEqual({ waiting: 1, dead: 0 });
      release();
      await vi.waitFor(() => expect(seen).toEqual(['fails#1', 'holds#1', 'waits#1']));
      await vi.waitFor(async () => expect(await jobs.stats(queue)).toEqual({ waiting: 0, dead: 0 }));
    });

    it('shares a queue among competing consumers; each job completes once', async () => {
      const first: string[] = [];
      const second: string[] = [];
      const slowly = (into: string[]) => async (job: Job) => {
        await sleep(10);
        into.push(job.id);
      };
      await jobs.consume(queue, slowly(first), { ...quick, prefetch: 1 });
      await jobs.consume(queue, slowly(second), { ...quick, prefetch: 1 });
      const ids: string[] = [];
      for (let i = 0; i < 12; i++) ids.push(await jobs.enqueue(queue, { i }));
      await vi.waitFor(() => expect(first.length + second.length).toBe(12));
      expect(new Set([...first, ...second])).toEqual(new Set(ids));
      expect(first.length).toBeGreaterThan(0);
      expect(second.length).toBeGreaterThan(0);
    });

    it('closing a consumer waits for its jobs in flight, which are then done', async () => {
      let started = false;
      let finished = false;
      const consumer = await jobs.consume(
        queue,
        async () => {
          started = true;
          await sleep(150);
          finished = true;
        },
        quick,
      );
      await jobs.enqueue(queue, {});
      await vi.waitFor(() => expect(started).toBe(true));
      await consumer.close();
      expect(finished).toBe(true);
      expect(await jobs.stats(queue)).toEqual({ waiting: 0, dead: 0 });
    });

    it('hands back a job that outlives the drain timeout, and another consumer completes it', async () => {
      let release!: () => void;
      const stuck = new Promise<void>((resolve) => {
        release = resolve;
      });
      const taken: Job[] = [];
      const consumer = await jobs.consume(
        queue,
        async (job) => {
          taken.push(job);
          await stuck;
        },
        quick,
      );
      const id = await jobs.enqueue(queue, { videoId: 'v9' });
      await vi.waitFor(() => expect(taken).toHaveLength(1));
      await consumer.close();

      const completed: Job[] = [];
      await jobs.consume(queue, async (job) => void completed.push(job), quick);
      await vi.waitFor(() => expect(completed).toEqual([{ id, queue, data: { videoId: 'v9' }, attempt: 1 }]));
      release();
      await sleep(50);
      expect(completed).toHaveLength(1);
      expect(await jobs.stats(queue)).toEqual({ waiting: 0, dead: 0 });
    });

    it('after close, refuses new jobs and fails readiness', async () => {
      await jobs.ping();
      await jobs.close();
      await expect(jobs.enqueue(queue, {})).rejects.toThrow(/closed/);
      await expect(jobs.ping()).rejects.toThrow();
    });
  });
}
