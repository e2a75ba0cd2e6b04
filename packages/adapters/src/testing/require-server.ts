import { connect, type Socket } from 'node:net';
import pg from 'pg';
import { type TestUrls, testUrls } from './test-urls.js';

export type ServerKind = keyof TestUrls;

interface ServerFacts {
  name: string;
  defaultPort: number;
  start: string;
  /** Proves the server speaks its protocol, within `timeoutMs`. */
  hello(url: string, host: string, port: number, timeoutMs: number): Promise<void>;
}

const AMQP_PROTOCOL_HEADER = Buffer.from([0x41, 0x4d, 0x51, 0x50, 0, 0, 9, 1]); // "AMQP" 0-9-1
const AMQP_METHOD_FRAME = 1;

const servers: { [kind in ServerKind]: ServerFacts } = {
  postgres: {
    name: 'PostgreSQL',
    defaultPort: 5432,
    start: 'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start',
    async hello(url, _host, _port, timeoutMs) {
      const client = new pg.Client({
        connectionString: url,
        connectionTimeoutMillis: timeoutMs,
        query_timeout: timeoutMs,
      });
      try {
        await client.connect();
        await client.query('select 1');
      } finally {
        await client.end().catch(() => undefined);
      }
    },
  },
  redis: {
    name: 'Redis',
    defaultPort: 6379,
    start:
      'redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no --dir /var/lib/redis',
    // Any RESP reply (+PONG, or -NOAUTH from a server with a password) proves Redis is there.
    hello: (_url, host, port, timeoutMs) =>
      exchange(host, port, timeoutMs, Buffer.from('PING\r\n'), (reply) => reply[0] === 0x2b || reply[0] === 0x2d),
  },
  rabbitmq: {
    name: 'RabbitMQ',
    defaultPort: 5672,
    start: 'rabbitmq-server -detached',
    // The broker answers the protocol header with a Connection.Start method frame.
    hello: (_url, host, port, timeoutMs) =>
      exchange(host, port, timeoutMs, AMQP_PROTOCOL_HEADER, (reply) => reply[0] === AMQP_METHOD_FRAME),
  },
};

/**
 * Fails with an actionable message when a server an integration test needs is not answering: which
 * server, where, and the command that starts it. Tests call it first so they never pass without it.
 */
export async function requireServer(kind: ServerKind, url: string = testUrls[kind], timeoutMs = 3000): Promise<void> {
  const facts = servers[kind];
  const { hostname, port } = new URL(url);
  const host = hostname.replace(/^\[(.*)\]$/, '$1') || '127.0.0.1';
  const portNumber = Number(port) || facts.defaultPort;
  try {
    await withTimeout(facts.hello(url, host, portNumber, timeoutMs), timeoutMs);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new Error(
      `${facts.name} is not answering at ${host}:${portNumber} (${reason}). Integration tests need it; start it with: ${facts.start}`,
      { cause: err },
    );
  }
}

/** Connects, sends `greeting` and resolves when the first bytes back satisfy `accept`. */
function exchange(
  host: string,
  port: number,
  timeoutMs: number,
  greeting: Buffer,
  accept: (reply: Buffer) => boolean,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket: Socket = connect({ host, port, timeout: timeoutMs });
    const finish = (err?: Error) => {
      socket.destroy();
      if (err) reject(err);
      else resolve();
    };
    socket.once('connect', () => socket.write(greeting));
    socket.once('data', (reply) => finish(accept(reply) ? undefined : new Error('it answered in another protocol')));
    socket.once('timeout', () => finish(new Error(`no answer within ${timeoutMs} ms`)));
    socket.once('error', (err) => finish(err));
    socket.once('end', () => finish(new Error('it closed the connection without answering')));
  });
}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
