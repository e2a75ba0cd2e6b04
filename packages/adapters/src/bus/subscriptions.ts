import type { Subscription } from './types.js';

/**
 * The open subscriptions of a bus or a queue, so that closing it closes each of them; and whether it is closed, so
 * that nothing is published or consumed after.
 */
export function openSubscriptions(what: 'event bus' | 'job queue') {
  const open = new Set<Subscription>();
  let closed = false;
  return {
    /** Throws once `closeAll` has been called. */
    ensureOpen(): void {
      if (closed) throw new Error(`The ${what} is closed.`);
    },
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
      closed = true;
      await Promise.all([...open].map((subscription) => subscription.close()));
    },
  };
}
