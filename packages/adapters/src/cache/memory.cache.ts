import { checkTtl } from './ttl.js';
import type { Cache } from './types.js';

interface Entry {
  value: string;
  /** Epoch ms; undefined keeps the entry until it is deleted or overwritten. */
  expiresAt?: number;
}

/** The cache of one process, with Redis's semantics for expiry and counters. */
export function createMemoryCache(): Cache {
  const entries = new Map<string, Entry>();
  let closed = false;

  // Expired entries nobody reads again (rate-limit windows of past visitors) are dropped here.
  const sweeper = setInterval(() => {
    const now = Date.now();
    for (const [key, entry] of entries) if (isExpired(entry, now)) entries.delete(key);
  }, 30_000);
  sweeper.unref();

  function ensureOpen(): void {
    if (closed) throw new Error('The in-memory cache is closed.');
  }

  function live(key: string): Entry | undefined {
    ensureOpen();
    const entry = entries.get(key);
    if (entry && isExpired(entry, Date.now())) {
      entries.delete(key);
      return undefined;
    }
    return entry;
  }

  return {
    async get(key) {
      return live(key)?.value ?? null;
    },
    async set(key, value, ttlMs) {
      ensureOpen();
      entries.set(key, { value, expiresAt: ttlMs === undefined ? undefined : Date.now() + checkTtl(ttlMs) });
    },
    async del(key) {
      ensureOpen();
      entries.delete(key);
    },
    async ping() {
      ensureOpen();
    },
    async incr(key, ttlMs) {
      const windowMs = checkTtl(ttlMs);
      const entry = live(key);
      const current = entry ? Number(entry.value) : 0;
      if ((entry && !/^-?\d+$/.test(entry.value)) || !Number.isSafeInteger(current + 1)) {
        throw new Error(`The value at "${key}" is not an integer.`);
      }
      const now = Date.now();
      // As in the Redis script: a counter that has no window (new, or set without expiry) gets one now.
      const expiresAt = entry?.expiresAt ?? now + windowMs;
      entries.set(key, { value: String(current + 1), expiresAt });
      return { count: current + 1, ttlMs: expiresAt - now };
    },
    async close() {
      closed = true;
      clearInterval(sweeper);
      entries.clear();
    },
  };
}

function isExpired(entry: Entry, now: number): boolean {
  return entry.expiresAt !== undefined && entry.expiresAt <= now;
}
