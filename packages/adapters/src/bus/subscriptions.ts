import type { Subscription } from './types.js';

/** The open subscriptions of a bus or a queue, so that closing it closes each of them. */
export function openSubscriptions() {
  const open = new Set<Subscription>();
  return {
    /** Tracks `inner` until it is closed; returns the subscription to hand out. */
    add(inner: Subscription): Subscription {
      const tracked: Subscription = {
        async close() {
          open.delete(tracked);
          await inner.close();
        },
      };
      open.add(tracked);
      return tracked;
    },
    async closeAll(): Promise<void> {
      await Promise.all([...open].map((subscription) => subscription.close()));
    },
  };
}
