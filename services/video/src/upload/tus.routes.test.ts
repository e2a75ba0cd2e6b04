import { readdir } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import type { Video, VideoPage } from '@framecast/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Account,
  eventually,
  register,
  startVideoModule,
  type VideoHarness,
  waitForEvent,
} from '../testing/video.harness.js';

let h: VideoHarness;
let ada: Account;
let bob: Account;
const VIDEO = Buffer.from(Array.from({ length: 64 * 1024 }, (_, i) => (i * 31) % 256));

beforeAll(async () => {
  h = await startVideoModule({}, { VIDEO_MAX_UPLOAD_BYTES: String(100 * 1024), VIDEO_QUOTA_BYTES: String(200 * 1024) });
  [ada, bob] = await Promise.all([register(h.rt), register(h.rt)]);
});

afterAll(async () => {
  await h?.close();
});

const b64 = (text: string) => Buffer.from(text).toString('base64');
const metadata = (fields: Record<string, string>) =>
  Object.entries(fields)
    .map(([k, v]) => `${k} ${b64(v)}`)
    .join(',');

async function create(who: Account | undefined, length: number, fields: Record<string, string>) {
  return fetch(`${h.rt.url}/api/uploads`, {
    method: 'POST',
    headers: {
      'tus-resumable': '1.0.0',
      'upload-length': String(length),
      'upload-metadata': metadata(fields),
      ...(who ? who.auth : {}),
    },
  });
}

const patch = (who: Account, location: string, offset: number, body: Buffer) =>
  fetch(`${h.rt.url}${location}`, {
    method: 'PATCH',
    headers: {
      'tus-resumable': '1.0.0',
      'upload-offset': String(offset),
      'content-type': 'application/offset+octet-stream',
      ...who.auth,
    },
    body,
  });

const head = (who: Account, location: string) =>
  fetch(`${h.rt.url}${location}`, { method: 'HEAD', headers: { 'tus-resumable': '1.0.0', ...who.auth } });

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
    const created = await create(ada, VIDEO.length, {
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
      const res = await head(ada, location);
      const value = Number(res.headers.get('upload-offset'));
      expect(value).toBeGreaterThan(0);
      return value;
    });
    expect(offset).toBeLessThanOrEqual(half);

    const rest = await patch(ada, location, offset, VIDEO.subarray(offset));
    expect(rest.status).toBe(204);
    expect(Number(rest.headers.get('upload-offset'))).toBe(VIDEO.length);

    const video = (await (await fetch(`${h.rt.url}/api/videos/${videoId}`, { headers: ada.auth })).json()) as Video;
    expect(video).toMatchObject({ status: 'processing', size: VIDEO.length });
    const stored = await h.rt.adapters.storage.get(`videos/${videoId}/original`);
    const chunks: Buffer[] = [];
    for await (const chunk of stored.body) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).equals(VIDEO)).toBe(true);
    await waitForEvent(
      h.events,
      (e) => e.type === 'video.uploaded' && (e.payload as { videoId: string }).videoId === videoId,
    );
    expect(await readdir(join(h.dataDir, 'uploads'))).not.toContain(videoId);
  });

  it('needs a signed-in creator, a video type and a size within the limits', async () => {
    expect((await create(undefined, 10, { filename: 'a.mp4' })).status).toBe(401);
    const wrong = await create(ada, 10, { filename: 'a.txt', filetype: 'text/plain' });
    expect(wrong.status).toBe(415);
    const big = await create(ada, 100 * 1024 + 1, { filename: 'a.mp4' });
    expect(big.status).toBe(413);
    expect(await big.json()).toMatchObject({ code: 'upload_too_large' });
  });

  it('counts uploads still arriving against the quota', async () => {
    const carol = await register(h.rt);
    expect((await create(carol, 100 * 1024, { filename: 'a.mp4' })).status).toBe(201);
    expect((await create(carol, 100 * 1024, { filename: 'b.mp4' })).status).toBe(201);
    const over = await create(carol, 1, { filename: 'c.mp4' });
    expect(over.status).toBe(413);
    expect(await over.json()).toMatchObject({ code: 'quota_exceeded' });
  });

  it('keeps others away from an upload, and deleting the video removes its temporary file', async () => {
    const created = await create(ada, VIDEO.length, { filename: 'x.mp4' });
    const location = created.headers.get('location') ?? '';
    const videoId = location.split('/').pop() ?? '';
    expect((await patch(ada, location, 0, VIDEO.subarray(0, 1000))).status).toBe(204);
    expect((await head(bob, location)).status).toBe(404);
    expect((await patch(bob, location, 1000, VIDEO.subarray(1000, 2000))).status).toBe(404);
    expect(await readdir(join(h.dataDir, 'uploads'))).toContain(videoId);
    const deleted = await fetch(`${h.rt.url}/api/videos/${videoId}`, { method: 'DELETE', headers: ada.auth });
    expect(deleted.status).toBe(204);
    expect(await readdir(join(h.dataDir, 'uploads'))).not.toContain(videoId);
    expect((await head(ada, location)).status).toBe(404);
  });
});
