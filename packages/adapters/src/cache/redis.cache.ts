import { Redis } from 'ioredis';
import pino, { type Logger } from 'pino';
import { redact, withTimeout } from '../bus/connection.util.js';
import { checkTtl } from './ttl.js';
import type { Cache } from './types.js';

// INCR, then give the key its window if it has none: atomic, and a counter can never outlive its window.
const incrWindowScript = `
local count = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {count, ttl}
`;

interface WindowCommands {
  framecastIncrWindow(key: string, ttlMs: number): Promise<[number, number]>;
}

/**
 * A cache in Redis. `client` is the ioredis connection, for rate limiters that share it. `keyPrefix` namespaces every
 * key, so deployments (or test runs) sharing one Redis never see each other's keys.
 */
export function createRedisCache(
  url: string,
  opts: { logger?: Logger; keyPrefix?: string } = {},
): Cache & { client: Redis } {
  const logger = opts.logger ?? pino();
  const where = redact(url);
  const client = new Redis(url, { keyPrefix: opts.keyPrefix });
  client.on('error', (error: Error) => logger.warn({ server: where, err: error }, 'Redis connection error'));
  // Sent as EVALSHA, with the script loaded on first use.
  client.defineCommand('framecastIncrWindow', { numberOfKeys: 1, lua: incrWindowScript });
  const commands = client as unknown as WindowCommands;

  return {
    client,
    async get(key) {
      return client.get(key);
    },
    async set(key, value, ttlMs) {
      if (ttlMs === undefined) await client.set(key, value);
      else await client.set(key, value, 'PX', checkTtl(ttlMs));
    },
    async del(key) {
      await client.del(key);
    },
    ping: () => ping(client, where),
    async incr(key, ttlMs) {
      const [count, left] = await commands.framecastIncrWindow(key, checkTtl(ttlMs));
      return { count, ttlMs: left };
    },
    close: () => quit(client),
  };
}

/**
 * Readiness: fails at once while the client is reconnecting or closed; otherwise (connected, or making its
 * first connection) waits for PONG, up to 2 s or the first connection error.
 */
async function ping(client: Redis, where: string): Promise<void> {
  if (['reconnecting', 'close', 'end'].includes(client.status)) {
    throw new Error(`Redis at ${where} is not connected (${client.status}).`);
  }
  let onError: (error: Error) => void = () => {};
  const lost = new Promise<never>((_, reject) => {
    onError = (error) => reject(new Error(`Redis at ${where} is not connected: ${error.message}`));
    client.once('error', onError);
  });
  try {
    await withTimeout(Promise.race([client.ping(), lost]), 2_000, `Redis at ${where} did not answer within 2 s.`);
  } finally {
    client.off('error', onError);
  }
}

/** Closes politely when connected, at once otherwise (QUIT would wait for a connection that may not come). */
export async function quit(client: Redis): Promise<void> {
  if (client.status === 'end') return;
  if (client.status === 'ready') {
    await client.quit();
    return;
  }
  client.disconnect();
}
