import type { Video, VideoPage } from '@framecast/contracts';
import { eventually } from '@framecast/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CLIP, makeReady, resultFor, upload } from '../testing/video.fixtures.js';
import {
  type Account,
  multipartBody,
  register,
  startVideoModule,
  type VideoHarness,
} from '../testing/video.harness.js';

let h: VideoHarness;
let ada: Account;
let bob: Account;
let admin: Account;

beforeAll(async () => {
  h = await startVideoModule({}, { VIDEO_MAX_UPLOAD_BYTES: '1000', VIDEO_QUOTA_BYTES: '2500' });
  [ada, bob, admin] = await Promise.all([register(h.rt), register(h.rt), register(h.rt, { admin: true })]);
});

afterAll(async () => {
  await h?.close();
});

const get = (url: string, who?: Account) => h.rt.app.inject({ url, ...(who ? { headers: who.auth } : {}) });

describe('POST /api/videos', () => {
  it('stores the original, starts processing and queues the transcode job', async () => {
    const video = await upload(h, ada, { title: 'First', description: 'Hello', visibility: 'unlisted' });
    expect(video).toMatchObject({
      title: 'First',
      description: 'Hello',
      visibility: 'unlisted',
      status: 'processing',
      size: CLIP.length,
      channel: { id: ada.userId, handle: ada.handle },
    });
    expect(video.playback).toBeUndefined();
    const stored = await h.rt.adapters.storage.head(`videos/${video.id}/original`);
    expect(stored?.size).toBe(CLIP.length);
    const uploaded = await h.waitForEvent(
      (e) => e.type === 'video.uploaded' && (e.payload as { videoId: string }).videoId === video.id,
    );
    expect(uploaded.payload).toEqual({ videoId: video.id, channelId: ada.userId, size: CLIP.length });
    expect((await h.rt.adapters.jobs.stats('transcode')).waiting).toBeGreaterThan(0);
  });

  it('needs a signed-in caller', async () => {
    const body = multipartBody({}, { name: 'a.mp4', type: 'video/mp4', bytes: CLIP });
    const res = await h.rt.app.inject({ method: 'POST', url: '/api/videos', ...body });
    expect(res.statusCode).toBe(401);
  });

  it('refuses files that are not videos with 415 and keeps nothing', async () => {
    const body = multipartBody({ title: 'x' }, { name: 'notes.txt', type: 'text/plain', bytes: CLIP });
    const res = await h.rt.app.inject({
      method: 'POST',
      url: '/api/videos',
      ...body,
      headers: { ...body.headers, ...bob.auth },
    });
    expect(res.statusCode).toBe(415);
    expect(res.json()).toMatchObject({ code: 'unsupported_video_type' });
    const json = await h.rt.app.inject({
      method: 'POST',
      url: '/api/videos',
      payload: { title: 'x' },
      headers: bob.auth,
    });
    expect(json.statusCode).toBe(415);
  });

  it('answers 413 past the size limit, leaving nothing in storage', async () => {
    const before = await listed('videos/');
    const body = multipartBody({ title: 'big' }, { name: 'big.mp4', type: 'video/mp4', bytes: Buffer.alloc(1001, 1) });
    const res = await h.rt.app.inject({
      method: 'POST',
      url: '/api/videos',
      ...body,
      headers: { ...body.headers, ...bob.auth },
    });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ code: 'upload_too_large', detail: expect.stringMatching(/at most/) });
    expect(await listed('videos/')).toEqual(before);
  });

  it('answers 413 quota_exceeded once the quota is used', async () => {
    const carol = await register(h.rt);
    await upload(h, carol, {}, Buffer.alloc(1000, 1));
    await upload(h, carol, {}, Buffer.alloc(1000, 1));
    const body = multipartBody({ title: 'more' }, { name: 'c.mp4', type: 'video/mp4', bytes: Buffer.alloc(600, 1) });
    const res = await h.rt.app.inject({
      method: 'POST',
      url: '/api/videos',
      ...body,
      headers: { ...body.headers, ...carol.auth },
    });
    expect(res.statusCode).toBe(413);
    expect(res.json()).toMatchObject({ code: 'quota_exceeded' });
  });

  it('never lets uploads sent at once exceed the quota, and keeps nothing of the refused ones', async () => {
    const fay = await register(h.rt);
    const send = () => {
      const body = multipartBody(
        { title: 'at once' },
        { name: 'a.mp4', type: 'video/mp4', bytes: Buffer.alloc(800, 2) },
      );
      return h.rt.app.inject({
        method: 'POST',
        url: '/api/videos',
        ...body,
        headers: { ...body.headers, ...fay.auth },
      });
    };
    const answers = await Promise.all([send(), send(), send(), send()]);
    const created = answers.filter((res) => res.statusCode === 201);
    // Each reserves its request's length (file and form overhead) while it streams: two always fit in 2500.
    expect(created.length).toBeGreaterThanOrEqual(2);
    for (const res of answers.filter((r) => r.statusCode !== 201)) {
      expect(res.statusCode).toBe(413);
      expect(res.json()).toMatchObject({ code: 'quota_exceeded' });
    }
    const mine = (await get('/api/videos/mine', fay)).json<VideoPage>();
    expect(mine.items.map((v) => v.id).sort()).toEqual(created.map((res) => res.json<Video>().id).sort());
    expect(mine.items.every((v) => v.status === 'processing' && v.size === 800)).toBe(true);
  });

  it('rejects a missing file, an empty one and a bad visibility', async () => {
    for (const [body, code] of [
      [multipartBody({ title: 'x' }), 'file_missing'],
      [multipartBody({ title: 'x' }, { name: 'a.mp4', type: 'video/mp4', bytes: Buffer.alloc(0) }), 'file_empty'],
      [multipartBody({ visibility: 'secret' }, { name: 'a.mp4', type: 'video/mp4', bytes: CLIP }), 'validation_failed'],
    ] as const) {
      const res = await h.rt.app.inject({
        method: 'POST',
        url: '/api/videos',
        ...body,
        headers: { ...body.headers, ...bob.auth },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code });
    }
  });

  it('answers 400 to a body cut short or not multipart, and keeps nothing of it', async () => {
    const whole = multipartBody({ title: 'cut' }, { name: 'a.mp4', type: 'video/mp4', bytes: CLIP });
    const cut = whole.payload.subarray(0, whole.payload.length - 40);
    const before = (await get('/api/videos/mine', bob)).json<VideoPage>().items.length;
    for (const payload of [cut, Buffer.from('{}')]) {
      const res = await h.rt.app.inject({
        method: 'POST',
        url: '/api/videos',
        payload,
        headers: { ...whole.headers, ...bob.auth },
      });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'malformed_multipart' });
    }
    expect((await get('/api/videos/mine', bob)).json<VideoPage>().items).toHaveLength(before);
  });
});

