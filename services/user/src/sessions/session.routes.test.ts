import type { AuthResult } from '@framecast/contracts';
import { metricValue } from '@framecast/kit/testing';
import {
  createLocalJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  generateKeyPair,
  type JWK,
  jwtVerify,
  SignJWT,
} from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bearer,
  cookie,
  type Registered,
  register,
  startUserModule,
  type UserHarness,
} from '../testing/user.harness.js';

let h: UserHarness;

beforeAll(async () => {
  h = await startUserModule({
    ACCESS_TOKEN_TTL_SECONDS: '600',
    REFRESH_TOKEN_TTL_SECONDS: '3600',
    REFRESH_REUSE_GRACE_SECONDS: '20',
  });
}, 60_000);

afterAll(async () => {
  await h?.close();
});

const me = (headers: Record<string, string>) => h.rt.app.inject({ method: 'GET', url: '/api/users/me', headers });
const refreshWithToken = (refreshToken: string) =>
  h.rt.app.inject({ method: 'POST', url: '/api/auth/refresh', payload: { refreshToken } });
const refreshWithCookie = (value: string) =>
  h.rt.app.inject({ method: 'POST', url: '/api/auth/refresh', cookies: { framecast_refresh: value } });
/** Runs `step` with the clock moved past the reuse grace window. */
const afterGrace = async <T>(step: () => Promise<T>): Promise<T> => {
  h.clock.shift(21_000);
  try {
    return await step();
  } finally {
    h.clock.shift(-21_000);
  }
};

describe('access tokens', () => {
  it('are EdDSA JWTs with a kid and the contract claims, valid for the configured TTL', async () => {
    const { result } = await register(h.rt);
    const header = decodeProtectedHeader(result.accessToken);
    expect(header).toMatchObject({ alg: 'EdDSA', typ: 'JWT' });
    expect(header.kid).toEqual(expect.any(String));
    const claims = decodeJwt(result.accessToken);
    expect(claims).toMatchObject({
      sub: result.user.id,
      handle: result.user.handle,
      roles: ['viewer', 'creator'],
      iss: 'framecast',
      aud: 'framecast',
    });
    expect(claims.exp! - claims.iat!).toBe(600);
    expect(result.expiresIn).toBe(600);
  });

  it('are accepted by the runtime', async () => {
    const { result, auth } = await register(h.rt);
    const res = await me(auth);
    expect(res.statusCode).toBe(200);
    expect(res.json().id).toBe(result.user.id);
  });

  it('are refused once expired', async () => {
    // Signed by a clock 20 minutes behind: the token expired 10 minutes ago by real time.
    h.clock.shift(-20 * 60 * 1000);
    const { auth } = await register(h.rt).finally(() => h.clock.shift(20 * 60 * 1000));
    const res = await me(auth);
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: 'token_expired' });
  });

  it('are refused with a forged signature', async () => {
    const { result } = await register(h.rt);
    const [head, payload, signature] = result.accessToken.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const escalated = Buffer.from(JSON.stringify({ ...claims, roles: ['admin'] })).toString('base64url');
    const flipped = `${signature.slice(0, -2)}${signature.endsWith('AA') ? 'BB' : 'AA'}`;
    for (const token of [`${head}.${escalated}.${signature}`, `${head}.${payload}.${flipped}`]) {
      const res = await me(bearer(token));
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ code: 'invalid_token' });
    }
  });

  it('are refused with alg "none"', async () => {
    const { result } = await register(h.rt);
    const { kid } = decodeProtectedHeader(result.accessToken);
    const head = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT', kid })).toString('base64url');
    const payload = result.accessToken.split('.')[1];
    const res = await me(bearer(`${head}.${payload}.`));
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toMatch(/invalid_token|invalid_authorization/);
  });

  it('are refused when signed by another key, even one claiming a published kid', async () => {
    const { result } = await register(h.rt);
    const { kid } = decodeProtectedHeader(result.accessToken);
    const other = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    for (const claimedKid of [kid!, 'unknown-kid']) {
      const token = await new SignJWT({ handle: result.user.handle, roles: ['admin'] })
        .setProtectedHeader({ alg: 'EdDSA', kid: claimedKid })
        .setSubject(result.user.id)
        .setIssuer('framecast')
        .setAudience('framecast')
        .setIssuedAt()
        .setExpirationTime('5m')
        .sign(other.privateKey);
      const res = await me(bearer(token));
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ code: 'invalid_token' });
    }
  });
});

