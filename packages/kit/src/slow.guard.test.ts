import { mkdtemp, rm } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Type from 'typebox';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from './config.js';
import type { ServiceModule } from './module.js';
import { type Runtime, startRuntime } from './runtime.js';

const slowModule: ServiceModule = {
  name: 'user',
  deps: [],
  prefixes: ['/t'],
  async init() {
    return {
      async routes(app) {
        app.post(
          '/t/echo',
          { schema: { body: Type.Object({ text: Type.String() }, { additionalProperties: false }) } },
          async (request) => ({ length: (request.body as { text: string }).text.length }),
        );
      },
    };
  },
};

let runtime: Runtime;
let dataDir: string;
let port: number;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'framecast-slow-'));
  const config = loadConfig({
    DATABASE_URL: 'memory://',
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'silent',
    DATA_DIR: dataDir,
    HTTP_HEADERS_TIMEOUT_MS: '1000',
    HTTP_BODY_RATE_WINDOW_MS: '500',
    HTTP_BODY_MIN_BYTES_PER_SECOND: '2000',
  });
  runtime = await startRuntime({ config, catalog: [slowModule], targets: ['all'] });
  port = Number(new URL(runtime.url).port);
});

afterAll(async () => {
  await runtime?.close();
  await rm(dataDir, { recursive: true, force: true });
});

/** A raw client: resolves with what the server wrote and when the socket closed, after `drip` ends or the server does. */
function trickle(opts: {
  head: string;
  chunks: string[];
  everyMs: number;
}): Promise<{ reply: string; closedAfterMs: number }> {
  return new Promise((resolve) => {
    const started = Date.now();
    const socket: Socket = connect(port, '127.0.0.1');
    let reply = '';
    let timer: NodeJS.Timeout | undefined;
    socket.on('data', (data) => {
      reply += data.toString();
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      clearInterval(timer);
      resolve({ reply, closedAfterMs: Date.now() - started });
    });
    socket.write(opts.head);
    const chunks = [...opts.chunks];
    timer = setInterval(() => {
      const next = chunks.shift();
      if (next === undefined) {
        clearInterval(timer);
        return;
      }
      if (!socket.destroyed) socket.write(next);
    }, opts.everyMs);
  });
}

const body = (bytes: number) => JSON.stringify({ text: 'x'.repeat(bytes - 12) });
const head = (length: number) =>
  `POST /t/echo HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\nConnection: close\r\n\r\n`;

describe('slow clients', () => {
  it('closes sockets whose body trickles below the minimum rate, many at once', async () => {
    const text = body(1000);
    const slow = Array.from({ length: 30 }, () =>
      trickle({ head: head(text.length), chunks: text.split(''), everyMs: 100 }),
    );
    const results = await Promise.all(slow);
    for (const { reply, closedAfterMs } of results) {
      expect(reply).toBe('');
      expect(closedAfterMs).toBeLessThan(3_000);
    }
    // The server still answers everyone else.
    expect((await fetch(`${runtime.url}/healthz`)).status).toBe(200);
  });

  it('lets a slow but steady upload finish', async () => {
    // 24 KB at about 5 KB/s: far slower than a LAN, above the minimum rate, longer than several windows.
    const text = body(24_000);
    const chunks = text.match(/.{1,500}/gs) ?? [];
    const { reply, closedAfterMs } = await trickle({ head: head(text.length), chunks, everyMs: 100 });
    expect(closedAfterMs).toBeGreaterThan(1_500);
    expect(reply).toMatch(/^HTTP\/1\.1 200/);
    expect(reply).toContain('"length":23988');
  });

  it('closes sockets whose headers never finish', async () => {
    const { reply, closedAfterMs } = await trickle({
      head: 'POST /t/echo HTTP/1.1\r\nHost: 127.0.0.1\r\n',
      chunks: Array.from({ length: 100 }, (_, i) => `X-${i}: y\r\n`),
      everyMs: 100,
    });
    expect(closedAfterMs).toBeLessThan(4_000);
    expect(reply === '' || reply.startsWith('HTTP/1.1 408')).toBe(true);
  });
});
