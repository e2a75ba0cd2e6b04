import type { PubSub } from '@framecast/adapters';
import type { Logger } from 'pino';

/**
 * The publishers connected to this process, by channel, and the order to drop one wherever it is connected: a
 * rotated key or a deleted account ends the stream on whichever live instance holds it (pub/sub, Redis when
 * configured).
 */
export function publisherRegistry(deps: { pubsub: PubSub; prefix: string; logger: Logger }) {
  const channel = `${deps.prefix}live:disconnect`;
  const connected = new Map<string, (reason: string) => void>();
  let unsubscribe: (() => Promise<void>) | undefined;

  const dropHere = (channelId: string) => {
    const drop = connected.get(channelId);
    if (!drop) return;
    connected.delete(channelId);
    drop('the stream key changed');
  };

  return {
    /** Holds `drop` for the channel's publisher until `release` is called. */
    hold(channelId: string, drop: (reason: string) => void): () => void {
      connected.set(channelId, drop);
      return () => {
        if (connected.get(channelId) === drop) connected.delete(channelId);
      };
    },
    /** Drops the channel's publisher, on every instance. */
    async disconnect(channelId: string): Promise<void> {
      dropHere(channelId);
      await deps.pubsub.publish(channel, channelId);
    },
    async start(): Promise<void> {
      unsubscribe = await deps.pubsub.subscribe(channel, (message) => {
        try {
          dropHere(message);
        } catch (err) {
          deps.logger.warn({ err, channelId: message }, 'dropping a publisher failed');
        }
      });
    },
    async stop(): Promise<void> {
      await unsubscribe?.();
    },
  };
}

export type PublisherRegistry = ReturnType<typeof publisherRegistry>;
