import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventPayloads, LiveSetup, Video } from '@framecast/contracts';
import { eventually, metricValue, type TestRuntime } from '@framecast/kit/testing';
import { makeClip } from '@framecast/media/testing';
import { FFMPEG, ProcessGroup, publisherArgs } from '@framecast/rtmp/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startReplayPlatform } from '../services/live/src/testing/replay.harness.js';
import { upload } from '../services/video/src/testing/video.fixtures.js';
import { type Account, register } from '../services/video/src/testing/video.harness.js';

// Players send CMCD (CTA-5004) as a `CMCD` query argument on every media request. The media routes of videos and of
// live streams answer exactly as without it (tokens, blocking reloads, caching), and count it in the metrics.

let h: TestRuntime;
let clips: string;
let creator: Account;
const processes = new ProcessGroup();

beforeAll(async () => {
  clips = await mkdtemp(join(tmpdir(), 'framecast-cmcd-'));
  await makeClip(join(clips, 'clip.mp4'), { width: 640, height: 360, seconds: 3 });
  h = await startReplayPlatform({ LIVE_INGEST_HOST: '127.0.0.1' });
  creator = await register(h.rt);
});

afterAll(async () => {
  processes.stopAll();
  await h?.close();
  if (clips) await rm(clips, { recursive: true, force: true });
});

const get = (url: string) => h.rt.app.inject({ url });
const withCmcd = (url: string, payload: string) =>
  `${url}${url.includes('?') ? '&' : '?'}CMCD=${encodeURIComponent(payload)}`;
/** The first URI line of a playlist, resolved against the playlist's URL (as a player resolves it). */
const firstUri = (playlist: string, base: string, pattern: RegExp) => {
  const line = playlist.split('\n').find((l) => pattern.test(l));
  if (!line) throw new Error(`no ${pattern} in:\n${playlist}`);
  return new URL(line, `http://x${base}`).pathname;
};

/** A histogram's samples: buckets, sum and count. */
type Sample = { value: number; labels: Record<string, string | number | undefined>; metricName?: string };
const samples = async (name: string): Promise<Sample[]> =>
  ((await h.rt.metrics.getSingleMetric(name)?.get())?.values ?? []) as Sample[];

/** A histogram's count of observations with these labels. */
async function observations(name: string, labels: Record<string, string>): Promise<number> {
  const values = await samples(name);
  const hit = values.find(
    (v) => v.metricName === `${name}_count` && Object.entries(labels).every(([k, l]) => String(v.labels[k]) === l),
  );
  return hit ? Number(hit.value) : 0;
}

/** The same answer: status, the headers a cache or a player reads, and the bytes. */
async function expectSameAnswer(url: string, payload: string) {
  const plain = await get(url);
  const cmcd = await get(withCmcd(url, payload));
  expect(cmcd.statusCode, url).toBe(plain.statusCode);
  for (const header of ['content-type', 'content-length', 'cache-control', 'accept-ranges']) {
    expect(cmcd.headers[header], `${header} of ${url}`).toEqual(plain.headers[header]);
  }
  expect(cmcd.rawPayload.equals(plain.rawPayload), url).toBe(true);
  return plain;
}

