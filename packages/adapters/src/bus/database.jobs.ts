import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { migrate } from '../db/migrate.js';
import type { Database } from '../db/types.js';
import {
  checkConsumeOptions,
  checkQueueName,
  deadLetterLine,
  decideFailure,
  defaultDrainTimeoutMs,
  errorMessage,
} from './delivery.policy.js';
import { createInflight, type Inflight } from './inflight.js';
import { jobsMigrations } from './jobs.migrations.js';
import { type ClaimedJob, createJobStore } from './jobs.store.js';
import type { ConsumeOptions, Job, JobQueue } from './types.js';

export interface DatabaseJobQueueOptions {
  db: Database;
  logger: Logger;
  /** Schema of the `jobs` table; `jobs` unless set. */
  schema?: string;
  /** How long `close()` waits for in-flight handlers; unfinished ones are handed back. */
  drainTimeoutMs?: number;
  /** How often idle consumers look for jobs from other processes, or whose holder died; 500 ms unless set. */
  pollIntervalMs?: number;
  /**
   * How long a claim holds a job unless its holder renews it (every third of it, while the handler runs):
   * the delay before a job of a process that died is delivered again. 30 s unless set.
   */
  leaseMs?: number;
  /**
   * Whether jobs held when the queue opens belong to a process that is gone: true for the embedded PGlite, whose
   * data directory only one process opens, so a job cut off by a crash runs again at the next start, not a lease
   * later. Never for a shared PostgreSQL, where the holder may be another live process.
   */
  soleProcess?: boolean;
}

interface Delivery {
  job: Job;
  leaseId: string;
  /** Given back on close: whatever the handler does next no longer counts. */
  handedBack: boolean;
}

interface Consumer {
  queue: string;
  handler: (job: Job) => Promise<void>;
  policy: ConsumeOptions;
  deliveries: Set<Delivery>;
  inflight: Inflight;
  active: boolean;
  /** The claim in progress; a wake-up meanwhile asks for another right after it. */
  claiming?: Promise<void>;
  again: boolean;
  poll?: NodeJS.Timeout;
  stopping?: Promise<void>;
}

/**
 * Work queues in a database table, with RabbitMQ's contract (manual ack, prefetch, retries with backoff, dead
 * letters), for deployments without a broker: jobs, retries and dead letters outlive the process.
 *
 * A consumer claims due jobs in one short statement that holds them for a lease, runs the handlers with no
 * transaction open (PGlite is one connection, and handlers use it too), renews the lease while they run, then
 * deletes the row, reschedules it or marks it dead. A process that dies leaves its jobs to be claimed again when
 * their lease ends, at the same attempt, as RabbitMQ redelivers a message its consumer never acknowledged.
 * Enqueue wakes this process's consumers at once; other processes find the job at their next poll.
 * A job id that is waiting, delayed or running is not enqueued twice; enqueuing a dead-lettered id replaces it.
 */