describe('lifecycle', () => {
  it('follows the transcoder: progress, then ready with playback URLs', async () => {
    const video = await upload(h, ada);
    await h.publish('transcode.progress', { videoId: video.id, stage: 'transcoding', percent: 42 });
    await eventually(async () => expect((await get(`/api/videos/${video.id}`, ada)).json<Video>().progress).toBe(42));
    await h.waitForEvent((e) => e.type === 'video.progress' && (e.payload as { videoId: string }).videoId === video.id);
    const ready = await makeReady(h, ada, video.id);
    expect(ready).toMatchObject({ status: 'ready', progress: 100, duration: 12.5, width: 1280, height: 720 });
    expect(ready.renditions.map((r) => r.name)).toEqual(['720p', '360p']);
    expect(ready.publishedAt).not.toBeNull();
    expect(ready.playback).toEqual({
      hls: `/media/videos/${video.id}/media/master.m3u8`,
      dash: `/media/videos/${video.id}/media/manifest.mpd`,
      poster: `/media/videos/${video.id}/poster.jpg`,
      thumbnail: `/media/videos/${video.id}/thumbnail.jpg`,
      storyboard: `/media/videos/${video.id}/storyboard.vtt`,
      expiresAt: null,
    });
    const readyEvent = await h.waitForEvent(
      (e) => e.type === 'video.ready' && (e.payload as { videoId: string }).videoId === video.id,
    );
    expect(readyEvent.payload).toEqual({
      videoId: video.id,
      channelId: ada.userId,
      channelHandle: ada.handle,
      title: video.title,
      visibility: video.visibility,
      duration: 12.5,
      renditions: ['720p', '360p'],
    });
    expect(await metric('framecast_video_processed_total', { outcome: 'ready' })).toBeGreaterThan(0);
    expect(await metric('framecast_video_uploads_total', { method: 'multipart' })).toBeGreaterThan(0);
  });

  it('plays the first renditions while the rest processes; listings wait for the whole ladder', async () => {
    const video = await upload(h, ada, { title: 'Early bird' });
    const whole = resultFor(video.id);
    const early = { ...whole, renditions: whole.renditions.slice(1) };
    await h.rt.adapters.storage.put(`videos/${video.id}/media/master.m3u8`, Buffer.from('#EXTM3U\n'));
    await h.publish('transcode.progress', { videoId: video.id, stage: 'transcoding', percent: 30 });
    await h.publish('transcode.renditions', early);
    const playable = await eventually(async () => {
      const v = (await get(`/api/videos/${video.id}`, ada)).json<Video>();
      expect(v.playback).toBeDefined();
      return v;
    });
    expect(playable).toMatchObject({ status: 'processing', progress: 30, duration: 12.5, publishedAt: null });
    expect(playable.renditions.map((r) => r.name)).toEqual(['360p']);
    expect(playable.playback?.hls).toBe(`/media/videos/${video.id}/media/master.m3u8`);
    const told = await h.waitForEvent(
      (e) => e.type === 'video.renditions' && (e.payload as { videoId: string }).videoId === video.id,
    );
    expect(told.payload).toEqual({ videoId: video.id, channelId: ada.userId, renditions: ['360p'] });
    // Others can watch it too (it is public), and its media is served; listings of ready videos leave it out.
    expect((await get(`/api/videos/${video.id}`, bob)).json<Video>().playback).toBeDefined();
    const master = await get(`/media/videos/${video.id}/media/master.m3u8`);
    expect(master.statusCode).toBe(200);
    // Rewritten when the rest lands: no cache may keep it meanwhile.
    expect(master.headers['cache-control']).toBe('public, no-cache');
    const listed = (await get('/api/videos?limit=50')).json<VideoPage>().items.map((v) => v.id);
    expect(listed).not.toContain(video.id);
    expect((await get(`/api/channels/${ada.handle}/videos`)).json<VideoPage>().items.map((v) => v.id)).not.toContain(
      video.id,
    );
    expect(
      h.events.some((e) => e.type === 'video.ready' && (e.payload as { videoId: string }).videoId === video.id),
    ).toBe(false);

    const ready = await makeReady(h, ada, video.id);
    expect(ready.renditions.map((r) => r.name)).toEqual(['720p', '360p']);
    expect((await get('/api/videos?limit=50')).json<VideoPage>().items.map((v) => v.id)).toContain(video.id);
  });

  it('handles each event once, even when delivered twice', async () => {
    const video = await upload(h, ada);
    const event = await h.publish('transcode.progress', { videoId: video.id, stage: 'transcoding', percent: 10 });
    await eventually(async () => expect((await get(`/api/videos/${video.id}`, ada)).json<Video>().progress).toBe(10));
    await h.rt.adapters.events.publish(event);
    await h.publish('transcode.progress', { videoId: video.id, stage: 'transcoding', percent: 20 });
    await eventually(async () => expect((await get(`/api/videos/${video.id}`, ada)).json<Video>().progress).toBe(20));
    const percents = () =>
      h.events
        .filter((e) => e.type === 'video.progress' && (e.payload as { videoId: string }).videoId === video.id)
        .map((e) => (e.payload as { percent: number }).percent);
    await eventually(async () => expect(percents()).toEqual([10, 20]));
    const processed = await h.rt.adapters.db.kysely
      .withSchema('videos')
      .selectFrom('processed_events')
      .select('event_id')
      .where('event_id', '=', event.id)
      .execute();
    expect(processed).toHaveLength(1);
  });

  it('shows a failure with its reason', async () => {
    const video = await upload(h, ada);
    await h.publish('transcode.failed', { videoId: video.id, reason: 'The file is not a video.', retryable: false });
    const failed = await eventually(async () => {
      const v = (await get(`/api/videos/${video.id}`, ada)).json<Video>();
      expect(v.status).toBe('failed');
      return v;
    });
    expect(failed.failureReason).toBe('The file is not a video.');
    await h.waitForEvent((e) => e.type === 'video.failed' && (e.payload as { videoId: string }).videoId === video.id);
  });
});

