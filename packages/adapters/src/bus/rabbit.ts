import type { Logger } from 'pino';
import { type DeliveryTuning, defaultDrainTimeoutMs, eventDelivery } from './delivery.policy.js';
import { createRabbitEventBus } from './rabbit.events.js';
import { createRabbitJobQueue } from './rabbit.jobs.js';
import { openRabbitLink, type ReconnectOptions } from './rabbit.link.js';
import type { EventBus, JobQueue } from './types.js';

export interface RabbitOptions extends DeliveryTuning {
  /** `amqp://user:password@host:5672/vhost`; add `?heartbeat=10` to notice a dead peer sooner. */
  url: string;
  logger: Logger;
  /** The topic exchange of domain events. Default `framecast.events`. */
  exchange?: string;
  /** Prefix of every queue name. Default `framecast`. */
  prefix?: string;
  /** How long a publish or enqueue waits for a lost connection to come back before failing. Default 5 s. */
  publishTimeoutMs?: number;
  reconnect?: ReconnectOptions;
}

export interface RabbitBus {
  events: EventBus;
  jobs: JobQueue;
  /** Closes both (draining their handlers), then the connection. */
  close(): Promise<void>;
}

/**
 * Events and jobs over one RabbitMQ connection that reconnects by itself. Closing `events` and `jobs` both
 * also closes the connection, so either way of shutting down frees it.
 */
export async function connectRabbit(opts: RabbitOptions): Promise<RabbitBus> {
  const exchange = opts.exchange ?? 'framecast.events';
  const prefix = opts.prefix ?? 'framecast';
  const drainTimeoutMs = opts.drainTimeoutMs ?? defaultDrainTimeoutMs;
  const delivery = eventDelivery(opts);
  const link = await openRabbitLink({
    url: opts.url,
    logger: opts.logger,
    exchange,
    publishTimeoutMs: opts.publishTimeoutMs ?? 5_000,
    reconnect: opts.reconnect,
  });
  const logger = opts.logger;
  const events = createRabbitEventBus({ link, logger, exchange, prefix, delivery, drainTimeoutMs });
  const jobs = createRabbitJobQueue({ link, logger, prefix, drainTimeoutMs });

  const open = new Set(['events', 'jobs']);
  async function closed(part: string): Promise<void> {
    open.delete(part);
    if (open.size === 0) await link.close();
  }

  return {
    events: {
      ...events,
      async close() {
        await events.close();
        await closed('events');
      },
    },
    jobs: {
      ...jobs,
      async close() {
        await jobs.close();
        await closed('jobs');
      },
    },
    async close() {
      await Promise.all([events.close(), jobs.close()]);
      await link.close();
    },
  };
}
