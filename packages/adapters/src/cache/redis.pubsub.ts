import { Redis } from 'ioredis';
import pino, { type Logger } from 'pino';
import { redact } from '../bus/connection.util.js';
import { deliver } from './memory.pubsub.js';
import { quit } from './redis.cache.js';
import type { PubSub } from './types.js';

type Handler = (message: string) => void;

/**
 * Pub/sub over Redis: one connection publishes, a second one (in subscriber mode, where Redis allows no other
 * command) holds the subscriptions. ioredis subscribes again by itself after a reconnect; once it has, the
 * `onReconnect` listeners hear of it. `name` labels both connections in Redis's `CLIENT LIST`.
 */
export function createRedisPubSub(url: string, opts: { logger?: Logger; name?: string } = {}): PubSub {
  const logger = opts.logger ?? pino();
  const where = redact(url);
  const options = opts.name ? { connectionName: opts.name } : {};
  const publisher = new Redis(url, options);
  const subscriber = new Redis(url, options);
  const channels = new Map<string, { handlers: Set<Handler>; active: Promise<unknown> }>();
  const reconnected = new Set<() => void>();
  let closed = false;
  let connectedBefore = false;

  subscriber.on('ready', () => {
    if (!connectedBefore) {
      connectedBefore = true;
      return;
    }
    // SUBSCRIBE again to what is held (a no-op where ioredis already did): its answer means every channel is active.
    const held = [...channels.keys()];
    const active = held.length > 0 ? subscriber.subscribe(...held) : Promise.resolve();
    active.then(
      () => {
        for (const listener of reconnected) listener();
      },
      (error: unknown) => logger.warn({ server: where, err: error }, 'Redis resubscription failed'),
    );
  });

  for (const client of [publisher, subscriber]) {
    client.on('error', (error: Error) => logger.warn({ server: where, err: error }, 'Redis connection error'));
  }
  subscriber.on('message', (channel: string, message: string) => {
    for (const handler of channels.get(channel)?.handlers ?? []) deliver(logger, channel, handler, message);
  });

  function ensureOpen(): void {
    if (closed) throw new Error('The Redis pub/sub is closed.');
  }

  return {
    async publish(channel, message) {
      ensureOpen();
      await publisher.publish(channel, message);
    },
    async subscribe(channel, handler) {
      ensureOpen();
      let entry = channels.get(channel);
      if (!entry) {
        entry = { handlers: new Set(), active: subscriber.subscribe(channel) };
        channels.set(channel, entry);
      }
      const subscription: Handler = (message) => handler(message);
      entry.handlers.add(subscription);
      try {
        await entry.active;
      } catch (error) {
        entry.handlers.delete(subscription);
        if (entry.handlers.size === 0 && channels.get(channel) === entry) channels.delete(channel);
        throw error;
      }
      const subscribed = entry;
      return async () => {
        subscribed.handlers.delete(subscription);
        // The last handler of a channel gone: Redis stops sending it to this instance.
        if (subscribed.handlers.size === 0 && channels.get(channel) === subscribed) {
          channels.delete(channel);
          if (!closed) await subscriber.unsubscribe(channel);
        }
      };
    },
    onReconnect(listener) {
      reconnected.add(listener);
      return () => reconnected.delete(listener);
    },
    async close() {
      closed = true;
      channels.clear();
      reconnected.clear();
      await Promise.all([quit(publisher), quit(subscriber)]);
    },
  };
}
