import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { memoryLogger } from '../outbox/outbox.contract.js';
import { requireServer, testUrls } from '../testing/index.js';
import { cacheContract } from './cache.contract.js';
import { journalContract } from './journal.contract.js';
import { pubSubContract } from './pubsub.contract.js';
import { createRedisCache } from './redis.cache.js';
import { createRedisJournal } from './redis.journal.js';
import { createRedisPubSub } from './redis.pubsub.js';

const url = testUrls.redis;
let admin: Redis;

beforeAll(async () => {
  await requireServer('redis');
  admin = new Redis(url);
});
afterAll(async () => {
  await admin?.quit();
});

/** Drops this Redis's connections named `name`, as a network failure would; how many there were. */
async function killClients(name: string): Promise<number> {
  const list = (await admin.client('LIST')) as string;
  const ids = list
    .split('\n')
    .filter((line) => line.includes(` name=${name} `))
    .map((line) => /id=(\d+)/.exec(line)?.[1])
    .filter((id): id is string => id !== undefined);
  for (const id of ids) await admin.client('KILL', 'ID', id);
  return ids.length;
}

async function deleteUnder(prefix: string): Promise<void> {
  const keys = await admin.keys(`${prefix}*`);
  if (keys.length > 0) await admin.del(...keys);
}

cacheContract('Redis', async () => {
  const cache = createRedisCache(url, { logger: memoryLogger().logger });
  return {
    cache,
    async dispose(prefix) {
      await cache.close();
      await deleteUnder(prefix);
    },
  };
});

pubSubContract('Redis', async () => createRedisPubSub(url, { logger: memoryLogger().logger }));

journalContract('Redis', async (limits) => {
  const logger = memoryLogger().logger;
  const pubsub = createRedisPubSub(url, { logger });
  const journal = createRedisJournal(url, { pubsub, limits, keyPrefix: 'fctest:', logger });
  return {
    ...journal,
    async close() {
      await journal.close();
      await pubsub.close();
    },
  };
});

