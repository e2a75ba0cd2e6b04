import type { Channel, ChannelPage, FollowResult } from '@framecast/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Registered, register, startUserModule, type UserHarness } from '../testing/user.harness.js';

let h: UserHarness;

beforeAll(async () => {
  h = await startUserModule();
}, 60_000);

afterAll(async () => {
  await h?.close();
});

const get = (url: string, headers: Record<string, string> = {}) => h.rt.app.inject({ method: 'GET', url, headers });
const follow = (who: Registered, handle: string) =>
  h.rt.app.inject({ method: 'POST', url: `/api/channels/${handle}/follow`, headers: who.auth });
const unfollow = (who: Registered, handle: string) =>
  h.rt.app.inject({ method: 'DELETE', url: `/api/channels/${handle}/follow`, headers: who.auth });

/** Every channel, page by page. */
async function walk(sort: 'new' | 'popular', limit: number, headers: Record<string, string> = {}) {
  const all: Channel[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const query = new URLSearchParams({ sort, limit: String(limit), ...(cursor ? { cursor } : {}) });
    const res = await get(`/api/channels?${query}`, headers);
    expect(res.statusCode).toBe(200);
    const page = res.json<ChannelPage>();
    expect(page.items.length).toBeLessThanOrEqual(limit);
    all.push(...page.items);
    cursor = page.nextCursor;
    pages += 1;
  } while (cursor && pages < 100);
  return all;
}

const ID = '0b7d3f1e-4c2a-4f6e-9a7b-1c2d3e4f5a6b';
/** A cursor as an attacker would make one: valid base64url of JSON the server never wrote. */
const crafted = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('GET /api/channels/:handle', () => {
  it('shows a channel, with `following` only for signed-in callers', async () => {
    const owner = await register(h.rt);
    const fan = await register(h.rt);
    const anonymous = await get(`/api/channels/${owner.handle}`);
    expect(anonymous.statusCode).toBe(200);
    const channel = anonymous.json<Channel>();
    expect(channel).toEqual({
      id: owner.result.user.id,
      handle: owner.handle,
      displayName: owner.handle,
      bio: '',
      avatarUrl: null,
      followerCount: 0,
      followingCount: 0,
      createdAt: owner.result.user.createdAt,
    });
    expect(channel).not.toHaveProperty('following');
    expect((await get(`/api/channels/${owner.handle}`, fan.auth)).json<Channel>().following).toBe(false);
    await follow(fan, owner.handle);
    expect((await get(`/api/channels/${owner.handle.toUpperCase()}`, fan.auth)).json<Channel>().following).toBe(true);
  });

  it('answers 404 channel_not_found for an unknown handle', async () => {
    const res = await get('/api/channels/no_such_channel');
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'channel_not_found' });
  });
});

describe('follows', () => {
  it('follow is idempotent, counts stay right on both sides, and unfollow undoes it', async () => {
    const star = await register(h.rt);
    const fans = await Promise.all([register(h.rt), register(h.rt)]);

    const first = await follow(fans[0]!, star.handle);
    expect(first.statusCode).toBe(200);
    expect(first.json<FollowResult>()).toEqual({ following: true, followerCount: 1 });
    expect((await follow(fans[0]!, star.handle)).json<FollowResult>()).toEqual({ following: true, followerCount: 1 });
    expect((await follow(fans[1]!, star.handle)).json<FollowResult>()).toEqual({ following: true, followerCount: 2 });

    expect((await get(`/api/channels/${star.handle}`)).json<Channel>().followerCount).toBe(2);
    expect((await get(`/api/channels/${fans[0]!.handle}`)).json<Channel>().followingCount).toBe(1);

    expect((await unfollow(fans[0]!, star.handle)).json<FollowResult>()).toEqual({
      following: false,
      followerCount: 1,
    });
    expect((await unfollow(fans[0]!, star.handle)).json<FollowResult>()).toEqual({
      following: false,
      followerCount: 1,
    });
    expect((await get(`/api/channels/${fans[0]!.handle}`)).json<Channel>().followingCount).toBe(0);
  });

  it('stays consistent under concurrent follows of one channel', async () => {
    const star = await register(h.rt);
    const fans = await Promise.all(Array.from({ length: 4 }, () => register(h.rt)));
    await Promise.all(fans.flatMap((fan) => [follow(fan, star.handle), follow(fan, star.handle)]));
    expect((await get(`/api/channels/${star.handle}`)).json<Channel>().followerCount).toBe(4);
  });

  it('announces a new follow once', async () => {
    const star = await register(h.rt);
    const fan = await register(h.rt);
    await follow(fan, star.handle);
    await follow(fan, star.handle);
    const event = await h.waitForEvent(
      (e) => e.type === 'user.followed' && (e.payload as { channelId: string }).channelId === star.result.user.id,
    );
    expect(event.payload).toEqual({
      followerId: fan.result.user.id,
      followerHandle: fan.handle,
      channelId: star.result.user.id,
      channelHandle: star.handle,
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const announced = h.events.filter(
      (e) => e.type === 'user.followed' && (e.payload as { channelId: string }).channelId === star.result.user.id,
    );
    expect(announced).toHaveLength(1);
  });

  it('refuses following yourself', async () => {
    const me = await register(h.rt);
    const res = await follow(me, me.handle);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'cannot_follow_self' });
  });

  it('needs a signed-in caller and an existing channel', async () => {
    const star = await register(h.rt);
    const anonymous = await h.rt.app.inject({ method: 'POST', url: `/api/channels/${star.handle}/follow` });
    expect(anonymous.statusCode).toBe(401);
    const fan = await register(h.rt);
    const missing = await follow(fan, 'no_such_channel');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ code: 'channel_not_found' });
  });
});

