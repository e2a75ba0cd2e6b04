import type { AuthResult } from '@framecast/contracts';
import { metricValue } from '@framecast/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cookie,
  GOOD_PASSWORD,
  register,
  startUserModule,
  type UserHarness,
  uniqueHandle,
} from '../testing/user.harness.js';

const ADMIN_EMAIL = 'boss@example.com';
let h: UserHarness;

beforeAll(async () => {
  h = await startUserModule({ ADMIN_EMAIL });
}, 60_000);

afterAll(async () => {
  await h?.close();
});

const post = (url: string, payload: unknown, headers: Record<string, string> = {}) =>
  h.rt.app.inject({ method: 'POST', url, payload: payload as object, headers });

describe('POST /api/auth/register', () => {
  it('creates the account, signs in with a cookie session and announces it', async () => {
    const handle = uniqueHandle('reg');
    const res = await post('/api/auth/register', {
      email: `${handle}@Example.COM`,
      handle,
      password: GOOD_PASSWORD,
    });
    expect(res.statusCode).toBe(201);
    const body = res.json<AuthResult>();
    expect(body.user).toMatchObject({
      email: `${handle}@example.com`,
      handle,
      displayName: handle,
      bio: '',
      avatarUrl: null,
      roles: ['viewer', 'creator'],
    });
    expect(body.refreshToken).toBeUndefined();
    expect(body.expiresIn).toBe(900);
    expect(body.accessToken.split('.')).toHaveLength(3);

    const refresh = cookie(res, 'framecast_refresh');
    expect(refresh).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/api/auth', maxAge: 30 * 24 * 3600 });
    expect(refresh?.secure).toBeFalsy();
    expect(refresh?.value).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const event = await h.waitForEvent(
      (e) => e.type === 'user.registered' && (e.payload as { handle: string }).handle === handle,
    );
    expect(event.payload).toEqual({ userId: body.user.id, handle, email: `${handle}@example.com` });
  });

  it('returns the refresh token in the body, and sets no cookie, in token mode', async () => {
    const handle = uniqueHandle('tok');
    const res = await post('/api/auth/register', {
      email: `${handle}@example.com`,
      handle,
      password: GOOD_PASSWORD,
      session: 'token',
    });
    expect(res.statusCode).toBe(201);
    expect(res.json<AuthResult>().refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(cookie(res, 'framecast_refresh')).toBeUndefined();
  });

  it('makes the configured admin email an admin, whatever its case', async () => {
    const { result } = await register(h.rt, { email: 'Boss@Example.com', handle: uniqueHandle('boss') });
    expect(result.user.roles).toEqual(['viewer', 'creator', 'admin']);
  });

  it('refuses a taken email (in any case) and a taken handle', async () => {
    const first = await register(h.rt);
    const sameEmail = await post('/api/auth/register', {
      email: first.email.toUpperCase(),
      handle: uniqueHandle(),
      password: GOOD_PASSWORD,
    });
    expect(sameEmail.statusCode).toBe(409);
    expect(sameEmail.headers['content-type']).toContain('application/problem+json');
    expect(sameEmail.json()).toMatchObject({ status: 409, code: 'email_taken' });

    const sameHandle = await post('/api/auth/register', {
      email: `${uniqueHandle()}@example.com`,
      handle: first.handle,
      password: GOOD_PASSWORD,
    });
    expect(sameHandle.statusCode).toBe(409);
    expect(sameHandle.json()).toMatchObject({ code: 'handle_taken' });
  });

  it('lets only one of two simultaneous sign-ups with one email, or with one handle, through', async () => {
    const race = async (a: object, b: object) => {
      const attempts = await Promise.all([post('/api/auth/register', a), post('/api/auth/register', b)]);
      expect(attempts.map((r) => r.statusCode).sort()).toEqual([201, 409]);
      return attempts.find((r) => r.statusCode === 409)!.json().code;
    };
    const x = uniqueHandle('race');
    const y = uniqueHandle('race');
    const sameEmail = await race(
      { email: `${x}@example.com`, handle: x, password: GOOD_PASSWORD },
      { email: `${x}@example.com`, handle: y, password: GOOD_PASSWORD },
    );
    expect(sameEmail).toBe('email_taken');
    const z = uniqueHandle('race');
    const sameHandle = await race(
      { email: `${z}@example.com`, handle: z, password: GOOD_PASSWORD },
      { email: `${z}_other@example.com`, handle: z, password: GOOD_PASSWORD },
    );
    expect(sameHandle).toBe('handle_taken');
  });

  it.each(['admin', 'api', 'settings', 'signin', 'signup'])('refuses the reserved handle %s', async (handle) => {
    const res = await post('/api/auth/register', {
      email: `${uniqueHandle()}@example.com`,
      handle,
      password: GOOD_PASSWORD,
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'handle_reserved' });
  });

  it.each([
    ['short', 'zq8-vv2', 'too_short', 'at least 10 characters'],
    ['common', 'password123', 'too_guessable', 'commonly used password'],
    ['the handle', 'HANDLE_PLACEHOLDER', 'matches_account', 'handle or your email'],
  ])('refuses a weak password (%s) with a useful message', async (_name, password, reason, words) => {
    const handle = uniqueHandle('weak');
    const res = await post('/api/auth/register', {
      email: `${handle}@example.com`,
      handle,
      password: password === 'HANDLE_PLACEHOLDER' ? handle : password,
    });
    expect(res.statusCode).toBe(400);
    const problem = res.json();
    expect(problem).toMatchObject({ code: 'weak_password', reason });
    expect(problem.detail).toContain(words);
  });

  it('refuses malformed JSON', async () => {
    const res = await h.rt.app.inject({
      method: 'POST',
      url: '/api/auth/register',
      headers: { 'content-type': 'application/json' },
      payload: '{"email": "a@example.com",',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'malformed_json' });
  });

  it.each([
    ['a wrong type', { email: 'a@example.com', handle: 'valid_one', password: 12345678901 }, '"password"'],
    [
      'an unknown field',
      { email: 'a@example.com', handle: 'valid_one', password: GOOD_PASSWORD, admin: true },
      'admin',
    ],
    ['an overlong handle', { email: 'a@example.com', handle: 'h'.repeat(31), password: GOOD_PASSWORD }, 'handle'],
    ['an overlong password', { email: 'a@example.com', handle: 'valid_one', password: 'p'.repeat(257) }, 'password'],
    ['an uppercase handle', { email: 'a@example.com', handle: 'Alice', password: GOOD_PASSWORD }, 'handle'],
    ['a bad email', { email: 'not-an-email', handle: 'valid_one', password: GOOD_PASSWORD }, 'email'],
    ['a missing field', { email: 'a@example.com', password: GOOD_PASSWORD }, 'handle'],
    [
      'an unknown session mode',
      { email: 'a@example.com', handle: 'valid_one', password: GOOD_PASSWORD, session: 'jwt' },
      'session',
    ],
  ])('refuses %s with validation_failed', async (_name, payload, field) => {
    const res = await post('/api/auth/register', payload);
    expect(res.statusCode).toBe(400);
    const problem = res.json();
    expect(problem.code).toBe('validation_failed');
    expect(problem.detail).toContain(field);
  });

  it('counts registrations', async () => {
    const before = await metricValue(h.rt, 'framecast_user_registrations_total', { method: 'password' });
    await register(h.rt);
    expect(await metricValue(h.rt, 'framecast_user_registrations_total', { method: 'password' })).toBe(before + 1);
  });
});

describe('POST /api/auth/login', () => {
  it('signs in by email (any case) or by handle', async () => {
    const account = await register(h.rt);
    const byEmail = await post('/api/auth/login', { email: account.email.toUpperCase(), password: account.password });
    expect(byEmail.statusCode).toBe(200);
    expect(byEmail.json<AuthResult>().user.id).toBe(account.result.user.id);
    expect(cookie(byEmail, 'framecast_refresh')?.httpOnly).toBe(true);

    const byHandle = await post('/api/auth/login', {
      handle: account.handle.toUpperCase(),
      password: account.password,
      session: 'token',
    });
    expect(byHandle.statusCode).toBe(200);
    expect(byHandle.json<AuthResult>().refreshToken).toBeTruthy();
  });

  it('gives the same answer for a wrong password and an unknown account, and counts both', async () => {
    const account = await register(h.rt);
    const before = await metricValue(h.rt, 'framecast_user_logins_total', { result: 'invalid_credentials' });
    const wrong = await post('/api/auth/login', { email: account.email, password: 'not the password at all' });
    const unknown = await post('/api/auth/login', { email: 'nobody-here@example.com', password: 'whatever password' });
    const unknownHandle = await post('/api/auth/login', { handle: 'nobody_here', password: 'whatever password' });
    for (const res of [wrong, unknown, unknownHandle]) {
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ code: 'invalid_credentials' });
    }
    expect(wrong.json().detail).toBe(unknown.json().detail);
    expect(await metricValue(h.rt, 'framecast_user_logins_total', { result: 'invalid_credentials' })).toBe(before + 3);
  });

  it('takes about as long for an unknown account as for a wrong password', async () => {
    const account = await register(h.rt);
    const time = async (payload: object) => {
      const start = performance.now();
      await post('/api/auth/login', payload);
      return performance.now() - start;
    };
    // Warm up, then compare medians: an unknown account must still pay for one argon2 verification.
    await time({ email: account.email, password: 'wrong password here' });
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 5; i++) {
      known.push(await time({ email: account.email, password: 'wrong password here' }));
      unknown.push(await time({ email: 'ghost-account@example.com', password: 'wrong password here' }));
    }
    const median = (xs: number[]) => xs.sort((a, b) => a - b)[2]!;
    expect(median(unknown)).toBeGreaterThan(median(known) * 0.5);
  });

  it('needs an email or a handle', async () => {
    const res = await post('/api/auth/login', { password: GOOD_PASSWORD });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'missing_identifier' });
  });

  it('counts successful logins', async () => {
    const account = await register(h.rt);
    const before = await metricValue(h.rt, 'framecast_user_logins_total', { method: 'password', result: 'success' });
    await post('/api/auth/login', { handle: account.handle, password: account.password });
    expect(await metricValue(h.rt, 'framecast_user_logins_total', { method: 'password', result: 'success' })).toBe(
      before + 1,
    );
  });
});

