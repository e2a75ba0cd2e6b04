import type { Cache } from '@framecast/adapters';

/**
 * Whether a view is the first of `viewer` for a video in the current window: an atomic counter in the cache adapter
 * (Redis in microservices mode, so every instance agrees), starting its window at the first view.
 */
export function viewCounter(deps: { cache: Cache; windowSeconds: number }) {
  return async (videoId: string, viewer: string): Promise<boolean> => {
    const { count } = await deps.cache.incr(`views:${videoId}:${viewer}`, deps.windowSeconds * 1000);
    return count === 1;
  };
}
