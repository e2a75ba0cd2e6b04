import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { requireServer } from './require-server.js';
import { readTestUrls } from './test-urls.js';

const servers: Server[] = [];
afterEach(async () => {
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve));
});

/** A TCP server on a free port that accepts connections and answers `reply` (or nothing). */
async function fakeServer(reply?: Buffer): Promise<number> {
  const server = createServer((socket) => {
    socket.on('error', () => undefined);
    socket.once('data', () => {
      if (reply) socket.write(reply);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('the fake server has no port');
  return address.port;
}

/** A port nothing listens on: bound, then released. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (!address || typeof address === 'string') throw new Error('no port');
  return address.port;
}

describe('requireServer', () => {
  it('names the server, its address and the command that starts it when nothing listens', async () => {
    const port = await closedPort();
    await expect(requireServer('postgres', `postgres://postgres@127.0.0.1:${port}/test`)).rejects.toThrow(
      `PostgreSQL is not answering at 127.0.0.1:${port}`,
    );
    await expect(requireServer('postgres', `postgres://postgres@127.0.0.1:${port}/test`)).rejects.toThrow(
      'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start',
    );
    await expect(requireServer('redis', `redis://127.0.0.1:${port}`)).rejects.toThrow(
      /Redis is not answering at 127\.0\.0\.1:\d+ .*redis-server --daemonize yes --bind 127\.0\.0\.1 -::1 --port 6379/,
    );
    await expect(requireServer('rabbitmq', `amqp://guest:guest@127.0.0.1:${port}`)).rejects.toThrow(
      /RabbitMQ is not answering at 127\.0\.0\.1:\d+ .*rabbitmq-server -detached/,
    );
  });

  it('fails a server that accepts connections but never answers, after the timeout', async () => {
    const port = await fakeServer();
    const started = Date.now();
    await expect(requireServer('redis', `redis://127.0.0.1:${port}`, 300)).rejects.toThrow(/no answer within 300 ms/);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('fails a server that answers in another protocol', async () => {
    const port = await fakeServer(Buffer.from('HTTP/1.1 400 Bad Request\r\n\r\n'));
    await expect(requireServer('rabbitmq', `amqp://127.0.0.1:${port}`)).rejects.toThrow(/another protocol/);
    await expect(requireServer('redis', `redis://127.0.0.1:${port}`)).rejects.toThrow(/another protocol/);
  });

  it('accepts a Redis reply and an AMQP method frame', async () => {
    await expect(
      requireServer('redis', `redis://127.0.0.1:${await fakeServer(Buffer.from('+PONG\r\n'))}`),
    ).resolves.toBeUndefined();
    const connectionStart = Buffer.from([1, 0, 0, 0, 0, 0, 4, 0, 10, 0, 10, 0xce]);
    await expect(
      requireServer('rabbitmq', `amqp://127.0.0.1:${await fakeServer(connectionStart)}`),
    ).resolves.toBeUndefined();
  });
});

describe('readTestUrls', () => {
  it('defaults to the servers on 127.0.0.1 and takes overrides from the environment', () => {
    expect(readTestUrls({})).toEqual({
      postgres: 'postgres://postgres@127.0.0.1:5432/test',
      redis: 'redis://127.0.0.1:6379',
      rabbitmq: 'amqp://guest:guest@127.0.0.1:5672',
    });
    expect(readTestUrls({ TEST_DATABASE_URL: 'postgres://ci@db/ci', TEST_REDIS_URL: 'redis://r:6380' })).toMatchObject({
      postgres: 'postgres://ci@db/ci',
      redis: 'redis://r:6380',
    });
  });
});
