import { join } from 'node:path';
import {
  type Cache,
  connectRabbit,
  createDatabaseEventBus,
  createDatabaseJobQueue,
  createDiskStorage,
  createMemoryCache,
  createMemoryJournal,
  createMemoryPubSub,
  createRedisCache,
  createRedisJournal,
  createRedisPubSub,
  createS3Storage,
  type Database,
  type EventBus,
  type JobQueue,
  type Journal,
  type JournalLimits,
  type ObjectStorage,
  openDatabase,
  type PubSub,
} from '@framecast/adapters';
import type { Logger } from 'pino';
import type { Config } from './config.js';

/** How often relays and job consumers look for work on the embedded database, where writes wake them. */
export const EMBEDDED_POLL_MS = 2_000;

/** What every log keeps: enough to resume a chat room after minutes away; a day idle and it is forgotten. */
const JOURNAL_LIMITS: JournalLimits = { maxEntries: 1000, idleMs: 24 * 3600 * 1000 };

export interface Adapters {
  db: Database;
  events: EventBus;
  jobs: JobQueue;
  cache: Cache;
  pubsub: PubSub;
  /** Ordered logs followed on every instance (chat rooms): Redis Streams with pub/sub, or memory. */
  journal: Journal;
  storage: ObjectStorage;
  /** Which implementation each adapter uses (where events and jobs travel), for the start-up log line. */
  kinds: Record<'db' | 'events' | 'jobs' | 'cache' | 'storage', string>;
  close(): Promise<void>;
}

/** Server-backed adapters where the configuration names a server, embedded ones otherwise. */
export async function openAdapters(config: Config, logger: Logger): Promise<Adapters> {
  const opened: { close(): Promise<void> }[] = [];
  const track = <T extends { close(): Promise<void> }>(adapter: T): T => {
    opened.push(adapter);
    return adapter;
  };
  const closeAll = async () => {
    for (const adapter of opened.reverse()) {
      await adapter.close().catch((err: unknown) => logger.warn({ err }, 'closing an adapter failed'));
    }
  };

  try {
    const db = track(await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir, logger }));
    const bus = config.amqpUrl ? track(await connectRabbit({ url: config.amqpUrl, logger })) : undefined;
    // Without a broker, jobs and events live in the database: a video `processing` when the process stops still has
    // its job, and an event whose handler had not finished is delivered again at the next start.
    // On the embedded database only this process enqueues, and enqueueing wakes its consumers: polling is a safety
    // net (retries wake themselves when due).
    const jobs =
      bus?.jobs ??
      track(
        await createDatabaseJobQueue({
          db,
          logger,
          ...(db.dialect === 'pglite' ? { pollIntervalMs: EMBEDDED_POLL_MS } : {}),
        }),
      );
    const events = bus?.events ?? track(createDatabaseEventBus({ jobs }));
    const redisCache = config.redisUrl
      ? track(createRedisCache(config.redisUrl, { logger, keyPrefix: config.redisKeyPrefix }))
      : undefined;
    const cache = redisCache ?? track(createMemoryCache());
    const pubsub = track(
      config.redisUrl
        ? createRedisPubSub(config.redisUrl, {
            logger,
            name: `${config.redisKeyPrefix}pubsub`.replace(/[^\w:.-]/g, '_'),
          })
        : createMemoryPubSub({ logger }),
    );
    const journal = track(
      config.redisUrl
        ? createRedisJournal(config.redisUrl, {
            pubsub,
            limits: JOURNAL_LIMITS,
            keyPrefix: config.redisKeyPrefix,
            logger,
          })
        : createMemoryJournal(JOURNAL_LIMITS, { logger }),
    );
    const storage = track(config.s3 ? createS3Storage(config.s3) : createDiskStorage(join(config.dataDir, 'storage')));
    return {
      db,
      events,
      jobs,
      cache,
      pubsub,
      journal,
      storage,
      kinds: {
        db: db.dialect === 'postgres' ? 'PostgreSQL' : `embedded PostgreSQL (${config.databaseUrl ?? config.dataDir})`,
        events: bus ? 'RabbitMQ' : 'database (queues events.<group> in jobs.jobs)',
        jobs: bus ? 'RabbitMQ' : 'database (table jobs.jobs)',
        cache: redisCache ? 'Redis' : 'in-memory',
        storage: config.s3 ? `S3 bucket ${config.s3.bucket}` : `local disk (${join(config.dataDir, 'storage')})`,
      },
      close: closeAll,
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
