import { randomUUID } from 'node:crypto';
import type { Channel, GetMessage } from 'amqplib';
import type { Logger } from 'pino';
import { checkConsumeOptions, headers, parseBody, type QueueNames, queueNames } from './delivery.policy.js';
import { declareQueues, startConsumer } from './rabbit.consumer.js';
import type { RabbitLink } from './rabbit.link.js';
import { openSubscriptions } from './subscriptions.js';
import type { ConsumeOptions, Job, JobQueue } from './types.js';

export interface RabbitJobsDeps {
  link: RabbitLink;
  logger: Logger;
  prefix: string;
  drainTimeoutMs: number;
}

/** Durable work queues `<prefix>.jobs.<queue>`, each with its `.delay` and `.dead` queues. */
export function createRabbitJobQueue(deps: RabbitJobsDeps): JobQueue {
  const { link } = deps;
  const subscriptions = openSubscriptions('job queue');
  // Queues already declared on a given connection: enqueue declares once per queue and connection.
  const declared = new WeakMap<object, Map<string, Promise<void>>>();
  const { ensureOpen } = subscriptions;

  async function ensureDeclared(names: QueueNames): Promise<void> {
    const model = await link.connection();
    let done = declared.get(model);
    if (!done) {
      done = new Map();
      declared.set(model, done);
    }
    let declaring = done.get(names.main);
    if (!declaring) {
      declaring = link.withChannel((channel) => declareQueues(channel, names));
      done.set(names.main, declaring);
      declaring.catch(() => done.delete(names.main));
    }
    await declaring;
  }

  return {
    async enqueue(queue, data, opts) {
      ensureOpen();
      const names = queueNames(deps.prefix, 'jobs', queue);
      const id = opts?.id ?? randomUUID();
      await ensureDeclared(names);
      await link.publish('', names.main, Buffer.from(JSON.stringify(data ?? null)), {
        persistent: true,
        messageId: id,
        contentType: 'application/json',
        headers: { [headers.attempt]: 1 },
      });
      return id;
    },
    async consume<TData>(queue: string, handler: (job: Job<TData>) => Promise<void>, opts: ConsumeOptions) {
      ensureOpen();
      const policy = checkConsumeOptions(opts);
      const names = queueNames(deps.prefix, 'jobs', queue);
      const subscription = await startConsumer({
        link,
        logger: deps.logger,
        what: 'job',
        names,
        policy,
        drainTimeoutMs: deps.drainTimeoutMs,
        declare: (channel) => declareQueues(channel, names),
        handle: (message, attempt) => handler({ ...decode<TData>(queue, message), attempt }),
      });
      return subscriptions.add(subscription);
    },
    async stats(queue) {
      ensureOpen();
      const names = queueNames(deps.prefix, 'jobs', queue);
      const [waiting, dead] = await Promise.all([count(link, names.main), count(link, names.dead)]);
      return { waiting, dead };
    },
    async live() {
      ensureOpen();
      return undefined;
    },
    async ping() {
      ensureOpen();
      await link.ping();
    },
    /**
     * Reads without removing: takes up to `limit` messages unacked, then hands them all back at once, which
     * RabbitMQ puts back in their places. A consumer of the dead queue (there is none by default) would see
     * them missing for that moment.
     */
    async deadLetters(queue, limit = 100) {
      ensureOpen();
      const names = queueNames(deps.prefix, 'jobs', queue);
      return link.withChannel(async (channel) => {
        if (!(await exists(channel, names.dead))) return [];
        const jobs: Job[] = [];
        while (jobs.length < limit) {
          const message = await channel.get(names.dead, { noAck: false });
          if (!message) break;
          jobs.push(decode(queue, message));
        }
        channel.nackAll(true);
        return jobs;
      });
    },
    close: () => subscriptions.closeAll(),
  };
}

function decode<TData = unknown>(queue: string, message: Pick<GetMessage, 'content' | 'properties'>): Job<TData> {
  const attempt = Number(message.properties.headers?.[headers.attempt]);
  return {
    id: String(message.properties.messageId),
    queue,
    data: parseBody(message.content.toString('utf8')) as TData,
    attempt: Number.isInteger(attempt) && attempt >= 1 ? attempt : 1,
  };
}

// A missing queue answers 404 and closes the channel, so each check gets its own channel.
async function count(link: RabbitLink, queue: string): Promise<number> {
  return link.withChannel(async (channel) => {
    try {
      return (await channel.checkQueue(queue)).messageCount;
    } catch (error) {
      if (isNotFound(error)) return 0;
      throw error;
    }
  });
}

async function exists(channel: Channel, queue: string): Promise<boolean> {
  try {
    await channel.checkQueue(queue);
    return true;
  } catch (error) {
    if (isNotFound(error)) return false;
    throw error;
  }
}

function isNotFound(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 404;
}