describe('Redis journal across instances', () => {
  const limits = { maxEntries: 1000, idleMs: 60_000 };

  it('delivers every entry once and in order to a follower whose connection dropped meanwhile', async () => {
    const name = `fctest-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
    const key = `gap-${name}`;
    const logger = memoryLogger().logger;
    const followerPubSub = createRedisPubSub(url, { logger, name });
    const writerPubSub = createRedisPubSub(url, { logger });
    const follower = createRedisJournal(url, { pubsub: followerPubSub, limits, keyPrefix: 'fctest:', logger });
    const writer = createRedisJournal(url, { pubsub: writerPubSub, limits, keyPrefix: 'fctest:', logger });
    try {
      const seen: string[] = [];
      await writer.append(key, 'before following');
      await follower.follow(key, (entry) => seen.push(entry.data));
      const sent: string[] = [];
      const send = async (data: string) => {
        sent.push(data);
        await writer.append(key, data);
      };
      for (let i = 0; i < 5; i++) await send(`a${i}`);
      await vi.waitFor(() => expect(seen).toEqual(sent));
      // Dropped while entries keep coming: those published meanwhile never reach it through pub/sub.
      expect(await killClients(name)).toBe(2);
      for (let i = 0; i < 20; i++) await send(`b${i}`);
      await vi.waitFor(() => expect(seen).toEqual(sent), { timeout: 5_000 });
      for (let i = 0; i < 5; i++) await send(`c${i}`);
      await vi.waitFor(() => expect(seen).toEqual(sent));
    } finally {
      await Promise.all([follower.close(), writer.close()]);
      await Promise.all([followerPubSub.close(), writerPubSub.close()]);
    }
  });

  it('numbers the entries of two writers in one order, which every follower sees', async () => {
    const key = `order-${Date.now()}`;
    const logger = memoryLogger().logger;
    const pubsubs = [createRedisPubSub(url, { logger }), createRedisPubSub(url, { logger })];
    const [one, two] = pubsubs.map((pubsub) =>
      createRedisJournal(url, { pubsub, limits, keyPrefix: 'fctest:', logger }),
    );
    try {
      const seenOne: string[] = [];
      const seenTwo: string[] = [];
      await one!.follow(key, (e) => seenOne.push(e.id));
      await two!.follow(key, (e) => seenTwo.push(e.id));
      const appended = await Promise.all(
        Array.from({ length: 40 }, (_, i) => (i % 2 ? one! : two!).append(key, `m${i}`)),
      );
      const ids = appended.map((e) => e.id).sort();
      await vi.waitFor(() => expect(seenOne).toEqual(ids));
      await vi.waitFor(() => expect(seenTwo).toEqual(ids));
      expect(new Set(ids).size).toBe(40);
    } finally {
      await Promise.all([one!.close(), two!.close()]);
      await Promise.all(pubsubs.map((p) => p.close()));
    }
  });
});

describe('Redis cache and pub/sub on the server', () => {
  it('shares one counter window between instances, with the expiry set in Redis', async () => {
    const key = `fctest:${Date.now()}:shared`;
    const one = createRedisCache(url, { logger: memoryLogger().logger });
    const two = createRedisCache(url, { logger: memoryLogger().logger });
    const counts = await Promise.all([one, two, one, two].map((cache) => cache.incr(key, 5_000)));
    expect(counts.map((c) => c.count).sort()).toEqual([1, 2, 3, 4]);
    const pttl = await admin.pttl(key);
    expect(pttl).toBeGreaterThan(4_000);
    expect(pttl).toBeLessThanOrEqual(5_000);
    expect(one.client).toBeInstanceOf(Redis);
    expect(await one.client.get(key)).toBe('4');
    await Promise.all([one.close(), two.close()]);
    await admin.del(key);
  });

  it('fans a message out to subscribers in other instances', async () => {
    const channel = `fctest:${Date.now()}:fanout`;
    const publisher = createRedisPubSub(url, { logger: memoryLogger().logger });
    const subscriber = createRedisPubSub(url, { logger: memoryLogger().logger });
    const received: string[] = [];
    const unsubscribe = await subscriber.subscribe(channel, (message) => received.push(message));
    await publisher.publish(channel, 'hello');
    await vi.waitFor(() => expect(received).toEqual(['hello']));
    await unsubscribe();
    expect(await admin.pubsub('NUMSUB', channel)).toEqual([channel, 0]);
    await publisher.publish(channel, 'gone');
    await sleep(50);
    expect(received).toEqual(['hello']);
    await Promise.all([publisher.close(), subscriber.close()]);
  });

  it('tells its listeners when the subscriber connection came back with its subscriptions', async () => {
    const name = `fctest-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
    const channel = `fctest:${name}:again`;
    const pubsub = createRedisPubSub(url, { logger: memoryLogger().logger, name });
    const received: string[] = [];
    let reconnects = 0;
    pubsub.onReconnect(() => reconnects++);
    await pubsub.subscribe(channel, (message) => received.push(message));
    await pubsub.publish(channel, 'before');
    await vi.waitFor(() => expect(received).toEqual(['before']));
    expect(await killClients(name)).toBe(2);
    await vi.waitFor(() => expect(reconnects).toBe(1), { timeout: 5_000 });
    await pubsub.publish(channel, 'after');
    await vi.waitFor(() => expect(received).toEqual(['before', 'after']));
    await pubsub.close();
  });

  it('fails ping at once while Redis cannot be reached', async () => {
    const cache = createRedisCache('redis://127.0.0.1:1', { logger: memoryLogger().logger });
    const began = Date.now();
    await expect(cache.ping()).rejects.toThrow(/Redis at redis:\/\/127\.0\.0\.1:1 is not connected/);
    await expect(cache.ping()).rejects.toThrow(/is not connected/);
    expect(Date.now() - began).toBeLessThan(500);
    await cache.close();
  });
});
