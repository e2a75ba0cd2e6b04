import pino, { type Logger } from 'pino';
import { lifeStart, readAfter } from './journal.time.js';
import type { Journal, JournalEntry, JournalLimits } from './types.js';

interface Log {
  start: number;
  last: number;
  entries: JournalEntry[];
  touched: number;
}

type Handler = (entry: JournalEntry) => void;

/** Journals inside one process: what Redis Streams and pub/sub do across instances. Nothing is ever lost here. */
export function createMemoryJournal(
  limits: JournalLimits,
  opts: { logger?: Logger; now?: () => number } = {},
): Journal {
  const logger = opts.logger ?? pino();
  const now = opts.now ?? Date.now;
  const logs = new Map<string, Log>();
  const followers = new Map<string, Set<Handler>>();
  let closed = false;

  const current = (key: string): Log | undefined => {
    const log = logs.get(key);
    if (log && now() - log.touched > limits.idleMs) {
      logs.delete(key);
      return undefined;
    }
    return log;
  };
  // Idle logs go, so rooms nobody uses again do not hold memory.
  const sweep = setInterval(() => {
    for (const key of logs.keys()) current(key);
  }, 60_000);
  sweep.unref();

  const ensureOpen = () => {
    if (closed) throw new Error('The in-memory journal is closed.');
  };

  return {
    async append(key, data) {
      ensureOpen();
      let log = current(key);
      if (!log) {
        const start = lifeStart(now());
        log = { start, last: start - 1, entries: [], touched: now() };
        logs.set(key, log);
      }
      log.last += 1;
      log.touched = now();
      const entry = { id: String(log.last), data };
      log.entries.push(entry);
      if (log.entries.length > limits.maxEntries) log.entries.splice(0, log.entries.length - limits.maxEntries);
      // Delivered later and in order, as through a server.
      const receivers = [...(followers.get(key) ?? [])];
      setImmediate(() => {
        for (const handler of receivers) {
          try {
            handler(entry);
          } catch (err) {
            logger.error({ err, key }, 'a journal follower failed');
          }
        }
      });
      return entry;
    },
    async after(key, after) {
      ensureOpen();
      const log = current(key);
      if (!log) return { kind: 'gone' };
      const first = log.entries[0] ? Number(log.entries[0].id) : null;
      return readAfter({ start: log.start, last: log.last, first }, after, () => log.entries);
    },
    async latest(key, count) {
      ensureOpen();
      const entries = current(key)?.entries ?? [];
      return count > 0 ? entries.slice(-count) : [];
    },
    async follow(key, handler) {
      ensureOpen();
      let set = followers.get(key);
      if (!set) {
        set = new Set();
        followers.set(key, set);
      }
      const subscription: Handler = (entry) => handler(entry);
      set.add(subscription);
      return async () => {
        set.delete(subscription);
        if (set.size === 0 && followers.get(key) === set) followers.delete(key);
      };
    },
    async close() {
      closed = true;
      clearInterval(sweep);
      followers.clear();
      logs.clear();
    },
  };
}
