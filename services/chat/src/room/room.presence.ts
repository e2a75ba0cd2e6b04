import type { PubSub } from '@framecast/adapters';
import type { Logger } from 'pino';

/** An instance's count is forgotten when it has not been heard of for this long (it stopped, or lost Redis). */
const STALE_MS = 30_000;
/** Each instance says its count this often even when unchanged. */
const REFRESH_MS = 10_000;

/**
 * How many sockets a room has across instances, without state in Redis: each instance publishes its own count on the
 * room's presence channel when it changes (at most every tick) and every 10 s, and adds up the latest count of every
 * instance it heard from in the last 30 s.
 */
export function createRoomPresence(deps: {
  pubsub: PubSub;
  channel: string;
  instance: string;
  logger: Logger;
  now?: () => number;
}) {
  const now = deps.now ?? Date.now;
  const counts = new Map<string, { count: number; at: number }>();
  let published = -1;
  let publishedAt = 0;
  let unsubscribe: (() => Promise<void>) | undefined;

  return {
    async start() {
      unsubscribe = await deps.pubsub.subscribe(deps.channel, (message) => {
        const [instance, count] = message.split(' ');
        const value = Number(count);
        if (!instance || instance === deps.instance || !Number.isSafeInteger(value) || value < 0) return;
        counts.set(instance, { count: value, at: now() });
      });
    },
    /** Publishes this instance's count if it changed or is due; the total across instances. */
    tick(local: number): number {
      const at = now();
      if (local !== published || at - publishedAt >= REFRESH_MS) {
        published = local;
        publishedAt = at;
        deps.pubsub
          .publish(deps.channel, `${deps.instance} ${local}`)
          .catch((err: unknown) => deps.logger.warn({ err }, 'chat presence could not be published'));
      }
      let total = local;
      for (const [instance, entry] of counts) {
        if (at - entry.at > STALE_MS) counts.delete(instance);
        else total += entry.count;
      }
      return total;
    },
    async stop() {
      await deps.pubsub.publish(deps.channel, `${deps.instance} 0`).catch(() => undefined);
      await unsubscribe?.();
    },
  };
}

export type RoomPresence = ReturnType<typeof createRoomPresence>;