describe('reading and visibility', () => {
  it('hides private videos from everyone but the owner and admins', async () => {
    const video = await upload(h, ada, { visibility: 'private' });
    await makeReady(h, ada, video.id);
    expect((await get(`/api/videos/${video.id}`)).statusCode).toBe(404);
    expect((await get(`/api/videos/${video.id}`, bob)).statusCode).toBe(404);
    const own = (await get(`/api/videos/${video.id}`, ada)).json<Video>();
    expect(own.playback?.hls).toMatch(new RegExp(`^/media/videos/${video.id}/t/\\d+\\.[\\w-]+/media/master\\.m3u8$`));
    expect(own.playback?.expiresAt).not.toBeNull();
    expect((await get(`/api/videos/${video.id}`, admin)).json<Video>().playback).toBeDefined();
  });

  it('shows unlisted videos to anyone with the id, with signed playback', async () => {
    const video = await upload(h, ada, { visibility: 'unlisted' });
    await makeReady(h, ada, video.id);
    const seen = (await get(`/api/videos/${video.id}`)).json<Video>();
    expect(seen.playback?.dash).toMatch(/\/t\/\d+\.[\w-]+\/media\/manifest\.mpd$/);
  });

  it('hides videos still processing from others until they play', async () => {
    const video = await upload(h, ada);
    expect((await get(`/api/videos/${video.id}`, bob)).statusCode).toBe(404);
    expect((await get(`/media/videos/${video.id}/media/master.m3u8`)).statusCode).toBe(404);
    expect((await get(`/api/videos/${video.id}`, ada)).statusCode).toBe(200);
    expect((await get('/api/videos/not-a-uuid')).statusCode).toBe(400);
  });

  it('answers a batch of ids with the videos the caller may see, in the order asked', async () => {
    const open = await makeReady(h, ada, (await upload(h, ada, { title: 'open' })).id);
    const hidden = await makeReady(h, ada, (await upload(h, ada, { title: 'hidden', visibility: 'private' })).id);
    const processing = await upload(h, ada, { title: 'processing' });
    const missing = '0b7d3f1e-4c2a-4f6e-9a7b-1c2d3e4f5a6b';
    const ids = [hidden.id, missing, open.id, processing.id, open.id].join(',');
    const titles = async (who?: Account) => {
      const res = await get(`/api/videos?ids=${ids}`, who);
      expect(res.statusCode).toBe(200);
      const page = res.json<VideoPage>();
      expect(page.nextCursor).toBeNull();
      return page.items.map((v) => v.title);
    };
    expect(await titles()).toEqual(['open']);
    expect(await titles(bob)).toEqual(['open']);
    expect(await titles(ada)).toEqual(['hidden', 'open', 'processing']);
    expect(await titles(admin)).toEqual(['hidden', 'open', 'processing']);
    // Playback URLs are the caller's, as one video's page gives them.
    const [own] = (await get(`/api/videos?ids=${hidden.id}`, ada)).json<VideoPage>().items;
    expect(own?.playback?.hls).toMatch(/\/t\/\d+\.[\w-]+\/media\/master\.m3u8$/);
  });

  it('refuses a batch that is not a list of ids, too long, or mixed with paging', async () => {
    const id = '0b7d3f1e-4c2a-4f6e-9a7b-1c2d3e4f5a6b';
    for (const ids of ['', 'nope', `${id},`, `${id},,${id}`, Array(101).fill(id).join(','), id.toUpperCase()]) {
      const res = await get(`/api/videos?ids=${encodeURIComponent(ids)}`);
      expect(res.statusCode, ids).toBe(400);
      expect(res.json()).toMatchObject({ code: 'validation_failed', field: 'ids' });
    }
    expect((await get(`/api/videos?ids=${Array(100).fill(id).join(',')}`)).statusCode).toBe(200);
    const mixed = await get(`/api/videos?ids=${id}&limit=5`);
    expect(mixed.statusCode).toBe(400);
    expect(mixed.json()).toMatchObject({ code: 'validation_failed', field: 'ids' });
  });

  it('lists public ready videos, newest or most viewed first, page by page', async () => {
    const dan = await register(h.rt);
    const a = await upload(h, dan, { title: 'a' });
    const b = await upload(h, dan, { title: 'b' });
    await makeReady(h, dan, a.id);
    await makeReady(h, dan, b.id);
    // Three views, as the analytics module counts them.
    await h.publish('analytics.views', { videos: [{ videoId: a.id, views: 3 }] });
    await eventually(async () => expect((await get(`/api/videos/${a.id}`)).json<Video>().views).toBe(3));
    const popular = (await get('/api/videos?sort=popular&limit=1')).json<VideoPage>();
    expect(popular.items[0]?.id).toBe(a.id);
    const first = (await get('/api/videos?limit=1')).json<VideoPage>();
    expect(first.items.map((v) => v.id)).toEqual([b.id]);
    const second = (await get(`/api/videos?limit=1&cursor=${first.nextCursor}`)).json<VideoPage>();
    expect(second.items.map((v) => v.id)).toEqual([a.id]);
    const all = (await get('/api/videos?limit=50')).json<VideoPage>();
    expect(all.items.every((v) => v.status === 'ready' && v.visibility === 'public')).toBe(true);
    expect((await get('/api/videos?cursor=nonsense')).statusCode).toBe(400);
  });

  it('lists a channel: public and ready for others, everything for the owner', async () => {
    const erin = await register(h.rt);
    const shown = await upload(h, erin, { visibility: 'public' });
    await makeReady(h, erin, shown.id);
    const hidden = await upload(h, erin, { visibility: 'private' });
    const others = (await get(`/api/channels/${erin.handle}/videos`, bob)).json<VideoPage>();
    expect(others.items.map((v) => v.id)).toEqual([shown.id]);
    const own = (await get(`/api/channels/${erin.handle}/videos`, erin)).json<VideoPage>();
    expect(own.items.map((v) => v.id)).toEqual([hidden.id, shown.id]);
    const mine = (await get('/api/videos/mine', erin)).json<VideoPage>();
    expect(mine.items.map((v) => v.id)).toEqual([hidden.id, shown.id]);
    expect((await get('/api/videos/mine')).statusCode).toBe(401);
  });
});

