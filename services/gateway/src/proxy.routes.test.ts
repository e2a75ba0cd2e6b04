import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type Runtime, type ServiceModule, startRuntime } from '@framecast/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayModule } from './gateway.module.js';

/** Catalog entries of modules running in other processes: only their names and prefixes matter here. */
const elsewhere = (name: 'user' | 'video', prefixes: string[]): ServiceModule => ({
  name,
  deps: [],
  prefixes,
  init: () => Promise.reject(new Error(`the ${name} module runs in another process`)),
});

/** A stand-in service that answers which service it is and the path it was asked for. */
function upstream(name: string): Promise<Server> {
  const server = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    const internal = req.headers['x-framecast-internal'] ?? null;
    res.end(
      JSON.stringify({ service: name, url: req.url, method: req.method, internal, id: req.headers['x-request-id'] }),
    );
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

const address = (server: Server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

let runtime: Runtime;
let dir: string;
let user: Server;
let video: Server;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'framecast-proxy-'));
  [user, video] = await Promise.all([upstream('user'), upstream('video')]);
  const env = {
    DATABASE_URL: 'memory://',
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'silent',
    DATA_DIR: dir,
    WEB_DIR: join(dir, 'web'),
    USER_SERVICE_URL: address(user),
    VIDEO_SERVICE_URL: address(video),
  };
  const config = loadConfig(env);
  const catalog = [
    gatewayModule,
    elsewhere('user', ['/api/auth', '/api/users', '/api/channels', '/.well-known']),
    elsewhere('video', ['/api/videos', '/media', '/api/channels/:handle/videos']),
  ];
  runtime = await startRuntime({ config, env, catalog, targets: ['gateway'] });
});

afterAll(async () => {
  await runtime?.close();
  for (const server of [user, video]) {
    server?.closeAllConnections();
    server?.close();
  }
  await rm(dir, { recursive: true, force: true });
});

const ask = async (url: string, method: 'GET' | 'POST' = 'GET') =>
  (await runtime.app.inject({ url, method })).json<{ service: string; url: string; method: string }>();

describe('proxy with a parametric prefix', () => {
  it('routes a module’s longer parametric prefix to it, over another module’s shorter prefix', async () => {
    expect(await ask('/api/channels/ada/videos')).toMatchObject({
      service: 'video',
      url: '/api/channels/ada/videos',
      method: 'GET',
    });
    expect(await ask('/api/channels/ada/videos?sort=popular&limit=2')).toMatchObject({
      service: 'video',
      url: '/api/channels/ada/videos?sort=popular&limit=2',
    });
    expect(await ask('/api/channels/ada/videos/more')).toMatchObject({
      service: 'video',
      url: '/api/channels/ada/videos/more',
    });
  });

  it('keeps the rest of the shorter prefix with its own module', async () => {
    expect(await ask('/api/channels')).toMatchObject({ service: 'user', url: '/api/channels' });
    expect(await ask('/api/channels/ada')).toMatchObject({ service: 'user', url: '/api/channels/ada' });
    expect(await ask('/api/channels/ada/follow', 'POST')).toMatchObject({ service: 'user', method: 'POST' });
    expect(await ask('/api/channels/ada/videosx')).toMatchObject({ service: 'user' });
  });

  it('still routes the plain prefixes', async () => {
    expect(await ask('/api/videos/mine')).toMatchObject({ service: 'video', url: '/api/videos/mine' });
    expect(await ask('/media/videos/x/poster.jpg')).toMatchObject({ service: 'video' });
  });

  it("forwards the request id, and never the mark of the gateway's own look-ups", async () => {
    const res = await runtime.app.inject({
      url: '/api/videos/mine',
      headers: { 'x-framecast-internal': 'whatever', 'x-request-id': 'req-1' },
    });
    expect(res.json()).toMatchObject({ service: 'video', internal: null, id: 'req-1' });
  });
});