export async function createDatabaseJobQueue(opts: DatabaseJobQueueOptions): Promise<JobQueue> {
  const { db, logger } = opts;
  const drainTimeoutMs = opts.drainTimeoutMs ?? defaultDrainTimeoutMs;
  const pollIntervalMs = opts.pollIntervalMs ?? 500;
  const leaseMs = opts.leaseMs ?? 30_000;
  const schema = opts.schema ?? 'jobs';
  await migrate(db, schema, jobsMigrations);
  const store = createJobStore(db, schema);
  if (opts.soleProcess ?? db.dialect === 'pglite') {
    const released = await store.releaseAll();
    if (released > 0) logger.info({ released }, 'jobs held by the previous run of this process are due again');
  }
  const consumers = new Set<Consumer>();
  const retryTimers = new Set<NodeJS.Timeout>();
  let heartbeat: NodeJS.Timeout | undefined;
  let beating: Promise<void> | undefined;
  let closed = false;
  let closing: Promise<void> | undefined;

  function ensureOpen(): void {
    if (closed) throw new Error('The job queue is closed.');
  }

  function wake(queue: string): void {
    for (const consumer of consumers) if (consumer.queue === queue) claim(consumer);
  }

  function wakeLater(queue: string, delayMs: number): void {
    // Longer than a timer can wait: the poll finds it.
    if (delayMs > 2 ** 31 - 1) return;
    const timer = setTimeout(() => {
      retryTimers.delete(timer);
      wake(queue);
    }, delayMs);
    timer.unref();
    retryTimers.add(timer);
  }

  function claim(consumer: Consumer): void {
    if (!consumer.active) return;
    if (consumer.claiming) {
      consumer.again = true;
      return;
    }
    clearTimeout(consumer.poll);
    consumer.claiming = claimWhileAsked(consumer).finally(() => {
      consumer.claiming = undefined;
      if (!consumer.active) return;
      consumer.poll = setTimeout(() => claim(consumer), pollIntervalMs);
      // The poll alone should not keep a process alive.
      consumer.poll.unref();
    });
  }

  async function claimWhileAsked(consumer: Consumer): Promise<void> {
    do {
      consumer.again = false;
      const room = consumer.policy.prefetch - consumer.deliveries.size;
      if (room <= 0) return;
      let claimed: ClaimedJob[];
      try {
        claimed = await store.claim(consumer.queue, room, leaseMs);
      } catch (err) {
        logger.warn({ queue: consumer.queue, err }, 'could not claim jobs; will try again');
        return;
      }
      if (!consumer.active) {
        await handBack(consumer.queue, claimed);
        return;
      }
      for (const row of claimed) deliver(consumer, row);
    } while (consumer.again && consumer.active);
  }

  function deliver(consumer: Consumer, row: ClaimedJob): void {
    const job: Job = { id: row.id, queue: consumer.queue, data: row.data, attempt: row.attempt };
    const delivery: Delivery = { job, leaseId: row.leaseId, handedBack: false };
    consumer.deliveries.add(delivery);
    startHeartbeat();
    consumer.inflight.track(run(consumer, delivery));
  }

  async function run(consumer: Consumer, delivery: Delivery): Promise<void> {
    let failure: { error: unknown } | undefined;
    try {
      await consumer.handler(delivery.job);
    } catch (error) {
      failure = { error };
    }
    if (delivery.handedBack) return;
    const { job, leaseId } = delivery;
    try {
      const held = failure
        ? await fail(consumer, delivery, failure.error)
        : await store.complete(job.queue, job.id, leaseId);
      if (!held) {
        logger.warn(
          { queue: job.queue, id: job.id, attempt: job.attempt },
          'a job finished after its lease ended; it may run again',
        );
      }
    } catch (err) {
      logger.warn(
        { queue: job.queue, id: job.id, err },
        'could not record the outcome of a job; it runs again when its lease ends',
      );
    } finally {
      consumer.deliveries.delete(delivery);
      claim(consumer);
    }
  }

  async function fail(consumer: Consumer, delivery: Delivery, error: unknown): Promise<boolean> {
    const { job, leaseId } = delivery;
    const decision = decideFailure(job.attempt, consumer.policy, error);
    const fields = { queue: job.queue, id: job.id, attempt: job.attempt, err: error };
    if (decision.kind === 'retry') {
      const next = { attempt: decision.nextAttempt, delayMs: decision.delayMs, error: errorMessage(error) };
      if (!(await store.retry(job.queue, job.id, leaseId, next))) return false;
      logger.warn({ ...fields, retryInMs: decision.delayMs }, 'job handler failed; will retry');
      wakeLater(job.queue, decision.delayMs);
      return true;
    }
    if (!(await store.bury(job.queue, job.id, leaseId, errorMessage(error)))) return false;
    logger.error(fields, deadLetterLine('job', job.attempt, error));
    return true;
  }

  async function handBack(queue: string, held: { leaseId: string }[]): Promise<void> {
    try {
      await store.release(
        queue,
        held.map((one) => one.leaseId),
      );
    } catch (err) {
      logger.warn({ queue, err }, 'could not hand jobs back; they run again when their lease ends');
    }
  }

  // One timer renews the leases of every delivery in flight, and stops when there are none.
  function startHeartbeat(): void {
    if (heartbeat) return;
    heartbeat = setInterval(
      () => {
        beating ??= beat().finally(() => {
          beating = undefined;
        });
      },
      Math.max(1, Math.floor(leaseMs / 3)),
    );
    heartbeat.unref();
  }

  async function beat(): Promise<void> {
    const held = [...consumers].filter((consumer) => consumer.deliveries.size > 0);
    if (held.length === 0) {
      clearInterval(heartbeat);
      heartbeat = undefined;
      return;
    }
    try {
      for (const consumer of held) {
        const leaseIds = [...consumer.deliveries].map((delivery) => delivery.leaseId);
        await store.extend(consumer.queue, leaseIds, leaseMs);
      }
    } catch (err) {
      logger.warn({ err }, 'could not renew the leases of running jobs');
    }
  }

  function stop(consumer: Consumer): Promise<void> {
    consumer.stopping ??= (async () => {
      consumer.active = false;
      clearTimeout(consumer.poll);
      await consumer.claiming;
      const finished = await consumer.inflight.drain(drainTimeoutMs);
      if (!finished && consumer.deliveries.size > 0) {
        const unfinished = [...consumer.deliveries];
        for (const delivery of unfinished) delivery.handedBack = true;
        consumer.deliveries.clear();
        await handBack(consumer.queue, unfinished);
        logger.warn(
          { queue: consumer.queue, ids: unfinished.map((delivery) => delivery.job.id) },
          `${unfinished.length} unfinished job handler(s) did not end within ${drainTimeoutMs} ms; handed back`,
        );
      }
      consumers.delete(consumer);
    })();
    return consumer.stopping;
  }

  return {
    async enqueue(queue, data, enqueueOpts) {
      ensureOpen();
      checkQueueName('jobs', queue);
      const id = enqueueOpts?.id ?? randomUUID();
      // Serialized now, as a broker would: later changes to `data` do not reach the job.
      await store.insert(queue, id, JSON.stringify(data ?? null));
      wake(queue);
      return id;
    },
    async consume(queue, handler, consumeOpts) {
      ensureOpen();
      checkQueueName('jobs', queue);
      const consumer: Consumer = {
        queue,
        handler: handler as (job: Job) => Promise<void>,
        policy: checkConsumeOptions(consumeOpts),
        deliveries: new Set(),
        inflight: createInflight(),
        active: true,
        again: false,
      };
      consumers.add(consumer);
      claim(consumer);
      return { close: () => stop(consumer) };
    },
    async stats(queue) {
      ensureOpen();
      return store.stats(queue);
    },
    async live(queue, id) {
      ensureOpen();
      return store.live(queue, id);
    },
    async ping() {
      ensureOpen();
      await db.ping();
    },
    async deadLetters(queue, limit = 100) {
      ensureOpen();
      const dead = await store.dead(queue, limit);
      return dead.map((job) => ({ ...job, queue }));
    },
    close() {
      closing ??= (async () => {
        closed = true;
        await Promise.all([...consumers].map(stop));
        for (const timer of retryTimers) clearTimeout(timer);
        retryTimers.clear();
        clearInterval(heartbeat);
        heartbeat = undefined;
        await beating;
      })();
      return closing;
    },
  };
}
