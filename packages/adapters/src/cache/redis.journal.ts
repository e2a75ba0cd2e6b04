import { Redis } from 'ioredis';
import pino, { type Logger } from 'pino';
import { redact } from '../bus/connection.util.js';
import { createFollower, decodePublished } from './journal.follow.js';
import { readAfter } from './journal.time.js';
import { quit } from './redis.cache.js';
import type { Journal, JournalEntry, JournalLimits, PubSub } from './types.js';

// Numbers the entry, stores it in the log's stream, trims, and publishes it: one script, so subscribers receive
// entries in the order of their numbers. A log without its meta begins a new life at the clock (ms × 1000), its old
// stream (if any) dropped. Lua numbers are doubles: exact below 2^53, written with %.0f.
const appendScript = `
local last = redis.call('HGET', KEYS[2], 'last')
local id
local start
if last then
  id = redis.call('HINCRBY', KEYS[2], 'last', 1)
  start = redis.call('HGET', KEYS[2], 'start')
else
  local t = redis.call('TIME')
  id = tonumber(t[1]) * 1000000 + math.floor(tonumber(t[2]) / 1000) * 1000
  start = string.format('%.0f', id)
  redis.call('DEL', KEYS[1])
  redis.call('HSET', KEYS[2], 'last', start, 'start', start)
end
local sid = string.format('%.0f', id)
redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[2], sid .. '-0', 'd', ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
redis.call('PEXPIRE', KEYS[2], ARGV[3])
redis.call('PUBLISH', ARGV[4], sid .. ' ' .. start .. ' ' .. ARGV[1])
return {sid, start}
`;

interface JournalCommands {
  framecastJournalAppend(
    log: string,
    meta: string,
    data: string,
    maxEntries: number,
    idleMs: number,
    channel: string,
  ): Promise<[string, string]>;
}

type StreamReply = [string, string[]][];

const toEntries = (reply: StreamReply): JournalEntry[] =>
  reply.map(([id, fields]) => ({ id: id.slice(0, id.indexOf('-')), data: fields[1] ?? '' }));

/**
 * Journals in Redis: a stream per log (`journal:{key}:log`, ids `<number>-0`) beside a hash of its life
 * (`journal:{key}:meta`: start, last), both under `keyPrefix` and in one hash slot; entries are published on the
 * channel `<keyPrefix>journal:{key}` through `pubsub`, which every instance's followers share.
 */
export function createRedisJournal(
  url: string,
  opts: { pubsub: PubSub; limits: JournalLimits; keyPrefix?: string; logger?: Logger },
): Journal {
  const logger = opts.logger ?? pino();
  const prefix = opts.keyPrefix ?? '';
  const client = new Redis(url, { keyPrefix: prefix });
  client.on('error', (error: Error) => logger.warn({ server: redact(url), err: error }, 'Redis connection error'));
  client.defineCommand('framecastJournalAppend', { numberOfKeys: 2, lua: appendScript });
  const commands = client as unknown as JournalCommands;
  const keys = (key: string) => ({ log: `journal:{${key}}:log`, meta: `journal:{${key}}:meta` });
  const channel = (key: string) => `${prefix}journal:{${key}}`;
  let closed = false;

  const ensureOpen = () => {
    if (closed) throw new Error('The Redis journal is closed.');
  };

  const life = async (key: string) => {
    const [start, last] = await client.hmget(keys(key).meta, 'start', 'last');
    return start && last ? { start, last } : null;
  };

  const after: Journal['after'] = async (key, at) => {
    ensureOpen();
    const { log } = keys(key);
    const [meta, firstReply] = await Promise.all([life(key), client.xrange(log, '-', '+', 'COUNT', 1)]);
    if (!meta) return { kind: 'gone' };
    const first = firstReply[0] ? Number(firstReply[0][0].split('-')[0]) : null;
    const bounds = { start: Number(meta.start), last: Number(meta.last), first };
    const read = readAfter(bounds, at, () => []);
    if (read.kind === 'gone' || Number(at) === bounds.last) return read;
    const entries = toEntries((await client.xrange(log, `(${at}-0`, '+')) as StreamReply);
    // Trimmed between the two reads: the entry right after `at` must be the first one read.
    if (entries[0]?.id !== String(Number(at) + 1)) return { kind: 'gone' };
    return { kind: 'entries', entries };
  };

  return {
    async append(key, data) {
      ensureOpen();
      const { log, meta } = keys(key);
      const [id] = await commands.framecastJournalAppend(
        log,
        meta,
        data,
        opts.limits.maxEntries,
        opts.limits.idleMs,
        channel(key),
      );
      return { id, data };
    },
    after,
    async latest(key, count) {
      ensureOpen();
      if (count <= 0) return [];
      const reply = (await client.xrevrange(keys(key).log, '+', '-', 'COUNT', count)) as StreamReply;
      return toEntries(reply).reverse();
    },
    async follow(key, handler, onLost) {
      ensureOpen();
      const follower = createFollower({
        handler,
        ...(onLost ? { onLost } : {}),
        readAfter: (at) => after(key, at),
        onError: (err) => logger.error({ err, key }, 'a journal follower failed'),
      });
      const unsubscribe = await opts.pubsub.subscribe(channel(key), (message) => {
        const entry = decodePublished(message);
        if (entry) follower.receive(entry);
        else logger.warn({ key }, 'a journal message without its number was ignored');
      });
      // Subscribed first, then read where the log stands: nothing published in between is missed.
      const meta = await life(key);
      follower.begin(meta?.last ?? null, meta?.start ?? null);
      const stopListening = opts.pubsub.onReconnect(() => follower.reconnected());
      return async () => {
        follower.stop();
        stopListening();
        await unsubscribe();
      };
    },
    async close() {
      closed = true;
      await quit(client);
    },
  };
}
