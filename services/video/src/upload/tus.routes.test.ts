import { readdir } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import type { Video, VideoPage } from '@framecast/contracts';
import { eventually } from '@framecast/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tusClient, uploadMetadata, videoIdOf } from '../testing/tus.fixtures.js';
import { type Account, register, startVideoModule, type VideoHarness } from '../testing/video.harness.js';

let h: VideoHarness;
let ada: Account;
let bob: Account;
let tus: ReturnType<typeof tusClient>;
const VIDEO = Buffer.from(Array.from({ length: 64 * 1024 }, (_, i) => (i * 31) % 256));

beforeAll(async () => {
  h = await startVideoModule({}, { VIDEO_MAX_UPLOAD_BYTES: String(100 * 1024), VIDEO_QUOTA_BYTES: String(200 * 1024) });
  [ada, bob] = await Promise.all([register(h.rt), register(h.rt)]);
  tus = tusClient(h);
});

afterAll(async () => {
  await h?.close();
});

/** Sends `bytes` of a PATCH whose Content-Length promises more, then drops the connection. */
function patchAndDrop(who: Account, location: string, bytes: Buffer, promised: number): Promise<void> {
  return new Promise((resolve) => {
    const req = httpRequest(`${h.rt.url}${location}`, {
      method: 'PATCH',
      headers: {
        'tus-resumable': '1.0.0',
        'upload-offset': '0',
        'content-type': 'application/offset+octet-stream',
        'content-length': String(promised),
        ...who.auth,
      },
    });
    req.on('error', () => resolve());
    req.write(bytes, () =>
      setTimeout(() => {
        req.destroy();
        resolve();
      }, 200),
    );
  });
}

