import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOutbox, type DomainEvent, migrate, openDatabase, outboxMigrations } from '@framecast/adapters';
import { InvalidKeyError, ObjectNotFoundError, RangeNotSatisfiableError } from '@framecast/adapters/storage';
import { errorCodes } from '@framecast/contracts/errors';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import pino from 'pino';
import Type, { type TObject } from 'typebox';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { requireIdentity } from './auth.js';
import { ConfigError, loadConfig } from './config.js';
import { AppError } from './errors.js';
import type { ServiceModule } from './module.js';
import { type Runtime, startRuntime } from './runtime.js';

const keys = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
const otherKeys = await generateKeyPair('EdDSA', { crv: 'Ed25519' });

function token(opts: { key?: typeof keys.privateKey; expiresIn?: string; kid?: string } = {}) {
  return new SignJWT({ handle: 'ada', roles: ['viewer', 'admin'] })
    .setProtectedHeader({ alg: 'EdDSA', kid: opts.kid ?? 'k1' })
    .setSubject('u1')
    .setIssuer('framecast')
    .setAudience('framecast')
    .setIssuedAt()
    .setExpirationTime(opts.expiresIn ?? '5m')
    .sign(opts.key ?? keys.privateKey);
}

/** A module that publishes the test key as the user module would, and a few routes that exercise the runtime. */
const testModule: ServiceModule = {
  name: 'user',
  deps: [],
  prefixes: ['/t'],
  schema: 'kit_test',
  migrations: {},
  async init() {
    return {
      async routes(app) {
        app.get('/.well-known/jwks.json', async () => ({
          keys: [{ ...(await exportJWK(keys.publicKey)), kid: 'k1', alg: 'EdDSA', use: 'sig' }],
        }));
        app.post(
          '/t/echo',
          {
            schema: {
              body: Type.Object({ name: Type.String({ maxLength: 5 }) }, { additionalProperties: false }),
            },
          },
          async (request) => request.body,
        );
        app.get('/t/me', async (request) => requireIdentity(request));
        // No schema at all: the NUL guard still stands in front of it.
        app.post('/t/items/:name', async (request) => ({ params: request.params, query: request.query }));
        app.get('/t/conflict', async () => {
          throw AppError.conflict('handle_taken', 'That name is taken.');
        });
        app.get('/t/storage/missing', async () => {
          throw new ObjectNotFoundError('videos/x/original');
        });
        app.get('/t/storage/range', async () => {
          throw new RangeNotSatisfiableError('videos/x/original', 10);
        });
        app.get('/t/storage/key', async () => {
          throw new InvalidKeyError('videos/../x', 'it climbs out of its folder');
        });
        app.get('/t/storage/lookalike', async () => {
          throw Object.assign(new Error('not from storage'), { name: 'ObjectNotFoundError', code: 'ENOENT_OBJECT' });
        });
        app.get('/t/crash', async () => {
          throw new Error('secret internals at /srv/app.js:12');
        });
        app.get('/t/slow', async () => {
          await new Promise((resolve) => setTimeout(resolve, 300));
          return { done: true };
        });
      },
    };
  },
};

let runtime: Runtime;
let dataDir: string;

beforeAll(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'framecast-kit-'));
  const config = loadConfig({
    DATABASE_URL: 'memory://',
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'silent',
    DATA_DIR: dataDir,
  });
  runtime = await startRuntime({ config, catalog: [testModule], targets: ['all'] });
});

afterAll(async () => {
  await runtime.close();
  await rm(dataDir, { recursive: true, force: true });
});

