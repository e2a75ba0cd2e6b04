import type { ServerResponse } from 'node:http';
import type { AuthResult, User } from '@framecast/contracts';
import { afterEach, describe, expect, it } from 'vitest';
import { isApiError } from './api-error.js';
import { createClient, type FramecastClient } from './client.js';
import { refreshDelayMs, type Timers } from './session.manager.js';
import { recordingServer } from './testing/recording.server.js';

/* The client against a real HTTP server on 127.0.0.1, speaking the API's protocol as each test's answer says. */
const api = recordingServer();
const clients: FramecastClient[] = [];
afterEach(() => {
  for (const client of clients.splice(0)) client.dispose();
});

const user: User = {
  id: 'u1',
  email: 'ada@example.com',
  handle: 'ada',
  displayName: 'Ada',
  bio: '',
  avatarUrl: null,
  roles: ['viewer'],
  createdAt: '2026-01-01T00:00:00.000Z',
};

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}
function problem(
  res: ServerResponse,
  status: number,
  code: string,
  detail: string,
  headers: Record<string, string> = {},
) {
  res
    .writeHead(status, { 'content-type': 'application/problem+json', ...headers })
    .end(JSON.stringify({ type: `urn:framecast:problem:${code}`, title: 'Error', status, detail, code }));
}
const auth = (token: string, expiresIn = 900): AuthResult => ({ user, accessToken: token, expiresIn });

/** Timers the test fires by hand, so refresh scheduling is checked without waiting. */
function manualTimers() {
  const pending = new Map<number, { callback: () => void; ms: number }>();
  let next = 1;
  const timers: Timers = {
    setTimeout: (callback, ms) => {
      pending.set(next, { callback, ms });
      return next++;
    },
    clearTimeout: (handle) => pending.delete(handle as number),
  };
  return { timers, pending };
}

function newClient(timers = manualTimers().timers) {
  const client = createClient({ baseUrl: api.url, timers });
  clients.push(client);
  return client;
}

describe('session restore', () => {
  it('is signed out when the refresh cookie is missing or rejected', async () => {
    api.answer = (_req, res) => problem(res, 401, 'invalid_refresh', 'Sign in again.');
    const client = newClient();
    expect(client.session.getSnapshot().status).toBe('loading');
    expect(await client.auth.restore()).toBe(false);
    expect(client.session.getSnapshot()).toEqual({ status: 'signedOut', user: null });
    expect(api.requests.map((r) => `${r.method} ${r.url}`)).toEqual(['POST /api/auth/refresh']);
  });

  it('signs in from the refresh answer and sends the access token afterwards', async () => {
    api.answer = (req, res) => {
      if (req.url === '/api/auth/refresh') return json(res, 200, auth('token-1'));
      return json(res, 200, { ...user, bio: 'hello' });
    };
    const client = newClient();
    await client.auth.restore();
    expect(client.session.getSnapshot()).toEqual({ status: 'signedIn', user });
    const me = await client.users.me();
    expect(me.bio).toBe('hello');
    expect(api.requests[1]?.authorization).toBe('Bearer token-1');
    expect(client.session.getSnapshot().user?.bio).toBe('hello');
  });

  it('holds requests made during the restore until it settles', async () => {
    api.answer = (req, res) => {
      if (req.url === '/api/auth/refresh') return void setTimeout(() => json(res, 200, auth('token-1')), 50);
      json(res, 200, { items: [], nextCursor: null });
    };
    const client = newClient();
    const restoring = client.auth.restore();
    await client.channels.list();
    await restoring;
    expect(api.requests.map((r) => r.url)).toEqual(['/api/auth/refresh', '/api/channels']);
    expect(api.requests[1]?.authorization).toBe('Bearer token-1');
  });
});

describe('after a 401', () => {
  it('refreshes once and retries the request with the new token', async () => {
    let refreshes = 0;
    api.answer = (req, res) => {
      if (req.url === '/api/auth/refresh') return json(res, 200, auth(`token-${++refreshes}`));
      if (req.authorization === 'Bearer token-1') return problem(res, 401, 'token_expired', 'Expired.');
      json(res, 200, user);
    };
    const client = newClient();
    await client.auth.restore();
    await expect(client.users.me()).resolves.toEqual(user);
    expect(api.requests.map((r) => `${r.url} ${r.authorization ?? '-'}`)).toEqual([
      '/api/auth/refresh -',
      '/api/users/me Bearer token-1',
      '/api/auth/refresh -',
      '/api/users/me Bearer token-2',
    ]);
  });

  it('shares one refresh between requests that fail together', async () => {
    let refreshes = 0;
    api.answer = (req, res) => {
      if (req.url === '/api/auth/refresh')
        return void setTimeout(() => json(res, 200, auth(`token-${++refreshes}`)), 20);
      if (req.authorization === 'Bearer token-1') return problem(res, 401, 'token_expired', 'Expired.');
      json(res, 200, user);
    };
    const client = newClient();
    await client.auth.restore();
    await Promise.all([client.users.me(), client.users.me(), client.users.me()]);
    expect(refreshes).toBe(2);
  });

  it('signs out and reports the 401 when the session cannot be renewed', async () => {
    let refreshes = 0;
    api.answer = (req, res) => {
      if (req.url === '/api/auth/refresh' && refreshes++ === 0) return json(res, 200, auth('token-1'));
      if (req.url === '/api/auth/refresh') return problem(res, 401, 'invalid_refresh', 'Sign in again.');
      problem(res, 401, 'token_expired', 'Your session has expired.');
    };
    const client = newClient();
    await client.auth.restore();
    const error = await client.users.me().catch((e: unknown) => e);
    expect(isApiError(error) && error.code).toBe('token_expired');
    expect(client.session.getSnapshot().status).toBe('signedOut');
  });
});

