import type { Cache } from '@framecast/adapters';

/** How often a player says it is still watching; a viewer is counted in each window they sent one in. */
export const HEARTBEAT_SECONDS = 30;
/** Viewers counted from one address per window at most: a script cannot make up an audience from one machine. */
export const VIEWERS_PER_ADDRESS = 10;

/**
 * Live viewer counts from player heartbeats, in the cache adapter (Redis when configured, so every instance
 * counts into the same numbers). Time is cut into windows of `HEARTBEAT_SECONDS`; a viewer is counted once per
 * window however often it calls, and the count shown is the last complete window's (or the current one's, once it
 * is larger, so a stream's first viewers show at once).
 */
export function viewerCounter(deps: { cache: Cache; now: () => number }) {
  const windowMs = HEARTBEAT_SECONDS * 1000;
  const windowOf = (ms: number) => Math.floor(ms / windowMs);
  const total = (sessionId: string, window: number) => `live:viewers:${sessionId}:${window}`;

  return {
    /** Counts `viewer` (an account id or a player's random id) from `address` in the current window. */
    async heartbeat(sessionId: string, viewer: string, address: string): Promise<void> {
      const window = windowOf(deps.now());
      const keep = windowMs * 3;
      const seen = await deps.cache.incr(`live:seen:${sessionId}:${window}:${viewer}`, keep);
      if (seen.count !== 1) return;
      const fromAddress = await deps.cache.incr(`live:address:${sessionId}:${window}:${address}`, keep);
      if (fromAddress.count > VIEWERS_PER_ADDRESS) return;
      await deps.cache.incr(total(sessionId, window), keep);
    },

    /** Viewers now: the larger of the last complete window and the current one. */
    async count(sessionId: string): Promise<number> {
      const window = windowOf(deps.now());
      const [previous, current] = await Promise.all([
        deps.cache.get(total(sessionId, window - 1)),
        deps.cache.get(total(sessionId, window)),
      ]);
      return Math.max(Number(previous ?? 0), Number(current ?? 0));
    },
  };
}

export type ViewerCounter = ReturnType<typeof viewerCounter>;
