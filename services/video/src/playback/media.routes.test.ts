import type { Video } from '@framecast/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeReady, upload } from '../testing/video.fixtures.js';
import { type Account, register, startVideoModule, type VideoHarness } from '../testing/video.harness.js';
import { signPlaybackToken } from './playback.token.js';

let h: VideoHarness;
let ada: Account;
let open: Video;
let hidden: Video;
const SEGMENT = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
const PLAYLIST = '#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=800000\n360p/index.m3u8\n';

/** The bytes a transcoder would have written (fake segments: only their bytes matter here). */
async function writeOutputs(id: string) {
  const put = (file: string, body: string | Buffer) =>
    h.rt.adapters.storage.put(`videos/${id}/${file}`, Buffer.from(body));
  await put('media/master.m3u8', PLAYLIST);
  await put('media/manifest.mpd', '<MPD/>');
  await put('media/360p/init.mp4', SEGMENT);
  await put('media/360p/seg_00001.m4s', SEGMENT);
  await put('poster.jpg', Buffer.from([0xff, 0xd8, 0xff]));
  await put('thumbnail.jpg', Buffer.from([0xff, 0xd8, 0xff]));
  await put('storyboard.vtt', 'WEBVTT\n');
}

beforeAll(async () => {
  h = await startVideoModule({}, { PLAYBACK_SECRET: 'p'.repeat(40) });
  ada = await register(h.rt);
  for (const visibility of ['public', 'private'] as const) {
    const video = await upload(h, ada, { visibility });
    await writeOutputs(video.id);
    const ready = await makeReady(h, ada, video.id);
    if (visibility === 'public') open = ready;
    else hidden = ready;
  }
});

afterAll(async () => {
  await h?.close();
});

const get = (url: string, headers: Record<string, string> = {}) => h.rt.app.inject({ url, headers });