describe('runtime HTTP server', () => {
  it('answers health, readiness and metrics', async () => {
    expect((await runtime.app.inject('/healthz')).json()).toEqual({ status: 'ok' });
    const ready = await runtime.app.inject('/readyz');
    expect(ready.statusCode).toBe(200);
    expect(ready.json().checks).toMatchObject({ database: 'ok', events: 'ok', jobs: 'ok', cache: 'ok', storage: 'ok' });
    await runtime.app.inject({ method: 'POST', url: '/t/echo', payload: { name: 'ada' } });
    const metrics = await runtime.app.inject('/metrics');
    expect(metrics.body).toMatch(/framecast_http_request_duration_seconds_bucket\{.*route="\/t\/echo".*status="200"/);
  });

  it('echoes or assigns a request id', async () => {
    const given = await runtime.app.inject({ url: '/healthz', headers: { 'x-request-id': 'abc-123' } });
    expect(given.headers['x-request-id']).toBe('abc-123');
    const assigned = await runtime.app.inject({ url: '/healthz', headers: { 'x-request-id': 'bad id!' } });
    expect(assigned.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('renders errors as problem+json', async () => {
    const res = await runtime.app.inject('/t/conflict');
    expect(res.statusCode).toBe(409);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({
      status: 409,
      code: 'handle_taken',
      detail: 'That name is taken.',
      title: 'Conflict',
    });
  });

  it('hides internals of unexpected errors', async () => {
    const res = await runtime.app.inject('/t/crash');
    expect(res.statusCode).toBe(500);
    expect(res.body).not.toMatch(/secret|\/srv|\.js:/);
    expect(res.json()).toMatchObject({ code: 'internal_error', requestId: res.headers['x-request-id'] });
  });

  it('rejects malformed JSON, wrong types, unknown and overlong fields with 400', async () => {
    const post = (payload: string) =>
      runtime.app.inject({ method: 'POST', url: '/t/echo', payload, headers: { 'content-type': 'application/json' } });
    expect((await post('{"name":')).json()).toMatchObject({ status: 400, code: 'malformed_json' });
    expect((await post('{"name": 12}')).json()).toMatchObject({ status: 400, code: 'validation_failed' });
    expect((await post('{"name": "ada", "admin": true}')).json().detail).toMatch(/unknown field "admin"/);
    expect((await post('{"name": "adalovelace"}')).json().detail).toMatch(/"name" must be at most 5 characters/);
  });

  it('names the field a validation problem is about, for forms to show it there', async () => {
    const post = (payload: string) =>
      runtime.app.inject({ method: 'POST', url: '/t/echo', payload, headers: { 'content-type': 'application/json' } });
    expect((await post('{"name": "adalovelace"}')).json()).toMatchObject({ code: 'validation_failed', field: 'name' });
    expect((await post('{"name": 12}')).json()).toMatchObject({ field: 'name' });
    expect((await post('{}')).json()).toMatchObject({ code: 'validation_failed', field: 'name' });
    expect((await post('{"name": "ada", "admin": true}')).json()).toMatchObject({ field: 'admin' });
  });

  it('lists the error catalog once in the OpenAPI document', async () => {
    const res = await runtime.app.inject('/openapi.json');
    expect(res.statusCode).toBe(200);
    expect(res.json().components.schemas.ErrorCode).toMatchObject({ type: 'string', enum: errorCodes });
  });

  it('answers storage errors by their class, never by their name', async () => {
    const missing = await runtime.app.inject('/t/storage/missing');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ code: 'not_found' });
    const range = await runtime.app.inject('/t/storage/range');
    expect(range.statusCode).toBe(416);
    expect(range.json()).toMatchObject({ code: 'range_not_satisfiable' });
    const key = await runtime.app.inject('/t/storage/key');
    expect(key.statusCode).toBe(400);
    expect(key.json()).toMatchObject({ code: 'invalid_key' });
    expect(key.body).not.toContain('climbs');
    const lookalike = await runtime.app.inject('/t/storage/lookalike');
    expect(lookalike.statusCode).toBe(500);
    expect(lookalike.json()).toMatchObject({ code: 'internal_error' });
  });

  it('refuses a NUL character in any body field, path parameter or query parameter with 400', async () => {
    const cases = [
      { method: 'POST' as const, url: '/t/echo', payload: { name: 'a\u0000b' }, field: '"name"' },
      { method: 'POST' as const, url: '/t/items/a%00b', field: 'path parameter "name"' },
      { method: 'POST' as const, url: '/t/items/ok?q=%00', field: 'query parameter "q"' },
      { method: 'POST' as const, url: '/t/items/ok', payload: { deep: [{ x: ['\u0000'] }] }, field: '"deep.0.x.0"' },
      { method: 'POST' as const, url: '/t/items/ok', payload: { 'k\u0000': 1 }, field: '"k\\0"' },
    ];
    for (const { field, ...request } of cases) {
      const res = await runtime.app.inject(request);
      expect(res.statusCode, request.url).toBe(400);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.json()).toMatchObject({ code: 'validation_failed', requestId: res.headers['x-request-id'] });
      expect(res.json().detail).toContain(field);
      expect(res.json().detail).toContain('NUL');
    }
    expect((await runtime.app.inject({ method: 'POST', url: '/t/items/fine?q=1' })).statusCode).toBe(200);
  });

  it('answers URLs the router cannot take as problems with a request id, over a real socket too', async () => {
    for (const [url, status, code] of [
      ['/%ff', 400, 'bad_url'],
      ['/t/items/%E0%A4%A', 400, 'bad_url'],
      [`/t/items/${'x'.repeat(300)}`, 414, 'url_too_long'],
    ] as const) {
      const res = await runtime.app.inject({ method: 'POST', url, headers: { 'x-request-id': 'bad-url-1' } });
      expect(res.statusCode, url).toBe(status);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.headers['x-request-id']).toBe('bad-url-1');
      expect(res.json()).toMatchObject({ status, code, requestId: 'bad-url-1' });
    }
    const res = await fetch(`${runtime.url}/%ff`);
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'bad_url', requestId: res.headers.get('x-request-id') });
  });

  it('refuses bodies over the limit with 413', async () => {
    const payload = JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024) });
    const res = await runtime.app.inject({
      method: 'POST',
      url: '/t/echo',
      payload,
      headers: { 'content-type': 'application/json' },
    });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ code: 'body_too_large' });
  });

  it('answers unknown routes with a 404 problem', async () => {
    const res = await runtime.app.inject('/nowhere');
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('route_not_found');
  });
});