describe('resumable uploads (tus)', () => {
  it('creates the video at once, resumes after a dropped connection, then processes it', async () => {
    const created = await tus.create(ada, VIDEO.length, {
      filename: 'trip.mp4',
      filetype: 'video/mp4',
      title: 'Trip',
      visibility: 'public',
    });
    expect(created.status).toBe(201);
    const location = created.headers.get('location') ?? '';
    expect(location).toMatch(/^\/api\/uploads\/[0-9a-f-]{36}$/);
    const videoId = location.split('/').pop() ?? '';

    const listed = (await (await fetch(`${h.rt.url}/api/videos/mine`, { headers: ada.auth })).json()) as VideoPage;
    expect(listed.items.find((v) => v.id === videoId)).toMatchObject({
      status: 'uploading',
      title: 'Trip',
      size: VIDEO.length,
    });

    const half = VIDEO.length / 2;
    await patchAndDrop(ada, location, VIDEO.subarray(0, half), VIDEO.length);
    const offset = await eventually(async () => {
      const res = await tus.head(ada, location);
      const value = Number(res.headers.get('upload-offset'));
      expect(value).toBeGreaterThan(0);
      return value;
    });
    expect(offset).toBeLessThanOrEqual(half);

    const rest = await tus.patch(ada, location, offset, VIDEO.subarray(offset));
    expect(rest.status).toBe(204);
    expect(Number(rest.headers.get('upload-offset'))).toBe(VIDEO.length);

    const video = (await (await fetch(`${h.rt.url}/api/videos/${videoId}`, { headers: ada.auth })).json()) as Video;
    expect(video).toMatchObject({ status: 'processing', size: VIDEO.length });
    const stored = await h.rt.adapters.storage.get(`videos/${videoId}/original`);
    const chunks: Buffer[] = [];
    for await (const chunk of stored.body) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).equals(VIDEO)).toBe(true);
    await h.waitForEvent((e) => e.type === 'video.uploaded' && (e.payload as { videoId: string }).videoId === videoId);
    expect(await readdir(join(h.dataDir, 'uploads'))).not.toContain(videoId);
  });

  it('needs a signed-in creator, a video type and a size within the limits', async () => {
    expect((await tus.create(undefined, 10, { filename: 'a.mp4' })).status).toBe(401);
    const wrong = await tus.create(ada, 10, { filename: 'a.txt', filetype: 'text/plain' });
    expect(wrong.status).toBe(415);
    const big = await tus.create(ada, 100 * 1024 + 1, { filename: 'a.mp4' });
    expect(big.status).toBe(413);
    expect(await big.json()).toMatchObject({ code: 'upload_too_large' });
  });

  it('counts uploads still arriving against the quota', async () => {
    const carol = await register(h.rt);
    expect((await tus.create(carol, 100 * 1024, { filename: 'a.mp4' })).status).toBe(201);
    expect((await tus.create(carol, 100 * 1024, { filename: 'b.mp4' })).status).toBe(201);
    const over = await tus.create(carol, 1, { filename: 'c.mp4' });
    expect(over.status).toBe(413);
    expect(await over.json()).toMatchObject({ code: 'quota_exceeded' });
  });

  it('reserves the quota atomically: of uploads started at once, exactly those that fit are created', async () => {
    const dan = await register(h.rt);
    // 200 KiB of quota: three of six 60 KiB uploads fit.
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, i) => tus.create(dan, 60 * 1024, { filename: `part${i}.mp4` })),
    );
    const statuses = answers.map((res) => res.status).sort();
    expect(statuses).toEqual([201, 201, 201, 413, 413, 413]);
    for (const res of answers.filter((r) => r.status === 413)) {
      expect(await res.json()).toMatchObject({ code: 'quota_exceeded' });
    }
    const mine = (await (await fetch(`${h.rt.url}/api/videos/mine`, { headers: dan.auth })).json()) as VideoPage;
    expect(mine.items.map((v) => v.id).sort()).toEqual(
      answers
        .filter((r) => r.status === 201)
        .map(videoIdOf)
        .sort(),
    );
    expect(mine.items.reduce((sum, v) => sum + (v.size ?? 0), 0)).toBe(180 * 1024);
  });

  it('gives the reservation back when tus refuses the creation', async () => {
    const erin = await register(h.rt);
    const post = (headers: Record<string, string>) =>
      fetch(`${h.rt.url}/api/uploads`, {
        method: 'POST',
        headers: {
          'upload-length': String(90 * 1024),
          'upload-metadata': uploadMetadata({ filename: 'a.mp4' }),
          ...erin.auth,
          ...headers,
        },
      });
    const unversioned = await post({});
    expect(unversioned.status).toBe(412);
    expect(await unversioned.json()).toMatchObject({ code: 'tus_resumable_required' });
    // Refused by tus itself, after the route reserved the video: both lengths at once.
    expect((await post({ 'tus-resumable': '1.0.0', 'upload-defer-length': '1' })).status).toBe(400);
    const mine = (await (await fetch(`${h.rt.url}/api/videos/mine`, { headers: erin.auth })).json()) as VideoPage;
    expect(mine.items).toEqual([]);
    expect((await tus.create(erin, 100 * 1024, { filename: 'a.mp4' })).status).toBe(201);
    expect((await tus.create(erin, 100 * 1024, { filename: 'b.mp4' })).status).toBe(201);
  });

  it('answers tus errors as problems with a request id, and sends no CORS headers to unconfigured origins', async () => {
    const created = await tus.create(ada, VIDEO.length, { filename: 'p.mp4' });
    expect(created.headers.get('access-control-allow-origin')).toBeNull();
    const location = created.headers.get('location')!;
    const patch = (headers: Record<string, string>) =>
      fetch(`${h.rt.url}${location}`, {
        method: 'PATCH',
        headers: {
          'content-type': 'application/offset+octet-stream',
          origin: 'https://evil.example',
          ...ada.auth,
          ...headers,
        },
        body: VIDEO.subarray(0, 10),
      });
    for (const [headers, status] of [
      [{}, 412],
      [{ 'tus-resumable': '1.0.0', 'upload-offset': '5' }, 409],
      [{ 'tus-resumable': '1.0.0', 'upload-offset': 'x' }, 400],
    ] as const) {
      const res = await patch(headers);
      expect(res.status, JSON.stringify(headers)).toBe(status);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
      const problem = (await res.json()) as { status: number; requestId: string; detail: string };
      expect(problem).toMatchObject({ status, requestId: res.headers.get('x-request-id') });
      expect(problem.detail.length).toBeGreaterThan(3);
    }
    const head = await fetch(`${h.rt.url}${location}`, {
      method: 'HEAD',
      headers: { 'tus-resumable': '1.0.0', origin: 'https://evil.example', ...ada.auth },
    });
    expect(head.status).toBe(200);
    expect(head.headers.get('upload-offset')).toBe('0');
    expect(head.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers bad metadata with a problem before reserving anything', async () => {
    const res = await fetch(`${h.rt.url}/api/uploads`, {
      method: 'POST',
      headers: { 'tus-resumable': '1.0.0', 'upload-length': '10', 'upload-metadata': 'filename @@@, ,', ...ada.auth },
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ code: 'upload_metadata_invalid' });
    const bad = await tus.create(ada, 10, { filename: 'a.mp4', visibility: 'secret' });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 'validation_failed' });
    const withNul: Record<string, string>[] = [{ filename: 'a\u0000.mp4' }, { filename: 'a.mp4', title: 'x\u0000y' }];
    for (const meta of withNul) {
      const nul = await tus.create(ada, 10, meta);
      expect(nul.status).toBe(400);
      expect(((await nul.json()) as { detail: string }).detail).toContain('NUL');
    }
  });

  it('keeps others away from an upload, and deleting the video removes its temporary file', async () => {
    const created = await tus.create(ada, VIDEO.length, { filename: 'x.mp4' });
    const location = created.headers.get('location') ?? '';
    const videoId = location.split('/').pop() ?? '';
    expect((await tus.patch(ada, location, 0, VIDEO.subarray(0, 1000))).status).toBe(204);
    expect((await tus.head(bob, location)).status).toBe(404);
    expect((await tus.patch(bob, location, 1000, VIDEO.subarray(1000, 2000))).status).toBe(404);
    expect(await readdir(join(h.dataDir, 'uploads'))).toContain(videoId);
    const deleted = await fetch(`${h.rt.url}/api/videos/${videoId}`, { method: 'DELETE', headers: ada.auth });
    expect(deleted.status).toBe(204);
    expect(await readdir(join(h.dataDir, 'uploads'))).not.toContain(videoId);
    expect((await tus.head(ada, location)).status).toBe(404);
  });
});