describe('public media', () => {
  it('serves manifests with their types and a short cache', async () => {
    const hls = await get(open.playback!.hls);
    expect(hls.statusCode).toBe(200);
    expect(hls.headers['content-type']).toBe('application/vnd.apple.mpegurl');
    expect(hls.headers['cache-control']).toBe('public, max-age=30');
    expect(hls.body).toBe(PLAYLIST);
    expect((await get(open.playback!.dash)).headers['content-type']).toBe('application/dash+xml');
    expect((await get(open.playback!.poster)).headers['content-type']).toBe('image/jpeg');
    expect((await get(open.playback!.thumbnail)).headers['content-type']).toBe('image/jpeg');
    expect((await get(open.playback!.storyboard!)).headers['content-type']).toMatch(/^text\/vtt/);
  });

  it('serves segments as immutable, with byte ranges', async () => {
    const url = `/media/videos/${open.id}/media/360p/seg_00001.m4s`;
    const whole = await get(url);
    expect(whole.statusCode).toBe(200);
    expect(whole.headers['content-type']).toBe('video/iso.segment');
    expect(whole.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(whole.headers['accept-ranges']).toBe('bytes');
    expect(whole.rawPayload).toEqual(SEGMENT);
    const part = await get(url, { range: 'bytes=10-19' });
    expect(part.statusCode).toBe(206);
    expect(part.headers['content-range']).toBe('bytes 10-19/256');
    expect(part.headers['content-length']).toBe('10');
    expect(part.rawPayload).toEqual(SEGMENT.subarray(10, 20));
    const tail = await get(url, { range: 'bytes=-6' });
    expect(tail.rawPayload).toEqual(SEGMENT.subarray(250));
    const outside = await get(url, { range: 'bytes=256-' });
    expect(outside.statusCode).toBe(416);
    expect(outside.headers['content-range']).toBe('bytes */256');
    expect((await get(`/media/videos/${open.id}/media/360p/init.mp4`)).headers['content-type']).toBe('video/mp4');
  });

  it('never serves the original, other files or traversals', async () => {
    for (const path of [
      'original',
      'media/../original',
      'media/%2e%2e/original',
      '%2e%2e/%2e%2e/users/x',
      'media/..%2foriginal',
      'media/nothing.m4s',
      'media/x.html',
    ]) {
      const res = await get(`/media/videos/${open.id}/${path}`);
      expect(res.statusCode, path).toBe(404);
    }
    expect((await get('/media/videos/not-an-id/poster.jpg')).statusCode).toBe(404);
  });
});

describe('signed media', () => {
  it('answers private media without a token 404, as the API answers for the video', async () => {
    const res = await get(`/media/videos/${hidden.id}/media/master.m3u8`);
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ code: 'media_not_found' });
    expect((await get(`/api/videos/${hidden.id}`)).statusCode).toBe(404);
  });

  it('serves it with the token from the playback URLs, for manifests and the segments they name', async () => {
    const hls = await get(hidden.playback!.hls);
    expect(hls.statusCode).toBe(200);
    expect(hls.headers['cache-control']).toMatch(/^private/);
    // A relative URI in the manifest resolves under the token path.
    const segment = new URL('360p/seg_00001.m4s', `http://x${hidden.playback!.hls}`).pathname;
    expect(segment).toMatch(/\/t\/[^/]+\/media\/360p\/seg_00001\.m4s$/);
    const res = await get(segment, { range: 'bytes=0-3' });
    expect(res.statusCode).toBe(206);
    expect(res.rawPayload).toEqual(SEGMENT.subarray(0, 4));
  });

  it('answers 404 to expired, forged and other videos’ tokens', async () => {
    const now = Math.floor(Date.now() / 1000);
    const expired = signPlaybackToken('p'.repeat(40), hidden.id, now - 1);
    const forged = signPlaybackToken('q'.repeat(40), hidden.id, now + 3600);
    const otherVideo = signPlaybackToken('p'.repeat(40), open.id, now + 3600);
    for (const token of [expired, forged, otherVideo]) {
      const res = await get(`/media/videos/${hidden.id}/t/${token}/media/master.m3u8`);
      expect(res.statusCode).toBe(404);
      expect(res.json()).toMatchObject({ code: 'media_not_found' });
    }
    expect((await get(`/media/videos/${hidden.id}/t/garbage/media/master.m3u8`)).statusCode).toBe(404);
  });

  it('revokes the links signed before a visibility change', async () => {
    const video = await upload(h, ada, { visibility: 'unlisted' });
    await writeOutputs(video.id);
    const ready = await makeReady(h, ada, video.id);
    expect((await get(ready.playback!.hls)).statusCode).toBe(200);
    const patch = (visibility: string) =>
      h.rt.app.inject({ method: 'PATCH', url: `/api/videos/${video.id}`, payload: { visibility }, headers: ada.auth });
    const privately = (await patch('private')).json<Video>();
    expect((await get(ready.playback!.hls)).statusCode).toBe(404);
    expect((await get(ready.playback!.poster)).statusCode).toBe(404);
    // The owner's new links work; going back to unlisted does not bring the old links back.
    expect((await get(privately.playback!.hls)).statusCode).toBe(200);
    const again = (await patch('unlisted')).json<Video>();
    expect((await get(ready.playback!.hls)).statusCode).toBe(404);
    expect((await get(privately.playback!.hls)).statusCode).toBe(404);
    expect((await get(again.playback!.hls)).statusCode).toBe(200);
    // An edit that leaves the visibility alone keeps the links.
    await h.rt.app.inject({
      method: 'PATCH',
      url: `/api/videos/${video.id}`,
      payload: { title: 'x' },
      headers: ada.auth,
    });
    expect((await get(again.playback!.hls)).statusCode).toBe(200);
  });

  it('stops serving a video once deleted', async () => {
    const video = await upload(h, ada, { visibility: 'public' });
    await writeOutputs(video.id);
    const ready = await makeReady(h, ada, video.id);
    await h.rt.app.inject({ method: 'DELETE', url: `/api/videos/${video.id}`, headers: ada.auth });
    expect((await get(ready.playback!.hls)).statusCode).toBe(404);
  });
});