describe('editing and deleting', () => {
  it('lets the owner and admins edit, no one else', async () => {
    const video = await upload(h, ada);
    const patch = (who: Account | undefined, payload: object) =>
      h.rt.app.inject({
        method: 'PATCH',
        url: `/api/videos/${video.id}`,
        payload,
        ...(who ? { headers: who.auth } : {}),
      });
    const edited = await patch(ada, { title: 'Renamed', tags: ['cats'], language: 'en', visibility: 'private' });
    expect(edited.statusCode).toBe(200);
    expect(edited.json<Video>()).toMatchObject({
      title: 'Renamed',
      tags: ['cats'],
      language: 'en',
      visibility: 'private',
    });
    expect((await patch(admin, { category: 'music' })).json<Video>()).toMatchObject({
      category: 'music',
      tags: ['cats'],
    });
    expect((await patch(bob, { title: 'Mine now' })).statusCode).toBe(404);
    expect((await patch(undefined, { title: 'x' })).statusCode).toBe(401);
    expect((await patch(ada, { title: '' })).statusCode).toBe(400);
    expect((await patch(ada, { owner: 'bob' })).statusCode).toBe(400);
  });

  it('forbids others to change a video they can see', async () => {
    const video = await upload(h, ada);
    await makeReady(h, ada, video.id);
    const res = await h.rt.app.inject({
      method: 'PATCH',
      url: `/api/videos/${video.id}`,
      payload: { title: 'x' },
      headers: bob.auth,
    });
    expect(res.statusCode).toBe(403);
    const del = await h.rt.app.inject({ method: 'DELETE', url: `/api/videos/${video.id}`, headers: bob.auth });
    expect(del.statusCode).toBe(403);
  });

  it('deletes the video and every stored file', async () => {
    const video = await upload(h, ada);
    await h.rt.adapters.storage.put(`videos/${video.id}/media/master.m3u8`, Buffer.from('#EXTM3U\n'));
    const res = await h.rt.app.inject({ method: 'DELETE', url: `/api/videos/${video.id}`, headers: ada.auth });
    expect(res.statusCode).toBe(204);
    expect(await listed(`videos/${video.id}/`)).toEqual([]);
    expect((await get(`/api/videos/${video.id}`, ada)).statusCode).toBe(404);
    await h.waitForEvent((e) => e.type === 'video.deleted' && (e.payload as { videoId: string }).videoId === video.id);
  });

  it('removes outputs a transcoder writes for a video deleted meanwhile', async () => {
    const video = await upload(h, ada);
    await h.rt.app.inject({ method: 'DELETE', url: `/api/videos/${video.id}`, headers: ada.auth });
    await h.rt.adapters.storage.put(`videos/${video.id}/media/master.m3u8`, Buffer.from('#EXTM3U\n'));
    await h.publish('transcode.completed', resultFor(video.id));
    await eventually(async () => expect(await listed(`videos/${video.id}/`)).toEqual([]));
  });

  it('lets an admin delete', async () => {
    const video = await upload(h, bob);
    const res = await h.rt.app.inject({ method: 'DELETE', url: `/api/videos/${video.id}`, headers: admin.auth });
    expect(res.statusCode).toBe(204);
  });
});

async function metric(name: string, labels: Record<string, string>): Promise<number> {
  const found = await h.rt.metrics.getSingleMetric(name)?.get();
  const hit = found?.values.find((v) => Object.entries(labels).every(([k, l]) => String(v.labels[k]) === l));
  return hit ? Number(hit.value) : 0;
}

async function listed(prefix: string): Promise<string[]> {
  const keys: string[] = [];
  for await (const o of h.rt.adapters.storage.list(prefix)) keys.push(o.key);
  return keys.sort();
}