describe('CMCD on video media', () => {
  it('answers the same with and without it, signed links included, and counts it', { timeout: 120_000 }, async () => {
    const bytes = await readFile(join(clips, 'clip.mp4'));
    const ready = async (visibility: string) => {
      const made = await upload(h as Parameters<typeof upload>[0], creator, { visibility }, bytes);
      return eventually(async () => {
        const res = await h.rt.app.inject({ url: `/api/videos/${made.id}`, headers: creator.auth });
        const current = res.json<Video>();
        expect(current.status).toBe('ready');
        return current;
      }, 90_000);
    };
    const [video, open] = await Promise.all([ready('unlisted'), ready('public')]);
    // Unlisted: every URL carries the playback token in its path.
    const master = video.playback!.hls;
    expect(master).toMatch(/\/t\/[^/]+\/media\/master\.m3u8$/);

    const sid = '6e2fb550-c457-11e9-bb97-0800200c9a66';
    const ids = `cid="${video.id}",sf=h,sid="${sid}",st=v`;
    const masterBody = (await expectSameAnswer(master, `ot=m,${ids},su`)).body;
    const variant = firstUri(masterBody, master, /^[^#].*\.m3u8$/);
    const variantBody = (await expectSameAnswer(variant, `ot=m,${ids}`)).body;
    const init = /#EXT-X-MAP:URI="([^"]+)"/.exec(variantBody)?.[1];
    expect(init).toBeDefined();
    await expectSameAnswer(new URL(init!, `http://x${variant}`).pathname, `ot=i,${ids}`);
    const segment = firstUri(variantBody, variant, /^[^#].*\.m4s$/);

    const counted = () => metricValue(h.rt, 'framecast_cmcd_requests_total', { ot: 'v', sf: 'h', st: 'v' });
    const starved = () => metricValue(h.rt, 'framecast_cmcd_buffer_starvations_total', { sf: 'h', st: 'v' });
    const buffers = () => observations('framecast_cmcd_buffer_length_seconds', { st: 'v' });
    const bitrates = () => observations('framecast_cmcd_encoded_bitrate_bits_per_second', { ot: 'v', st: 'v' });
    const throughputs = () => observations('framecast_cmcd_measured_throughput_bits_per_second', { st: 'v' });
    const before = [await counted(), await starved(), await buffers(), await bitrates(), await throughputs()];
    const answer = await expectSameAnswer(segment, `bl=3500,br=800,bs,d=4000,mtp=25400,ot=v,${ids}`);
    expect(answer.statusCode).toBe(200);
    expect(answer.headers['cache-control']).toBe('private, max-age=3600');
    expect(answer.rawPayload.subarray(4, 8).toString()).toMatch(/^(styp|moof)$/);
    expect([await counted(), await starved(), await buffers(), await bitrates(), await throughputs()]).toEqual([
      before[0]! + 1,
      before[1]! + 1,
      before[2]! + 1,
      before[3]! + 1,
      before[4]! + 1,
    ]);
    // 3.5 s of buffer lands in the 4 s bucket.
    const values = await samples('framecast_cmcd_buffer_length_seconds');
    const bucket = (le: number) =>
      values.find((v) => v.metricName?.endsWith('_bucket') && v.labels.le === le && v.labels.st === 'v')?.value;
    expect(Number(bucket(4)) - Number(bucket(2))).toBeGreaterThanOrEqual(1);

    // A public video's segments stay immutable, whatever the argument says.
    const openVariant = firstUri((await get(open.playback!.hls)).body, open.playback!.hls, /^[^#].*\.m3u8$/);
    const openSegment = firstUri((await get(openVariant)).body, openVariant, /^[^#].*\.m4s$/);
    const immutable = await expectSameAnswer(openSegment, `ot=v,bl=900,cid="${open.id}",sf=h,sid="${sid}",st=v`);
    expect(immutable.headers['cache-control']).toBe('public, max-age=31536000, immutable');

    // A byte range with CMCD is the same range.
    const ranged = await h.rt.app.inject({ url: withCmcd(segment, `ot=v,${ids}`), headers: { range: 'bytes=0-99' } });
    expect(ranged.statusCode).toBe(206);
    expect(ranged.rawPayload.equals(answer.rawPayload.subarray(0, 100))).toBe(true);

    // Garbage in the argument is served the same and counted nowhere.
    const total = await counted();
    await expectSameAnswer(segment, 'ot=v,"""');
    await expectSameAnswer(segment, '%zz=,,');
    expect(await counted()).toBe(total);

    // CMCD opens nothing: without a valid token it is the same 404.
    const forged = segment.replace(/\/t\/[^/]+\//, '/t/forged/');
    expect((await get(withCmcd(forged, `ot=v,${ids}`))).statusCode).toBe(404);
    const tokenless = segment.replace(/\/t\/[^/]+\//, '/');
    expect((await get(withCmcd(tokenless, `ot=v,${ids}`))).statusCode).toBe(404);
  });
});

describe('CMCD on live media', () => {
  it('keeps blocking reloads and segments as they are, and counts it', { timeout: 90_000 }, async () => {
    const setup = (await h.rt.app.inject({ url: '/api/live/me', headers: creator.auth })).json<LiveSetup>();
    const publisher = processes.run(FFMPEG, publisherArgs(setup.ingest.rtmpUrl, 12), 60_000);
    const started = await h.waitForEvent((e) => e.type === 'stream.started', 15_000);
    const { sessionId } = started.payload as EventPayloads['stream.started'];
    const media = `/media/live/${sessionId}/360p/ll.m3u8`;
    const ids = `cid="${sessionId}",sf=h,sid="0b6f4c1e-8a0d-4d8f-9c3e-1f2a3b4c5d6e",st=ll`;
    const playlist = await eventually(async () => {
      const res = await get(withCmcd(media, `ot=m,${ids}`));
      expect(res.statusCode).toBe(200);
      expect(res.body).toMatch(/^\d+\.m4s$/m);
      return res.body;
    }, 30_000);

    const manifests = await metricValue(h.rt, 'framecast_cmcd_requests_total', { ot: 'm', sf: 'h', st: 'll' });
    // Blocking reload: held until the next segment's first part exists, the CMCD argument beside the directives.
    const segments = [...playlist.matchAll(/^(\d+)\.m4s$/gm)].map((m) => Number(m[1]));
    const next = segments.at(-1)! + 2;
    const asked = Date.now();
    const held = await get(withCmcd(`${media}?_HLS_msn=${next}&_HLS_part=0`, `ot=m,${ids}`));
    expect(held.statusCode).toBe(200);
    expect(Date.now() - asked).toBeGreaterThan(100);
    expect(held.body).toContain(`${next}.0.m4s`);
    expect((await get(withCmcd(`${media}?_HLS_msn=${next + 50}`, `ot=m,${ids}`))).statusCode).toBe(400);
    expect((await get(withCmcd(`${media}?_HLS_part=1`, `ot=m,${ids}`))).statusCode).toBe(400);
    expect(await metricValue(h.rt, 'framecast_cmcd_requests_total', { ot: 'm', sf: 'h', st: 'll' })).toBe(
      manifests + 3,
    );

    // A finished segment and a part: the same bytes and headers either way (media immutable).
    const finished = `/media/live/${sessionId}/360p/${segments.at(-1)}.m4s`;
    const answer = await expectSameAnswer(finished, `ot=v,br=1200,bl=1800,${ids}`);
    expect(answer.statusCode).toBe(200);
    expect(answer.headers['content-type']).toBe('video/mp4');
    await expectSameAnswer(`/media/live/${sessionId}/360p/${next}.0.m4s`, `ot=v,${ids}`);
    expect(await observations('framecast_cmcd_buffer_length_seconds', { st: 'll' })).toBeGreaterThanOrEqual(1);
    expect(await metricValue(h.rt, 'framecast_cmcd_requests_total', { ot: 'v', sf: 'h', st: 'll' })).toBe(2);

    expect((await publisher.done).code).toBe(0);
    // The stream's replay is made from the recording: waited for, so nothing writes while the platform stops.
    const recorded = await h.waitForEvent(
      (e) => e.type === 'stream.recorded' && (e.payload as { sessionId: string }).sessionId === sessionId,
      20_000,
    );
    const { videoId } = recorded.payload as EventPayloads['stream.recorded'];
    await h.waitForEvent(
      (e) => e.type === 'video.ready' && (e.payload as { videoId: string }).videoId === videoId,
      30_000,
    );
  });
});