describe('refresh schedule', () => {
  it('refreshes a margin before the token expires', async () => {
    const { timers, pending } = manualTimers();
    let refreshes = 0;
    api.answer = (req, res) =>
      req.url === '/api/auth/refresh' ? json(res, 200, auth(`token-${++refreshes}`, 900)) : json(res, 200, user);
    const client = newClient(timers);
    await client.auth.restore();
    const [[id, timer] = []] = [...pending];
    expect(timer?.ms).toBe(refreshDelayMs(900));
    pending.delete(id!);
    timer?.callback();
    // The next request waits for the scheduled refresh and carries its token.
    await client.users.me();
    expect(refreshes).toBe(2);
    expect(api.requests.at(-1)?.authorization).toBe('Bearer token-2');
    expect(pending.size).toBe(1);
  });

  it('computes the delay from the token lifetime', () => {
    expect(refreshDelayMs(900)).toBe(840_000);
    expect(refreshDelayMs(60)).toBe(48_000);
    expect(refreshDelayMs(0)).toBe(1000);
  });

  it('keeps the session and retries later when the refresh fails for a server error', async () => {
    const { timers, pending } = manualTimers();
    let refreshes = 0;
    api.answer = (_req, res) =>
      refreshes++ === 0 ? json(res, 200, auth('token-1')) : problem(res, 503, 'unavailable', 'Try later.');
    const client = newClient(timers);
    await client.auth.restore();
    expect(await client.auth.restore()).toBe(false);
    expect(client.session.getSnapshot().status).toBe('signedIn');
    expect([...pending.values()].map((t) => t.ms)).toEqual([30_000]);
  });
});

describe('errors', () => {
  it('turns problem+json into ApiError with code, detail and Retry-After', async () => {
    api.answer = (_req, res) => problem(res, 429, 'rate_limited', 'Too many attempts.', { 'retry-after': '17' });
    const client = newClient();
    const error = await client.auth.login({ email: 'a@b.c', password: 'x' }).catch((e: unknown) => e);
    expect(isApiError(error)).toBe(true);
    expect(error).toMatchObject({ status: 429, code: 'rate_limited', detail: 'Too many attempts.', retryAfter: 17 });
  });

  it('reports an unreachable server as a network error', async () => {
    const client = createClient({ baseUrl: 'http://127.0.0.1:9', timers: manualTimers().timers });
    const error = await client.auth.providers().catch((e: unknown) => e);
    expect(error).toMatchObject({ status: 0, code: 'network_error' });
  });
});

describe('requests', () => {
  it('registers, signing in with the result', async () => {
    api.answer = (_req, res) => json(res, 201, auth('token-1'));
    const client = newClient();
    await client.auth.register({ email: 'ada@example.com', handle: 'ada', password: 'correct horse' });
    expect(JSON.parse(api.requests[0]!.body.toString())).toEqual({
      email: 'ada@example.com',
      handle: 'ada',
      password: 'correct horse',
    });
    expect(api.requests[0]?.contentType).toBe('application/json');
    expect(client.session.getSnapshot().status).toBe('signedIn');
  });

  it('uploads an avatar as the raw image with its type and updates the session user', async () => {
    api.answer = (req, res) => {
      if (req.url === '/api/auth/login') return json(res, 200, auth('token-1'));
      json(res, 200, { ...user, avatarUrl: '/media/avatars/u1.png' });
    };
    const client = newClient();
    await client.auth.login({ handle: 'ada', password: 'correct horse' });
    const image = new Blob([new Uint8Array([137, 80, 78, 71])], { type: 'image/png' });
    await client.users.uploadAvatar(image);
    expect(api.requests[1]).toMatchObject({ method: 'PUT', url: '/api/users/me/avatar', contentType: 'image/png' });
    expect([...api.requests[1]!.body]).toEqual([137, 80, 78, 71]);
    expect(client.session.getSnapshot().user?.avatarUrl).toBe('/media/avatars/u1.png');
  });

  it('lists channels with only the given query parameters', async () => {
    api.answer = (_req, res) => json(res, 200, { items: [], nextCursor: null });
    const client = newClient();
    await client.channels.list({ sort: 'popular', limit: 12 });
    await client.channels.follow('night owl');
    expect(api.requests.map((r) => `${r.method} ${r.url}`)).toEqual([
      'GET /api/channels?sort=popular&limit=12',
      'POST /api/channels/night%20owl/follow',
    ]);
  });

  it('signs out locally after logout', async () => {
    api.answer = (req, res) =>
      req.url === '/api/auth/login' ? json(res, 200, auth('token-1')) : res.writeHead(204).end();
    const client = newClient();
    await client.auth.login({ handle: 'ada', password: 'correct horse' });
    await client.auth.logout();
    expect(api.requests[1]?.url).toBe('/api/auth/logout');
    expect(client.session.getSnapshot().status).toBe('signedOut');
  });

  it('builds the OIDC start address with a safe return path', () => {
    const client = newClient();
    expect(client.auth.oidcStartUrl('/c/ada')).toBe(`${api.url}/api/auth/oidc/start?returnTo=%2Fc%2Fada`);
    expect(client.auth.oidcStartUrl('//evil.example')).toBe(`${api.url}/api/auth/oidc/start?returnTo=%2F`);
  });
});
