import type { AuthResult, User } from '@framecast/contracts';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Registered, register, startUserModule, type UserHarness, uniqueHandle } from '../testing/user.harness.js';

const ADMIN_EMAIL = 'root-admin@example.com';
let h: UserHarness;
let admin: Registered;

beforeAll(async () => {
  h = await startUserModule({ ADMIN_EMAIL });
  admin = await register(h.rt, { email: ADMIN_EMAIL, handle: uniqueHandle('admin') });
}, 60_000);

afterAll(async () => {
  await h?.close();
});

const inject = (method: 'GET' | 'PATCH' | 'PUT', url: string, headers: Record<string, string>, payload?: unknown) =>
  h.rt.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) });

describe('GET /api/users/me', () => {
  it('returns the signed-in account', async () => {
    const account = await register(h.rt);
    const res = await inject('GET', '/api/users/me', account.auth);
    expect(res.statusCode).toBe(200);
    expect(res.json<User>()).toEqual(account.result.user);
  });

  it('needs a signed-in caller', async () => {
    const res = await inject('GET', '/api/users/me', {});
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ code: 'authentication_required' });
  });

  it('refuses a malformed Authorization header', async () => {
    const res = await inject('GET', '/api/users/me', { authorization: 'Token abc' });
    expect(res.statusCode).toBe(401);
  });
});

describe('PATCH /api/users/me', () => {
  it('changes the display name and bio', async () => {
    const account = await register(h.rt);
    const res = await inject('PATCH', '/api/users/me', account.auth, { displayName: '  Ada L. ', bio: 'Hello.' });
    expect(res.statusCode).toBe(200);
    expect(res.json<User>()).toMatchObject({ displayName: 'Ada L.', bio: 'Hello.' });
    const bioOnly = await inject('PATCH', '/api/users/me', account.auth, { bio: '' });
    expect(bioOnly.json<User>()).toMatchObject({ displayName: 'Ada L.', bio: '' });
  });

  it('refuses an empty change', async () => {
    const account = await register(h.rt);
    const res = await inject('PATCH', '/api/users/me', account.auth, {});
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'empty_update' });
  });

  it.each([
    ['an unknown field', { displayName: 'x', email: 'new@example.com' }],
    ['an overlong display name', { displayName: 'd'.repeat(61) }],
    ['an overlong bio', { bio: 'b'.repeat(1001) }],
    ['an empty display name', { displayName: '' }],
    ['a wrong type', { bio: 42 }],
  ])('refuses %s', async (_name, payload) => {
    const account = await register(h.rt);
    const res = await inject('PATCH', '/api/users/me', account.auth, payload);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'validation_failed' });
  });

  it('keeps display names normalised, and refuses invisible and direction-changing ones', async () => {
    const account = await register(h.rt);
    const patch = (displayName: string) => inject('PATCH', '/api/users/me', account.auth, { displayName });
    const ok = await patch('  Ａｄａ\u200B   Lovelace\n');
    expect(ok.statusCode).toBe(200);
    expect(ok.json().displayName).toBe('Ada Lovelace');
    const channel = await h.rt.app.inject(`/api/channels/${account.handle}`);
    expect(channel.json().displayName).toBe('Ada Lovelace');
    for (const [name, reason] of [
      ['Ada\u202Egpj.exe', 'bidi_control'],
      ['\u2067Ada', 'bidi_control'],
      ['\u200B\u200D\uFEFF', 'invisible'],
      ['\u3164', 'invisible'],
    ]) {
      const res = await patch(name!);
      expect(res.statusCode, JSON.stringify(name)).toBe(400);
      expect(res.json()).toMatchObject({ code: 'invalid_display_name', reason });
    }
    expect((await h.rt.app.inject(`/api/channels/${account.handle}`)).json().displayName).toBe('Ada Lovelace');
  });

  it('refuses a display name of spaces', async () => {
    const account = await register(h.rt);
    const res = await inject('PATCH', '/api/users/me', account.auth, { displayName: '   ' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'invalid_display_name' });
  });

  it('needs a signed-in caller', async () => {
    const res = await inject('PATCH', '/api/users/me', {}, { bio: 'x' });
    expect(res.statusCode).toBe(401);
  });
});

describe('PUT /api/users/:id/roles', () => {
  it('lets an admin set roles, which the next refresh puts in the token', async () => {
    expect(admin.result.user.roles).toContain('admin');
    const target = await register(h.rt);
    const res = await inject('PUT', `/api/users/${target.result.user.id}/roles`, admin.auth, {
      roles: ['moderator', 'viewer'],
    });
    expect(res.statusCode).toBe(200);
    expect(res.json<User>().roles).toEqual(['viewer', 'moderator']);

    const refreshed = await h.rt.app.inject({
      method: 'POST',
      url: '/api/auth/refresh',
      payload: { refreshToken: target.refreshToken },
    });
    expect(decodeJwt(refreshed.json<AuthResult>().accessToken).roles).toEqual(['viewer', 'moderator']);
  });

  it('is forbidden to non-admins, and to anonymous callers', async () => {
    const someone = await register(h.rt);
    const forbidden = await inject('PUT', `/api/users/${someone.result.user.id}/roles`, someone.auth, {
      roles: ['viewer', 'admin'],
    });
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.json()).toMatchObject({ code: 'forbidden' });
    const anonymous = await inject('PUT', `/api/users/${someone.result.user.id}/roles`, {}, { roles: ['admin'] });
    expect(anonymous.statusCode).toBe(401);
  });

  it('does not let an admin remove their own admin role', async () => {
    const res = await inject('PUT', `/api/users/${admin.result.user.id}/roles`, admin.auth, { roles: ['viewer'] });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'cannot_demote_self' });
  });

  it('answers 404 for an unknown account and 400 for a malformed id or body', async () => {
    const auth = admin.auth;
    const unknown = await inject('PUT', '/api/users/00000000-0000-4000-8000-000000000000/roles', auth, {
      roles: ['viewer'],
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ code: 'user_not_found' });
    const badId = await inject('PUT', '/api/users/not-a-uuid/roles', auth, { roles: ['viewer'] });
    expect(badId.statusCode).toBe(400);
    for (const payload of [{ roles: [] }, { roles: ['superuser'] }, { roles: ['viewer', 'viewer'] }, {}]) {
      const res = await inject('PUT', `/api/users/${admin.result.user.id}/roles`, auth, payload);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'validation_failed' });
    }
  });
});
