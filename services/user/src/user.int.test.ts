import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Database, openDatabase } from '@framecast/adapters';
import { requireServer, testUrls } from '@framecast/adapters/testing';
import type { AuthResult, Channel, ChannelPage, FollowResult, User } from '@framecast/contracts';
import { sql } from 'kysely';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashRefreshToken } from './sessions/refresh.rotation.js';
import { bearer, cookie, register, startUserModule, type UserHarness } from './testing/user.harness.js';
import { USER_SCHEMA } from './user.tables.js';

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

let h: UserHarness;
let db: Database;
let dataDir: string;

/** This module owns the `users` schema: each run starts from nothing and leaves nothing behind. */
async function dropSchema() {
  await sql`drop schema if exists ${sql.id(USER_SCHEMA)} cascade`.execute(db.kysely);
}

beforeAll(async () => {
  await requireServer('postgres');
  dataDir = await mkdtemp(join(tmpdir(), 'framecast-user-int-'));
  db = await openDatabase({ url: testUrls.postgres, dataDir });
  await dropSchema();
  h = await startUserModule({ DATABASE_URL: testUrls.postgres, ADMIN_EMAIL: 'admin@example.com' });
});

afterAll(async () => {
  await h?.close();
  if (db) {
    await dropSchema();
    await db.close();
  }
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('user module on PostgreSQL', () => {
  it('migrated the users schema on the server', async () => {
    const tables = await sql<{ table_name: string }>`
      select table_name from information_schema.tables where table_schema = ${USER_SCHEMA} order by table_name
    `.execute(db.kysely);
    expect(tables.rows.map((r) => r.table_name)).toEqual(
      expect.arrayContaining(['accounts', 'follows', 'identities', 'refresh_tokens', 'signing_keys']),
    );
    expect(h.rt.adapters.db.dialect).toBe('postgres');
  });

  it('registers, signs in, reads and edits the profile', async () => {
    const admin = await register(h.rt, { email: 'admin@example.com', handle: 'int_admin' });
    expect(admin.result.user.roles).toEqual(['viewer', 'creator', 'admin']);

    const duplicate = await h.rt.app.inject({
      method: 'POST',
      url: '/api/auth/register',
      payload: { email: 'ADMIN@example.com', handle: 'int_other', password: admin.password },
    });
    expect(duplicate.statusCode).toBe(409);

    const login = await h.rt.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { handle: 'int_admin', password: admin.password },
    });
    expect(login.statusCode).toBe(200);
    const auth = bearer(login.json<AuthResult>().accessToken);

    const patched = await h.rt.app.inject({
      method: 'PATCH',
      url: '/api/users/me',
      headers: auth,
      payload: { displayName: 'Integration Admin' },
    });
    expect(patched.json<User>().displayName).toBe('Integration Admin');
  });

  it('lets only one of two simultaneous sign-ups with one email through', async () => {
    const attempts = await Promise.all(
      ['int_race_a', 'int_race_b'].map((handle) =>
        h.rt.app.inject({
          method: 'POST',
          url: '/api/auth/register',
          payload: { email: 'race@example.com', handle, password: 'plum orchard at dusk' },
        }),
      ),
    );
    expect(attempts.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    expect(attempts.find((r) => r.statusCode === 409)?.json()).toMatchObject({ code: 'email_taken' });
  });

  it('rotates refresh tokens and revokes the family on reuse', async () => {
    const account = await register(h.rt, { session: 'cookie' });
    const first = await h.rt.app.inject({
      method: 'POST',
      url: '/api/auth/refresh',
      cookies: { framecast_refresh: account.refreshToken },
    });
    expect(first.statusCode).toBe(200);
    const next = cookie(first, 'framecast_refresh')!.value;

    // Past the grace window in which a concurrent refresh gets the same successor.
    h.clock.shift(60_000);
    const reuse = await h.rt.app.inject({
      method: 'POST',
      url: '/api/auth/refresh',
      cookies: { framecast_refresh: account.refreshToken },
    });
    expect(reuse.json()).toMatchObject({ code: 'refresh_token_reused' });
    const after = await h.rt.app.inject({
      method: 'POST',
      url: '/api/auth/refresh',
      cookies: { framecast_refresh: next },
    });
    expect(after.statusCode).toBe(401);

    // Only the digest is stored, and every token of the family is now revoked.
    const stored = await sql<{ token_hash: string; revoked_at: Date | null }>`
      select token_hash, revoked_at from ${sql.table(`${USER_SCHEMA}.refresh_tokens`)}
      where token_hash in (${account.refreshToken}, ${hashRefreshToken(account.refreshToken)}, ${hashRefreshToken(next)})
    `.execute(db.kysely);
    expect(stored.rows.map((r) => r.token_hash).sort()).toEqual(
      [hashRefreshToken(account.refreshToken), hashRefreshToken(next)].sort(),
    );
    expect(stored.rows.every((r) => r.revoked_at !== null)).toBe(true);
  });

  it('follows channels with consistent counts and pages the directory', async () => {
    const star = await register(h.rt);
    const fans = await Promise.all([register(h.rt), register(h.rt), register(h.rt)]);
    await Promise.all(
      fans.flatMap((fan) =>
        [0, 1].map(() =>
          h.rt.app.inject({ method: 'POST', url: `/api/channels/${star.handle}/follow`, headers: fan.auth }),
        ),
      ),
    );
    const channel = (await h.rt.app.inject({ method: 'GET', url: `/api/channels/${star.handle}` })).json<Channel>();
    expect(channel.followerCount).toBe(3);
    const unfollow = await h.rt.app.inject({
      method: 'DELETE',
      url: `/api/channels/${star.handle}/follow`,
      headers: fans[0]!.auth,
    });
    expect(unfollow.json<FollowResult>()).toEqual({ following: false, followerCount: 2 });

    const popular = (
      await h.rt.app.inject({ method: 'GET', url: '/api/channels?sort=popular&limit=1' })
    ).json<ChannelPage>();
    expect(popular.items[0]?.id).toBe(star.result.user.id);
    const rest = await h.rt.app.inject({
      method: 'GET',
      url: `/api/channels?sort=popular&limit=50&cursor=${popular.nextCursor}`,
    });
    const ids = rest.json<ChannelPage>().items.map((c) => c.id);
    expect(ids).not.toContain(star.result.user.id);
    expect(ids.length).toBeGreaterThanOrEqual(4);
  });

  it('keeps counts right when two accounts follow each other at the same moment', async () => {
    const [a, b] = await Promise.all([register(h.rt), register(h.rt)]);
    for (let round = 0; round < 3; round++) {
      const method = round % 2 === 0 ? 'POST' : 'DELETE';
      const answers = await Promise.all([
        h.rt.app.inject({ method, url: `/api/channels/${b!.handle}/follow`, headers: a!.auth }),
        h.rt.app.inject({ method, url: `/api/channels/${a!.handle}/follow`, headers: b!.auth }),
      ]);
      expect(answers.map((r) => r.statusCode)).toEqual([200, 200]);
    }
    for (const who of [a!, b!]) {
      const channel = (await h.rt.app.inject({ method: 'GET', url: `/api/channels/${who.handle}` })).json<Channel>();
      expect(channel).toMatchObject({ followerCount: 1, followingCount: 1 });
    }
  });

  it('stores and serves an avatar', async () => {
    const account = await register(h.rt);
    const res = await h.rt.app.inject({
      method: 'PUT',
      url: '/api/users/me/avatar',
      headers: { ...account.auth, 'content-type': 'image/png' },
      payload: PNG,
    });
    expect(res.statusCode).toBe(200);
    const served = await h.rt.app.inject({ method: 'GET', url: res.json<User>().avatarUrl! });
    // Stored as the module encoded it: a 1×1 PNG again, not the bytes sent.
    expect(served.headers['content-type']).toBe('image/png');
    expect(await sharp(served.rawPayload).metadata()).toMatchObject({ format: 'png', width: 1, height: 1 });
  });

  it('keeps its signing key across restarts', async () => {
    const before = (await h.rt.app.inject({ method: 'GET', url: '/.well-known/jwks.json' })).json<{
      keys: { kid: string }[];
    }>();
    const account = await register(h.rt);
    await h.close();
    h = await startUserModule({ DATABASE_URL: testUrls.postgres });
    const after = (await h.rt.app.inject({ method: 'GET', url: '/.well-known/jwks.json' })).json<{
      keys: { kid: string }[];
    }>();
    expect(after.keys.map((k) => k.kid)).toEqual(before.keys.map((k) => k.kid));
    const me = await h.rt.app.inject({ method: 'GET', url: '/api/users/me', headers: account.auth });
    expect(me.statusCode).toBe(200);
  });
});
