import type { FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import type { Cache } from '@framecast/adapters';

/**
 * Lets @fastify/rate-limit count in our cache adapter: fixed windows in Redis when Redis is configured (limits hold
 * across gateway instances), in memory otherwise.
 */
export function cacheRateLimitStore(cache: Cache, namespace = 'ratelimit:'): FastifyRateLimitStoreCtor {
  return class CacheRateLimitStore {
    incr(
      key: string,
      callback: (error: Error | null, result?: { current: number; ttl: number }) => void,
      window: number,
    ) {
      cache.incr(namespace + key, window).then(
        ({ count, ttlMs }) => callback(null, { current: count, ttl: ttlMs }),
        (error: Error) => callback(error),
      );
    }
    child() {
      return this;
    }
  } as unknown as FastifyRateLimitStoreCtor;
}
