import { randomUUID } from 'node:crypto';
import pino, { type Logger } from 'pino';
import { checkConsumeOptions, defaultDrainTimeoutMs } from './delivery.policy.js';
import { createMemoryQueue, type Envelope, type MemoryQueue } from './memory.queue.js';
import type { Job, JobQueue } from './types.js';

/** Work queues of one process, with RabbitMQ's contract: manual ack, prefetch, retries with backoff, dead letters. */
export function createMemoryJobQueue(opts: { logger?: Logger; drainTimeoutMs?: number } = {}): JobQueue {
  const logger = opts.logger ?? pino();
  const drainTimeoutMs = opts.drainTimeoutMs ?? defaultDrainTimeoutMs;
  const queues = new Map<string, MemoryQueue>();
  let closed = false;

  function ensureOpen(): void {
    if (closed) throw new Error('The in-process job queue is closed.');
  }

  function queue(name: string): MemoryQueue {
    let found = queues.get(name);
    if (!found) {
      found = createMemoryQueue({ name: `jobs.${name}`, what: 'job', logger, drainTimeoutMs });
      queues.set(name, found);
    }
    return found;
  }

  const toJob = <TData>(name: string, envelope: Envelope): Job<TData> => ({
    id: envelope.id,
    queue: name,
    data: JSON.parse(envelope.body) as TData,
    attempt: envelope.attempt,
  });

  return {
    async enqueue(name, data, enqueueOpts) {
      ensureOpen();
      const id = enqueueOpts?.id ?? randomUUID();
      // Serialized now, as a broker would: later changes to `data` do not reach the job.
      queue(name).push({ id, body: JSON.stringify(data ?? null), attempt: 1 });
      return id;
    },
    async consume(name, handler, consumeOpts) {
      ensureOpen();
      const policy = checkConsumeOptions(consumeOpts);
      return queue(name).consume((envelope) => handler(toJob(name, envelope)), policy);
    },
    async stats(name) {
      ensureOpen();
      const found = queues.get(name);
      return { waiting: found?.waiting ?? 0, dead: found?.dead.length ?? 0 };
    },
    async ping() {
      ensureOpen();
    },
    async deadLetters(name, limit = 100) {
      ensureOpen();
      return (queues.get(name)?.dead ?? []).slice(0, limit).map((envelope) => toJob(name, envelope));
    },
    async close() {
      closed = true;
      await Promise.all([...queues.values()].map((found) => found.close()));
    },
  };
}