describe('GET /api/channels', () => {
  it('pages through every channel newest first, without gaps or repeats', async () => {
    const made = await Promise.all(Array.from({ length: 5 }, () => register(h.rt)));
    const all = await walk('new', 2);
    const ids = all.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const account of made) expect(ids).toContain(account.result.user.id);
    const created = all.map((c) => c.createdAt);
    expect([...created].sort().reverse()).toEqual(created);
  });

  it('sorts by follower count for `popular`', async () => {
    const top = await register(h.rt);
    const second = await register(h.rt);
    const fans = await Promise.all(Array.from({ length: 3 }, () => register(h.rt)));
    for (const fan of fans) await follow(fan, top.handle);
    for (const fan of fans.slice(0, 2)) await follow(fan, second.handle);

    const all = await walk('popular', 3);
    const counts = all.map((c) => c.followerCount);
    expect([...counts].sort((a, b) => b - a)).toEqual(counts);
    const ids = all.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.indexOf(top.result.user.id)).toBeLessThan(ids.indexOf(second.result.user.id));
  });

  it('says which channels a signed-in caller follows', async () => {
    const star = await register(h.rt);
    const fan = await register(h.rt);
    await follow(fan, star.handle);
    const all = await walk('new', 50, fan.auth);
    expect(all.find((c) => c.id === star.result.user.id)?.following).toBe(true);
    expect(all.filter((c) => c.id !== star.result.user.id).every((c) => c.following === false)).toBe(true);
    const anonymous = await walk('new', 50);
    expect(anonymous.every((c) => !('following' in c))).toBe(true);
  });

  it('answers a batch of handles with the channels that exist, in the order asked', async () => {
    const [ann, ben, fan] = await Promise.all([register(h.rt), register(h.rt), register(h.rt)]);
    await follow(fan, ben.handle);
    const handles = [ben.handle, 'nobody_here', ann.handle.toUpperCase(), ben.handle].join(',');
    const anonymous = await get(`/api/channels?handles=${handles}`);
    expect(anonymous.statusCode).toBe(200);
    const page = anonymous.json<ChannelPage>();
    expect(page.nextCursor).toBeNull();
    expect(page.items.map((c) => c.handle)).toEqual([ben.handle, ann.handle]);
    expect(page.items.every((c) => !('following' in c))).toBe(true);
    const signedIn = (await get(`/api/channels?handles=${handles}`, fan.auth)).json<ChannelPage>();
    expect(signedIn.items.map((c) => [c.handle, c.following, c.followerCount])).toEqual([
      [ben.handle, true, 1],
      [ann.handle, false, 0],
    ]);
  });

  it('refuses a batch of handles that is empty, too long, or mixed with paging', async () => {
    for (const handles of ['', 'a,,b', 'a,', 'x'.repeat(31), Array(101).fill('ab').join(',')]) {
      const res = await get(`/api/channels?handles=${encodeURIComponent(handles)}`);
      expect(res.statusCode, handles).toBe(400);
      expect(res.json()).toMatchObject({ code: 'validation_failed', field: 'handles' });
    }
    const mixed = await get('/api/channels?handles=ab&sort=popular');
    expect(mixed.statusCode).toBe(400);
    expect(mixed.json()).toMatchObject({ code: 'validation_failed', field: 'handles' });
  });

  it('defaults to 20 newest channels', async () => {
    await Promise.all(Array.from({ length: 3 }, () => register(h.rt)));
    const res = await get('/api/channels');
    expect(res.statusCode).toBe(200);
    expect(res.json<ChannelPage>().items.length).toBeLessThanOrEqual(20);
  });

  it.each([
    ['a limit above 50', 'limit=51', 'validation_failed'],
    ['a limit of 0', 'limit=0', 'validation_failed'],
    ['an unknown sort', 'sort=oldest', 'validation_failed'],
    ['an unknown parameter', 'page=2', 'validation_failed'],
    ['a forged cursor', 'cursor=bm9wZQ', 'invalid_cursor'],
    ['a cursor in year 0000', `cursor=${crafted(['new', '0000-01-01T00:00:00.000Z', ID])}`, 'invalid_cursor'],
    ['a cursor in year 275760', `cursor=${crafted(['new', '+275760-09-13T00:00:00.000Z', ID])}`, 'invalid_cursor'],
    ['a count past integer', `sort=popular&cursor=${crafted(['popular', 2 ** 40, ID])}`, 'invalid_cursor'],
    ['a count as text', `sort=popular&cursor=${crafted(['popular', '7', ID])}`, 'invalid_cursor'],
    ['a NUL in the cursor', 'cursor=%00', 'validation_failed'],
  ])('refuses %s', async (_name, query, code) => {
    const res = await get(`/api/channels?${query}`);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code });
  });

  it('refuses a NUL in a path parameter', async () => {
    const res = await get('/api/channels/ada%00x');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'validation_failed' });
  });

  it('refuses a cursor from the other sort order', async () => {
    await Promise.all([register(h.rt), register(h.rt)]);
    const page = (await get('/api/channels?sort=popular&limit=1')).json<ChannelPage>();
    expect(page.nextCursor).not.toBeNull();
    const res = await get(`/api/channels?sort=new&cursor=${page.nextCursor}`);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'invalid_cursor' });
  });
});
