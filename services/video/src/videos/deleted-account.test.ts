import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { eventually } from '@framecast/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tusClient } from '../testing/tus.fixtures.js';
import { upload } from '../testing/video.fixtures.js';
import { type Account, register, startVideoModule, type VideoHarness } from '../testing/video.harness.js';

let h: VideoHarness;
let ada: Account;
let bob: Account;

beforeAll(async () => {
  h = await startVideoModule();
  [ada, bob] = await Promise.all([register(h.rt), register(h.rt)]);
});

afterAll(async () => {
  await h?.close();
});

describe('a deleted account', () => {
  it('can no longer act with its unexpired access token, in any module', async () => {
    const video = await upload(h, ada, { visibility: 'public' });
    const follow = await h.rt.app.inject({
      method: 'POST',
      url: `/api/channels/${bob.handle}/follow`,
      headers: ada.auth,
    });
    expect(follow.json()).toMatchObject({ following: true, followerCount: 1 });

    const deleted = await h.rt.app.inject({ method: 'DELETE', url: '/api/users/me', headers: ada.auth });
    expect(deleted.statusCode).toBe(204);

    const attempts = [
      h.rt.app.inject({ method: 'GET', url: '/api/users/me', headers: ada.auth }),
      h.rt.app.inject({ method: 'PATCH', url: `/api/videos/${video.id}`, payload: { title: 'x' }, headers: ada.auth }),
      h.rt.app.inject({ method: 'POST', url: `/api/channels/${bob.handle}/follow`, headers: ada.auth }),
      h.rt.app.inject({ method: 'DELETE', url: '/api/users/me', headers: ada.auth }),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.statusCode).toBe(401);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json()).toMatchObject({ code: 'account_deleted' });
    }
    const tus = await tusClient(h).create(ada, 10, { filename: 'a.mp4' });
    expect(tus.status).toBe(401);

    // Others are untouched, and the counts the account made are given back.
    expect((await h.rt.app.inject({ url: '/api/users/me', headers: bob.auth })).statusCode).toBe(200);
    expect((await h.rt.app.inject(`/api/channels/${bob.handle}`)).json()).toMatchObject({ followerCount: 0 });
    expect((await h.rt.app.inject(`/api/channels/${ada.handle}`)).statusCode).toBe(404);
  });

  it("takes its videos with it, files and all, and leaves others' videos alone", async () => {
    const [carol, dave] = await Promise.all([register(h.rt), register(h.rt)]);
    const mine = await Promise.all([
      upload(h, carol, { visibility: 'public' }),
      upload(h, carol, { visibility: 'private' }),
    ]);
    const unfinished = await tusClient(h).create(carol, 1000, { filename: 'later.mp4' });
    expect(unfinished.status).toBe(201);
    const theirs = await upload(h, dave, { visibility: 'public' });
    const stored = (id: string) => existsSync(join(h.dataDir, 'storage', 'videos', id));
    expect(mine.every((v) => stored(v.id))).toBe(true);

    const deleted = await h.rt.app.inject({ method: 'DELETE', url: '/api/users/me', headers: carol.auth });
    expect(deleted.statusCode).toBe(204);
    const about = (payload: unknown) => payload as { userId?: string; channelId?: string };
    const event = await h.waitForEvent((e) => e.type === 'user.deleted' && about(e.payload).userId === carol.userId);
    expect(event.payload).toEqual({ userId: carol.userId, handle: carol.handle });

    await eventually(async () => {
      const gone = h.events.filter((e) => e.type === 'video.deleted' && about(e.payload).channelId === carol.userId);
      expect(gone).toHaveLength(3);
    });
    for (const video of mine) {
      expect((await h.rt.app.inject({ url: `/api/videos/${video.id}`, headers: dave.auth })).statusCode).toBe(404);
      expect(stored(video.id)).toBe(false);
    }
    expect((await h.rt.app.inject({ url: `/api/videos/${theirs.id}`, headers: dave.auth })).statusCode).toBe(200);
    expect(stored(theirs.id)).toBe(true);
  });
});
