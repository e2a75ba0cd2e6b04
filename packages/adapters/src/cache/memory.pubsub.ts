import pino, { type Logger } from 'pino';
import type { PubSub } from './types.js';

type Handler = (message: string) => void;

/** Pub/sub inside one process: what Redis pub/sub does across instances. */
export function createMemoryPubSub(opts: { logger?: Logger } = {}): PubSub {
  const logger = opts.logger ?? pino();
  const channels = new Map<string, Set<Handler>>();
  let closed = false;

  function ensureOpen(): void {
    if (closed) throw new Error('The in-memory pub/sub is closed.');
  }

  return {
    async publish(channel, message) {
      ensureOpen();
      // Those subscribed now receive it, later and in publishing order, as through a server.
      const receivers = [...(channels.get(channel) ?? [])];
      setImmediate(() => {
        for (const handler of receivers) deliver(logger, channel, handler, message);
      });
    },
    async subscribe(channel, handler) {
      ensureOpen();
      let handlers = channels.get(channel);
      if (!handlers) {
        handlers = new Set();
        channels.set(channel, handlers);
      }
      // Wrapped so the same function subscribed twice gets two independent subscriptions.
      const subscription: Handler = (message) => handler(message);
      handlers.add(subscription);
      return async () => {
        handlers.delete(subscription);
        if (handlers.size === 0 && channels.get(channel) === handlers) channels.delete(channel);
      };
    },
    // Nothing is between publishers and subscribers in one process: no connection to lose.
    onReconnect: () => () => undefined,
    async close() {
      closed = true;
      channels.clear();
    },
  };
}

/** One handler's failure must not keep the message from the others. */
export function deliver(logger: Logger, channel: string, handler: Handler, message: string): void {
  try {
    handler(message);
  } catch (error) {
    logger.error({ channel, err: error }, 'a pub/sub handler failed');
  }
}
