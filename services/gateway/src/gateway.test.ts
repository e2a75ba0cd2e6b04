import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, type Runtime, type ServiceModule, startRuntime } from '@framecast/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatewayModule } from './gateway.module.js';

let runtime: Runtime;
let dir: string;

/** The user module's catalog entry: it runs in another process here, so only its name and prefixes matter. */
const remoteUser: ServiceModule = {
  name: 'user',
  deps: [],
  prefixes: ['/api/auth', '/api/users', '/api/channels', '/.well-known'],
  init: () => Promise.reject(new Error('the user module runs in another process')),
};

// The gateway alone, with the user module "elsewhere" at an address where nothing listens.
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'framecast-gateway-'));
  const web = join(dir, 'web');
  await mkdir(join(web, 'shell/dist/static/js'), { recursive: true });
  await mkdir(join(web, 'home/dist'), { recursive: true });
  await writeFile(join(web, 'shell/dist/index.html'), '<!doctype html><html><body>shell</body></html>');
  await writeFile(join(web, 'shell/dist/static/js/main.0123abcd.js'), 'console.log(1)');
  await writeFile(join(web, 'shell/dist/sw.js'), "self.addEventListener('push', () => {});");
  await writeFile(join(web, 'home/dist/mf-manifest.json'), '{"id":"home"}');
  await writeFile(join(web, 'home/dist/remoteEntry.js'), 'var home;');
  const env = {
    DATABASE_URL: 'memory://',
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'silent',
    DATA_DIR: dir,
    WEB_DIR: web,
    USER_SERVICE_URL: 'http://127.0.0.1:9',
    RATE_LIMIT_PER_MINUTE: '20',
    AUTH_RATE_LIMIT_PER_MINUTE: '3',
    CORS_ORIGINS: 'https://studio.example',
  };
  const config = loadConfig(env);
  runtime = await startRuntime({ config, env, catalog: [gatewayModule, remoteUser], targets: ['gateway'] });
});

afterAll(async () => {
  await runtime?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('gateway', () => {
  it('serves the shell, with the SPA fallback for client routes', async () => {
    for (const url of ['/', '/c/ada', '/settings/profile']) {
      const res = await runtime.app.inject(url);
      expect(res.statusCode).toBe(200);
      expect(res.body).toContain('shell');
      expect(res.headers['cache-control']).toBe('no-cache');
    }
  });

  it('caches hashed assets for a year', async () => {
    const res = await runtime.app.inject('/static/js/main.0123abcd.js');
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
  });

  it('serves the service worker at the root, as JavaScript that is always revalidated', async () => {
    const res = await runtime.app.inject('/sw.js');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain("addEventListener('push'");
    expect(res.headers['content-type']).toMatch(/^(application|text)\/javascript\b/);
    expect(res.headers['cache-control']).toBe('no-cache');
  });

  it('serves remotes and the runtime manifest that locates them', async () => {
    expect((await runtime.app.inject('/mf/remotes.json')).json()).toEqual({ home: '/mf/home/mf-manifest.json' });
    const entry = await runtime.app.inject('/mf/home/remoteEntry.js');
    expect(entry.statusCode).toBe(200);
    expect(entry.body).toBe('var home;');
  });

  it('answers unknown API paths with a problem, not the shell', async () => {
    const res = await runtime.app.inject('/api/nothing-here');
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
  });

  it('refuses path traversal', async () => {
    for (const url of [
      '/mf/home/../../../../etc/passwd',
      '/mf/home/%2e%2e/%2e%2e/etc/passwd',
      '/..%2f..%2fetc/passwd',
    ]) {
      const res = await runtime.app.inject(url);
      expect(res.body).not.toContain('root:');
    }
  });

  it('sets security headers', async () => {
    const res = await runtime.app.inject('/');
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
  });

  it('sets the same headers on errors the router raises before any route', async () => {
    const res = await runtime.app.inject('/%ff');
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(res.headers['x-request-id']).toBeTruthy();
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('allows only configured origins', async () => {
    const allowed = await runtime.app.inject({
      method: 'OPTIONS',
      url: '/api/channels',
      headers: { origin: 'https://studio.example', 'access-control-request-method': 'POST' },
    });
    expect(allowed.headers['access-control-allow-origin']).toBe('https://studio.example');
    const denied = await runtime.app.inject({
      method: 'OPTIONS',
      url: '/api/channels',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(denied.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('answers 503 when the module behind a prefix is down', async () => {
    const res = await runtime.app.inject('/api/channels/ada');
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ code: 'upstream_unavailable' });
    expect((await runtime.app.inject('/readyz')).statusCode).toBe(503);
  });

  it('serves OpenAPI docs', async () => {
    const res = await runtime.app.inject('/api/docs/json');
    expect(res.statusCode).toBe(200);
    expect(res.json().openapi).toBe('3.1.0');
    expect((await runtime.app.inject('/api/docs')).statusCode).toBeLessThan(400);
  });

  it('rate limits by address with Retry-After', async () => {
    let res = await runtime.app.inject({ url: '/', remoteAddress: '198.51.100.7' });
    for (let i = 0; i < 25 && res.statusCode !== 429; i++) {
      res = await runtime.app.inject({ url: '/', remoteAddress: '198.51.100.7' });
    }
    expect(res.statusCode).toBe(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(res.json()).toMatchObject({ code: 'rate_limited' });
    // Another address is unaffected.
    expect((await runtime.app.inject({ url: '/', remoteAddress: '198.51.100.8' })).statusCode).toBe(200);
  });

  it('limits sign-in by the route matched, however its path is spelled', async () => {
    // Over real sockets: the credentials bucket of 127.0.0.1 is this test's alone.
    const post = (path: string) => fetch(runtime.url + path, { method: 'POST' }).then((res) => res.status);
    let status = await post('/api/auth/login');
    for (let i = 0; i < 5 && status !== 429; i++) status = await post('/api/auth/login');
    expect(status).toBe(429);
    for (const spelling of [
      '/api/auth/%6cogin',
      '/api/auth/%6C%6F%67%69%6E',
      '/api/auth/login/',
      '/api/auth/login?x=1',
    ]) {
      expect(await post(spelling), spelling).toBe(429);
    }
    expect(await post('/api/auth/%72egister')).toBe(429);
  });
});