describe('GET /api/auth/providers', () => {
  it('offers passwords and no single sign-on when none is configured', async () => {
    const res = await h.rt.app.inject({ method: 'GET', url: '/api/auth/providers' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ password: true, oidc: null });
  });

  it('answers 404 when single sign-on is started without a provider', async () => {
    const res = await h.rt.app.inject({ method: 'GET', url: '/api/auth/oidc/start?returnTo=/' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'oidc_not_configured' });
  });
});

describe('OpenAPI', () => {
  it('documents every route of the module with a tag and a summary', async () => {
    const doc = h.rt.app.swagger() as { paths: Record<string, Record<string, { tags?: string[]; summary?: string }>> };
    const expected = [
      ['post', '/api/auth/register'],
      ['post', '/api/auth/login'],
      ['post', '/api/auth/refresh'],
      ['post', '/api/auth/logout'],
      ['get', '/api/auth/providers'],
      ['get', '/api/auth/oidc/start'],
      ['get', '/api/auth/oidc/callback'],
      ['get', '/.well-known/jwks.json'],
      ['get', '/api/users/me'],
      ['patch', '/api/users/me'],
      ['put', '/api/users/me/avatar'],
      ['delete', '/api/users/me/avatar'],
      ['put', '/api/users/{id}/roles'],
      ['get', '/api/channels'],
      ['get', '/api/channels/{handle}'],
      ['get', '/api/channels/{handle}/avatar'],
      ['post', '/api/channels/{handle}/follow'],
      ['delete', '/api/channels/{handle}/follow'],
    ] as const;
    for (const [method, path] of expected) {
      const operation = doc.paths[path]?.[method];
      expect(operation, `${method} ${path}`).toBeDefined();
      expect(['auth', 'users', 'channels']).toContain(operation?.tags?.[0]);
      expect(operation?.summary).toBeTruthy();
    }
  });
});