describe('GET /.well-known/jwks.json', () => {
  it('publishes only the public part of the signing key, cacheable for five minutes', async () => {
    const { result } = await register(h.rt);
    const res = await h.rt.app.inject({ method: 'GET', url: '/.well-known/jwks.json' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=300');
    const { keys } = res.json<{ keys: JWK[] }>();
    expect(keys.length).toBeGreaterThanOrEqual(1);
    const { kid } = decodeProtectedHeader(result.accessToken);
    const key = keys.find((k) => k.kid === kid);
    expect(key).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', use: 'sig' });
    // An Ed25519 private JWK carries `d`; only the public members may be served.
    for (const k of keys) expect(Object.keys(k).sort()).toEqual(['alg', 'crv', 'kid', 'kty', 'use', 'x']);
  });
});

describe('POST /api/auth/refresh', () => {
  it('rotates a token-mode refresh token and returns the next one in the body', async () => {
    const account = await register(h.rt);
    const res = await refreshWithToken(account.refreshToken);
    expect(res.statusCode).toBe(200);
    const body = res.json<AuthResult>();
    expect(body.user.id).toBe(account.result.user.id);
    expect(body.refreshToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(body.refreshToken).not.toBe(account.refreshToken);
    expect(cookie(res, 'framecast_refresh')).toBeUndefined();
    expect((await me(bearer(body.accessToken))).statusCode).toBe(200);
  });

  it('rotates the cookie in browser mode and keeps the token out of the body', async () => {
    const account = await register(h.rt, { session: 'cookie' });
    const res = await refreshWithCookie(account.refreshToken);
    expect(res.statusCode).toBe(200);
    expect(res.json<AuthResult>().refreshToken).toBeUndefined();
    const next = cookie(res, 'framecast_refresh');
    expect(next).toMatchObject({ httpOnly: true, sameSite: 'Lax', path: '/api/auth', maxAge: 3600 });
    expect(next?.value).not.toBe(account.refreshToken);
    expect((await refreshWithCookie(next!.value)).statusCode).toBe(200);
  });

  it('on reuse of a rotated token, ends the whole family: the newer token stops working too', async () => {
    const account = await register(h.rt);
    const before = await metricValue(h.rt, 'framecast_user_refresh_reuse_total');
    const rotated = (await refreshWithToken(account.refreshToken)).json<AuthResult>();
    const newer = rotated.refreshToken!;

    const replay = await afterGrace(() => refreshWithToken(account.refreshToken));
    expect(replay.statusCode).toBe(401);
    expect(replay.json()).toMatchObject({ code: 'refresh_token_reused' });

    const legit = await refreshWithToken(newer);
    expect(legit.statusCode).toBe(401);
    expect(legit.json()).toMatchObject({ code: 'invalid_refresh_token' });
    expect(await metricValue(h.rt, 'framecast_user_refresh_reuse_total')).toBe(before + 1);
  });

  it('answers two refreshes at the same moment (two tabs) with one successor, and signs nobody out', async () => {
    const account = await register(h.rt, { session: 'cookie' });
    const before = await metricValue(h.rt, 'framecast_user_refresh_reuse_total');
    const both = await Promise.all([refreshWithCookie(account.refreshToken), refreshWithCookie(account.refreshToken)]);
    expect(both.map((r) => r.statusCode)).toEqual([200, 200]);
    const [first, second] = both.map((r) => cookie(r, 'framecast_refresh')?.value);
    expect(first).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(second).toBe(first);
    // A third tab a few seconds later still gets the same successor; the family lives on.
    h.clock.shift(10_000);
    const late = await refreshWithCookie(account.refreshToken).finally(() => h.clock.shift(-10_000));
    expect(cookie(late, 'framecast_refresh')?.value).toBe(first);
    const next = await refreshWithCookie(first!);
    expect(next.statusCode).toBe(200);
    expect(await metricValue(h.rt, 'framecast_user_refresh_reuse_total')).toBe(before);
  });

  it('after the grace window, a replayed token still revokes the family', async () => {
    const account = await register(h.rt);
    const rotated = (await refreshWithToken(account.refreshToken)).json<AuthResult>();
    const replay = await afterGrace(() => refreshWithToken(account.refreshToken));
    expect(replay.json()).toMatchObject({ code: 'refresh_token_reused' });
    expect((await refreshWithToken(rotated.refreshToken!)).json()).toMatchObject({ code: 'invalid_refresh_token' });
  });

  it('treats a replay within the window as reuse once the successor itself was used', async () => {
    const account = await register(h.rt);
    const rotated = (await refreshWithToken(account.refreshToken)).json<AuthResult>();
    expect((await refreshWithToken(rotated.refreshToken!)).statusCode).toBe(200);
    const replay = await refreshWithToken(account.refreshToken);
    expect(replay.json()).toMatchObject({ code: 'refresh_token_reused' });
  });

  it('uses the session cookie only for our own pages: another site gets 403, and the session lives on', async () => {
    const account = await register(h.rt, { session: 'cookie' });
    const withCookie = (url: string, headers: Record<string, string>) =>
      h.rt.app.inject({ method: 'POST', url, headers, cookies: { framecast_refresh: account.refreshToken } });
    const elsewhere: Record<string, string>[] = [
      { origin: 'https://evil.example' },
      { origin: 'null' },
      { 'sec-fetch-site': 'cross-site' },
      { 'sec-fetch-site': 'same-site' },
      { referer: 'https://evil.example/page' },
    ];
    for (const headers of elsewhere) {
      for (const url of ['/api/auth/refresh', '/api/auth/logout']) {
        const res = await withCookie(url, headers);
        expect(res.statusCode, `${url} ${JSON.stringify(headers)}`).toBe(403);
        expect(res.headers['content-type']).toContain('application/problem+json');
        expect(res.json()).toMatchObject({ code: 'origin_not_allowed', requestId: res.headers['x-request-id'] });
        expect(cookie(res, 'framecast_refresh')).toBeUndefined();
      }
    }
    // Nothing was rotated or ended: our own page refreshes with the same cookie.
    const ours = await withCookie('/api/auth/refresh', {
      origin: 'http://localhost:8080',
      'sec-fetch-site': 'same-origin',
    });
    expect(ours.statusCode).toBe(200);
    const next = cookie(ours, 'framecast_refresh')!.value;
    const sameOrigin = await h.rt.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { 'sec-fetch-site': 'same-origin' },
      cookies: { framecast_refresh: next },
    });
    expect(sameOrigin.statusCode).toBe(204);
  });

  it('leaves API clients that send the token in the body alone, whatever their Origin', async () => {
    const account = await register(h.rt);
    const res = await h.rt.app.inject({
      method: 'POST',
      url: '/api/auth/refresh',
      headers: { origin: 'https://tool.example' },
      payload: { refreshToken: account.refreshToken },
    });
    expect(res.statusCode).toBe(200);
  });

  it('leaves other sessions of the same account alone when one family is revoked', async () => {
    const account = await register(h.rt);
    const other = await h.rt.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { handle: account.handle, password: account.password, session: 'token' },
    });
    await refreshWithToken(account.refreshToken);
    await afterGrace(() => refreshWithToken(account.refreshToken));
    expect((await refreshWithToken(other.json<AuthResult>().refreshToken!)).statusCode).toBe(200);
  });

  it('refuses an expired refresh token', async () => {
    const account = await register(h.rt);
    h.clock.shift(3601 * 1000);
    const res = await refreshWithToken(account.refreshToken).finally(() => h.clock.shift(-3601 * 1000));
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: 'invalid_refresh_token' });
  });

  it('clears the cookie of a session that cannot be refreshed', async () => {
    const res = await refreshWithCookie('B'.repeat(43));
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: 'invalid_refresh_token' });
    const cleared = cookie(res, 'framecast_refresh');
    expect(cleared).toMatchObject({ value: '', path: '/api/auth', httpOnly: true });
  });

  it('refuses an unknown token, and a request with no token at all', async () => {
    const unknown = await refreshWithToken('A'.repeat(43));
    expect(unknown.statusCode).toBe(401);
    expect(unknown.json()).toMatchObject({ code: 'invalid_refresh_token' });
    const none = await h.rt.app.inject({ method: 'POST', url: '/api/auth/refresh' });
    expect(none.statusCode).toBe(401);
    expect(none.json()).toMatchObject({ code: 'invalid_refresh_token' });
  });

  it('refuses unknown fields and overlong tokens', async () => {
    const extra = await h.rt.app.inject({
      method: 'POST',
      url: '/api/auth/refresh',
      payload: { refreshToken: 'x', userId: 'y' },
    });
    expect(extra.statusCode).toBe(400);
    expect(extra.json()).toMatchObject({ code: 'validation_failed' });
    const long = await refreshWithToken('x'.repeat(513));
    expect(long.statusCode).toBe(400);
  });

  it('puts the current roles in the new access token', async () => {
    const account = await register(h.rt);
    const res = await refreshWithToken(account.refreshToken);
    expect(decodeJwt(res.json<AuthResult>().accessToken).roles).toEqual(['viewer', 'creator']);
  });
});