describe('access tokens', () => {
  const me = (authorization?: string) =>
    runtime.app.inject({ url: '/t/me', headers: authorization ? { authorization } : {} });

  it('sets the identity from a valid token', async () => {
    const res = await me(`Bearer ${await token()}`);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ userId: 'u1', handle: 'ada', displayName: 'ada', roles: ['viewer', 'admin'] });
  });

  it('asks anonymous callers to sign in', async () => {
    expect((await me()).json()).toMatchObject({ status: 401, code: 'authentication_required' });
  });

  it('rejects expired, forged, unsigned and malformed tokens', async () => {
    const expired = await token({ expiresIn: '-1m' });
    expect((await me(`Bearer ${expired}`)).json()).toMatchObject({ status: 401, code: 'token_expired' });
    const forged = await token({ key: otherKeys.privateKey });
    expect((await me(`Bearer ${forged}`)).json()).toMatchObject({ status: 401, code: 'invalid_token' });
    const [, payload] = (await token()).split('.');
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', kid: 'k1' })).toString('base64url')}.${payload}.`;
    expect((await me(`Bearer ${none}`)).json()).toMatchObject({ status: 401, code: 'invalid_token' });
    expect((await me('Basic dXNlcjpwYXNz')).json()).toMatchObject({ status: 401, code: 'invalid_authorization' });
  });
});

describe('graceful shutdown', () => {
  it('finishes in-flight requests, then stops answering', async () => {
    const config = loadConfig({
      DATABASE_URL: 'memory://',
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'silent',
      DATA_DIR: dataDir,
    });
    const own = await startRuntime({ config, catalog: [testModule], targets: ['all'] });
    const inFlight = fetch(`${own.url}/t/slow`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const closing = own.close();
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ done: true });
    await closing;
    await expect(fetch(`${own.url}/healthz`)).rejects.toThrow();
  });
});

describe('events left in the outbox by a stop', () => {
  it('reach the in-process consumers of the next start', async () => {
    const own = await mkdtemp(join(tmpdir(), 'framecast-kit-outbox-'));
    try {
      // A module's transaction committed its event, and the process stopped before the relay sent it.
      const db = await openDatabase({ dataDir: own, logger: pino({ level: 'silent' }) });
      await migrate(db, 'kit_outbox', outboxMigrations);
      await db.kysely
        .transaction()
        .execute((trx) => createOutbox('kit_outbox').write(trx, 'video.deleted', { videoId: 'v1', channelId: 'c1' }));
      await db.close();

      const received: DomainEvent[] = [];
      const listener: ServiceModule = {
        name: 'video',
        deps: [],
        prefixes: [],
        schema: 'kit_outbox',
        migrations: {},
        async init(ctx) {
          return {
            async start() {
              // Start-up work comes first (the video module hands over finished uploads), longer than a relay pass.
              await new Promise((resolve) => setTimeout(resolve, 600));
              await ctx.events.subscribe('kit-probe', ['video.deleted'], async (event) => void received.push(event));
            },
          };
        },
      };
      const config = loadConfig({ HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'silent', DATA_DIR: own });
      const restarted = await startRuntime({ config, catalog: [listener], targets: ['video'] });
      try {
        await vi.waitFor(() => expect(received.map((e) => e.payload)).toEqual([{ videoId: 'v1', channelId: 'c1' }]));
      } finally {
        await restarted.close();
      }
    } finally {
      await rm(own, { recursive: true, force: true });
    }
  });
});

describe("modules' settings", () => {
  const withSettings: ServiceModule<TObject> = {
    name: 'video',
    settings: Type.Object({ PROBE_LIMIT: Type.Integer({ minimum: 1, default: 5 }) }),
    deps: [],
    prefixes: [],
    async init(ctx) {
      return {
        async routes(app) {
          app.get('/t/settings', async () => ctx.settings);
        },
      };
    },
  };
  const config = () =>
    loadConfig({ DATABASE_URL: 'memory://', HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'silent', DATA_DIR: dataDir });

  it('are read with their defaults and types, and handed to the module', async () => {
    const own = await startRuntime({
      config: config(),
      env: { PROBE_LIMIT: '7' },
      catalog: [withSettings],
      targets: ['all'],
    });
    try {
      expect((await own.app.inject('/t/settings')).json()).toEqual({ PROBE_LIMIT: 7 });
    } finally {
      await own.close();
    }
  });

  it('stop the start with one line naming a bad variable, before anything opens', async () => {
    const started = startRuntime({
      config: config(),
      env: { PROBE_LIMIT: 'lots' },
      catalog: [withSettings],
      targets: ['all'],
    });
    await expect(started).rejects.toThrow(ConfigError);
    await expect(started).rejects.toThrow(/^Invalid configuration: PROBE_LIMIT .*\(got "lots"\)$/);
  });
});
