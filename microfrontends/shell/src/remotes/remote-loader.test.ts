import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createRemoteLoader, type FederationRuntime } from './remote-loader.js';

/*
 * The loader against a real HTTP server serving /mf/remotes.json. The Module Federation runtime only
 * runs in a browser (it loads remote scripts), so a recording stand-in takes its place here; the real
 * one is exercised by loading the built remotes in Chromium.
 */
let server: Server;
let manifestUrl: string;
let manifestStatus = 200;
let manifestRequests = 0;

beforeAll(async () => {
  server = createServer((_req, res) => {
    manifestRequests++;
    res.writeHead(manifestStatus, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        auth: '/mf/auth/mf-manifest.json',
        home: '/mf/home/mf-manifest.json',
        creator: '/mf/creator/mf-manifest.json',
        player: '/mf/player/mf-manifest.json',
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  manifestUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/mf/remotes.json`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

function recordingRuntime(modules: Record<string, unknown>) {
  const registrations: { names: string[]; force: boolean }[] = [];
  const runtime: FederationRuntime = {
    registerRemotes: (remotes, options) =>
      registrations.push({ names: remotes.map((r) => `${r.name}=${r.entry}`), force: Boolean(options?.force) }),
    loadRemote: async <T>(id: string) => {
      if (!(id in modules)) throw new Error(`cannot load ${id}`);
      return modules[id] as T;
    },
  };
  return { runtime, registrations };
}

const Home = () => null;

it('registers every remote from the manifest once, then loads modules', async () => {
  manifestRequests = 0;
  const { runtime, registrations } = recordingRuntime({
    'home/Home': { default: Home },
    'auth/SignIn': { default: Home },
  });
  const loader = createRemoteLoader({ runtime, fetch, manifestUrl });
  await expect(loader.load('home/Home')).resolves.toBe(Home);
  await expect(loader.load('auth/SignIn')).resolves.toBe(Home);
  const origin = new URL(manifestUrl).origin;
  expect(registrations).toEqual([
    {
      names: [
        `auth=${origin}/mf/auth/mf-manifest.json`,
        `home=${origin}/mf/home/mf-manifest.json`,
        `creator=${origin}/mf/creator/mf-manifest.json`,
        `player=${origin}/mf/player/mf-manifest.json`,
      ],
      force: false,
    },
  ]);
  expect(manifestRequests).toBe(1);
});

it('after a failure fetches the manifest again and re-registers with force', async () => {
  manifestRequests = 0;
  const modules: Record<string, unknown> = {};
  const { runtime, registrations } = recordingRuntime(modules);
  const loader = createRemoteLoader({ runtime, fetch, manifestUrl });
  await expect(loader.load('home/Home')).rejects.toThrow('cannot load home/Home');
  modules['home/Home'] = { default: Home };
  await expect(loader.load('home/Home')).resolves.toBe(Home);
  expect(registrations.map((r) => r.force)).toEqual([false, true]);
  expect(manifestRequests).toBe(2);
});

it('reports a manifest that cannot be fetched, and tries it again next time', async () => {
  manifestStatus = 503;
  const { runtime, registrations } = recordingRuntime({ 'home/Home': { default: Home } });
  const loader = createRemoteLoader({ runtime, fetch, manifestUrl });
  await expect(loader.load('home/Home')).rejects.toThrow('The remotes manifest answered 503.');
  manifestStatus = 200;
  await expect(loader.load('home/Home')).resolves.toBe(Home);
  expect(registrations).toHaveLength(1);
});

it('refuses a module without a default export', async () => {
  const { runtime } = recordingRuntime({ 'home/Home': { named: Home } });
  const loader = createRemoteLoader({ runtime, fetch, manifestUrl });
  await expect(loader.load('home/Home')).rejects.toThrow('home/Home has no default export.');
});

it('reuses one lazy component per module until it is reset', () => {
  const { runtime } = recordingRuntime({});
  const loader = createRemoteLoader({ runtime, fetch, manifestUrl });
  const first = loader.component('home/Home');
  expect(loader.component('home/Home')).toBe(first);
  loader.reset('home/Home');
  expect(loader.component('home/Home')).not.toBe(first);
});