describe('POST /api/auth/logout', () => {
  it('revokes the family and clears the cookie', async () => {
    const account = await register(h.rt, { session: 'cookie' });
    const res = await h.rt.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      cookies: { framecast_refresh: account.refreshToken },
    });
    expect(res.statusCode).toBe(204);
    expect(res.body).toBe('');
    const cleared = cookie(res, 'framecast_refresh');
    expect(cleared?.value).toBe('');
    expect(cleared?.path).toBe('/api/auth');
    expect(cleared?.expires?.getTime()).toBeLessThanOrEqual(Date.now());
    const after = await refreshWithCookie(account.refreshToken);
    expect(after.statusCode).toBe(401);
    expect(after.json()).toMatchObject({ code: 'invalid_refresh_token' });
  });

  it('revokes a token-mode session named in the body, including tokens rotated from it', async () => {
    const account = await register(h.rt);
    const next = (await refreshWithToken(account.refreshToken)).json<AuthResult>().refreshToken!;
    const res = await h.rt.app.inject({ method: 'POST', url: '/api/auth/logout', payload: { refreshToken: next } });
    expect(res.statusCode).toBe(204);
    expect((await refreshWithToken(next)).statusCode).toBe(401);
  });

  it('succeeds without a session', async () => {
    const res = await h.rt.app.inject({ method: 'POST', url: '/api/auth/logout' });
    expect(res.statusCode).toBe(204);
  });
});

describe('signing key rotation', () => {
  it('publishes the next key ten minutes before signing with it, and keeps the old one published', async () => {
    const jwks = async () =>
      (await h.rt.app.inject({ method: 'GET', url: '/.well-known/jwks.json' })).json<{ keys: JWK[] }>();
    const kidOf = (r: Registered) => decodeProtectedHeader(r.result.accessToken).kid;
    const before = await register(h.rt);
    const day = 24 * 3600 * 1000;
    try {
      h.clock.shift(30 * day);
      const during = await register(h.rt);
      expect(kidOf(during)).toBe(kidOf(before));
      const published = await jwks();
      expect(published.keys).toHaveLength(2);

      h.clock.shift(10 * 60 * 1000);
      const after = await register(h.rt);
      expect(kidOf(after)).not.toBe(kidOf(before));
      const keys = createLocalJWKSet(await jwks());
      for (const token of [before, during, after].map((r) => r.result.accessToken)) {
        const { payload } = await jwtVerify(token, keys, { issuer: 'framecast', audience: 'framecast' });
        expect(payload.sub).toEqual(expect.any(String));
      }
    } finally {
      h.clock.shift(-(30 * day + 10 * 60 * 1000));
    }
  });
});
