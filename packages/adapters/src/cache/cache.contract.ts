import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Cache } from './types.js';

/** Opens a fresh cache; `dispose` closes it and deletes the keys under `prefix` from a server. */
export type OpenCache = () => Promise<{ cache: Cache; dispose(prefix: string): Promise<void> }>;

/** The cache contract: the in-memory cache and Redis both run it. */
export function cacheContract(name: string, open: OpenCache): void {
  describe(`Cache contract: ${name}`, () => {
    let cache: Cache;
    let dispose: (prefix: string) => Promise<void>;
    let prefix: string;
    const key = (name: string) => `${prefix}${name}`;

    beforeEach(async () => {
      prefix = `fctest:${randomUUID().slice(0, 8)}:`;
      ({ cache, dispose } = await open());
    });
    afterEach(async () => {
      await dispose(prefix);
    });

    it('returns null for a missing key, and what was set otherwise', async () => {
      expect(await cache.get(key('missing'))).toBeNull();
      await cache.set(key('a'), 'one');
      expect(await cache.get(key('a'))).toBe('one');
      await cache.set(key('a'), 'two');
      expect(await cache.get(key('a'))).toBe('two');
    });

    it('deletes a key, and deleting a missing one is no error', async () => {
      await cache.set(key('a'), 'one');
      await cache.del(key('a'));
      await cache.del(key('never'));
      expect(await cache.get(key('a'))).toBeNull();
    });

    it('expires a value after its time to live; a later set without one keeps it', async () => {
      await cache.set(key('short'), 'v', 60);
      await cache.set(key('kept'), 'v', 60);
      await cache.set(key('kept'), 'w');
      expect(await cache.get(key('short'))).toBe('v');
      await sleep(120);
      expect(await cache.get(key('short'))).toBeNull();
      expect(await cache.get(key('kept'))).toBe('w');
    });

    it('refuses a time to live that is not positive', async () => {
      await expect(cache.set(key('a'), 'v', 0)).rejects.toThrow(RangeError);
      await expect(cache.incr(key('a'), -1)).rejects.toThrow(RangeError);
    });

    it('counts within a window that the first increment starts', async () => {
      const first = await cache.incr(key('hits'), 200);
      expect(first.count).toBe(1);
      expect(first.ttlMs).toBeGreaterThan(150);
      expect(first.ttlMs).toBeLessThanOrEqual(200);
      await sleep(50);
      const second = await cache.incr(key('hits'), 200);
      expect(second.count).toBe(2);
      expect(second.ttlMs).toBeLessThanOrEqual(first.ttlMs - 40);
      await sleep(200);
      expect(await cache.incr(key('hits'), 200)).toMatchObject({ count: 1 });
    });

    it('increments atomically under concurrency', async () => {
      const results = await Promise.all(Array.from({ length: 50 }, () => cache.incr(key('burst'), 5_000)));
      expect(results.map((result) => result.count).sort((a, b) => a - b)).toEqual(
        Array.from({ length: 50 }, (_, i) => i + 1),
      );
      expect(await cache.get(key('burst'))).toBe('50');
    });

    it('gives a window to a counter set without one, and refuses a value that is not a number', async () => {
      await cache.set(key('plain'), '5');
      const counted = await cache.incr(key('plain'), 1_000);
      expect(counted.count).toBe(6);
      expect(counted.ttlMs).toBeGreaterThan(900);
      await cache.set(key('word'), 'five');
      await expect(cache.incr(key('word'), 1_000)).rejects.toThrow();
    });

    it('answers ping while open and fails it once closed', async () => {
      await cache.ping();
      await cache.close();
      await expect(cache.ping()).rejects.toThrow();
    });
  });
}
