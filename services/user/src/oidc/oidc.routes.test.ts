import type { AuthResult, Channel } from '@framecast/contracts';
import { metricValue } from '@framecast/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, signInAtProvider, startTestProvider, type TestProvider } from '../testing/oidc.provider.js';
import { GOOD_PASSWORD, register, startUserModule, type UserHarness } from '../testing/user.harness.js';

const ADMIN_EMAIL = 'chief@example.com';
let h: UserHarness;
let provider: TestProvider;
let base: string;

beforeAll(async () => {
  const port = await freePort();
  base = `http://127.0.0.1:${port}`;
  provider = await startTestProvider({
    redirectUri: `${base}/api/auth/oidc/callback`,
    people: [
      {
        sub: 'ada-1',
        email: 'Ada@Example.com',
        email_verified: true,
        preferred_username: 'Ada.L',
        name: 'Ada Lovelace',
      },
      { sub: 'ada-2', email: 'ada2@example.com', email_verified: true, preferred_username: 'ada.l' },
      { sub: 'chief', email: ADMIN_EMAIL, email_verified: true, preferred_username: 'chief' },
      { sub: 'linker', email: 'linker@example.com', email_verified: true },
      { sub: 'squatter', email: 'victim@example.com', email_verified: false },
      { sub: 'no-email', preferred_username: 'ghost' },
    ],
  });
  h = await startUserModule({
    PORT: String(port),
    PUBLIC_URL: base,
    ADMIN_EMAIL,
    OIDC_ISSUER: provider.issuer,
    OIDC_CLIENT_ID: provider.clientId,
    OIDC_CLIENT_SECRET: provider.clientSecret,
    OIDC_NAME: 'Test ID',
  });
}, 60_000);

afterAll(async () => {
  await h?.close();
  await provider?.close();
});

interface Started {
  location: URL;
  stateCookie: string;
}

async function start(returnTo: string): Promise<Started> {
  const res = await fetch(`${base}/api/auth/oidc/start?returnTo=${encodeURIComponent(returnTo)}`, {
    redirect: 'manual',
  });
  expect(res.status).toBe(302);
  const state = res.headers.getSetCookie().find((c) => c.startsWith('framecast_oidc_state='));
  expect(state).toMatch(/HttpOnly/i);
  expect(state).toMatch(/SameSite=Lax/i);
  expect(state).toMatch(/Path=\/api\/auth\/oidc/);
  return { location: new URL(res.headers.get('location')!), stateCookie: state!.split(';')[0]! };
}

/** The whole browser journey; returns the app's final answer to the callback. */
async function signIn(sub: string, returnTo = '/') {
  const started = await start(returnTo);
  const callback = await signInAtProvider(started.location.href, sub);
  expect(callback.origin).toBe(base);
  return fetch(callback, { redirect: 'manual', headers: { cookie: started.stateCookie } });
}

async function sessionFrom(res: Response): Promise<AuthResult> {
  const refresh = res.headers.getSetCookie().find((c) => c.startsWith('framecast_refresh='));
  expect(refresh).toMatch(/HttpOnly/i);
  const answer = await fetch(`${base}/api/auth/refresh`, {
    method: 'POST',
    headers: { cookie: refresh!.split(';')[0]! },
  });
  expect(answer.status).toBe(200);
  return (await answer.json()) as AuthResult;
}

describe('OIDC sign-in', () => {
  it('lists the provider', async () => {
    const res = await fetch(`${base}/api/auth/providers`);
    expect(await res.json()).toEqual({ password: true, oidc: { name: 'Test ID' } });
  });

  it('sends the browser to the provider with PKCE, state and nonce', async () => {
    const { location } = await start('/');
    expect(location.origin).toBe(provider.issuer);
    const q = location.searchParams;
    expect(q.get('client_id')).toBe(provider.clientId);
    expect(q.get('redirect_uri')).toBe(`${base}/api/auth/oidc/callback`);
    expect(q.get('code_challenge_method')).toBe('S256');
    expect(q.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(q.get('state')).toBeTruthy();
    expect(q.get('nonce')).toBeTruthy();
    expect(q.get('scope')).toBe('openid email profile');
  });

  it('creates an account on first sign-in, starts a cookie session and returns to the page', async () => {
    const before = await metricValue(h.rt, 'framecast_user_registrations_total', { method: 'oidc' });
    const res = await signIn('ada-1', '/c/somewhere?tab=videos');
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/c/somewhere?tab=videos');
    const session = await sessionFrom(res);
    expect(session.user).toMatchObject({
      email: 'ada@example.com',
      handle: 'ada_l',
      displayName: 'Ada Lovelace',
      roles: ['viewer', 'creator'],
    });
    expect(await metricValue(h.rt, 'framecast_user_registrations_total', { method: 'oidc' })).toBe(before + 1);

    // Signing in again finds the same account.
    const again = await sessionFrom(await signIn('ada-1'));
    expect(again.user.id).toBe(session.user.id);
    const channel = await fetch(`${base}/api/channels/ada_l`);
    expect(((await channel.json()) as Channel).id).toBe(session.user.id);
  });

  it('makes a taken handle unique', async () => {
    await signIn('ada-1');
    const second = await sessionFrom(await signIn('ada-2'));
    expect(second.user.handle).toBe('ada_l2');
  });

  it('gives admin to the configured email only when the provider verified it', async () => {
    expect((await sessionFrom(await signIn('chief'))).user.roles).toContain('admin');
  });

  it('links to an existing password account with the same verified email', async () => {
    const existing = await register(h.rt, { email: 'linker@example.com', handle: 'linker_pw' });
    const linked = await sessionFrom(await signIn('linker'));
    expect(linked.user.id).toBe(existing.result.user.id);
    const password = await h.rt.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { handle: 'linker_pw', password: GOOD_PASSWORD },
    });
    expect(password.statusCode).toBe(200);
  });

  it('refuses to take over an account through an unverified email', async () => {
    await register(h.rt, { email: 'victim@example.com', handle: 'victim' });
    const res = await signIn('squatter');
    expect(res.status).toBe(409);
    expect(await res.json()).toMatchObject({ code: 'email_taken' });
  });

  it('refuses a person without an email', async () => {
    const res = await signIn('no-email');
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'oidc_email_missing' });
  });

  it('goes back only to same-site paths', async () => {
    for (const target of ['https://evil.example/', '//evil.example/', '/\\evil.example']) {
      const res = await signIn('ada-1', target);
      expect(res.headers.get('location')).toBe('/');
    }
  });

  it('refuses a callback without the state cookie of the browser that started it', async () => {
    const started = await start('/');
    const callback = await signInAtProvider(started.location.href, 'ada-1');
    const res = await fetch(callback, { redirect: 'manual' });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'oidc_state_invalid' });
  });

  it('refuses a replayed callback', async () => {
    const started = await start('/');
    const callback = await signInAtProvider(started.location.href, 'ada-1');
    const first = await fetch(callback, { redirect: 'manual', headers: { cookie: started.stateCookie } });
    expect(first.status).toBe(302);
    const replay = await fetch(callback, { redirect: 'manual', headers: { cookie: started.stateCookie } });
    expect(replay.status).toBe(400);
    expect(await replay.json()).toMatchObject({ code: 'oidc_state_invalid' });
  });

  it('reports a sign-in the person cancelled at the provider', async () => {
    const started = await start('/');
    const callback = await signInAtProvider(started.location.href, 'ada-1', 'abort');
    expect(callback.searchParams.get('error')).toBe('access_denied');
    const res = await fetch(callback, { redirect: 'manual', headers: { cookie: started.stateCookie } });
    expect(res.status).toBe(400);
    const problem = (await res.json()) as { code: string; detail: string };
    expect(problem.code).toBe('oidc_failed');
    expect(problem.detail).toContain('Test ID');
  });
});
