import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Database, openDatabase } from '@framecast/adapters';
import { requireServer, testUrls } from '@framecast/adapters/testing';
import type { Video, VideoPage } from '@framecast/contracts';
import { eventually, testClock } from '@framecast/kit/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reserveAtOnce } from './testing/reserve.case.js';
import { tusClient, videoIdOf } from './testing/tus.fixtures.js';
import { makeReady, upload } from './testing/video.fixtures.js';
import { type Account, register, startVideoModule, type VideoHarness } from './testing/video.harness.js';
import { VIDEO_SCHEMA } from './video.tables.js';

let h: VideoHarness;
let db: Database;
let dataDir: string;
let ada: Account;
const clock = testClock();

/** This module owns the `videos` schema: each run starts from nothing and leaves nothing behind. */
async function dropSchema() {
  await sql`drop schema if exists ${sql.id(VIDEO_SCHEMA)} cascade`.execute(db.kysely);
}

/** The transcode jobs this run's uploads queued in the shared job table, no transcoder being here (id = video id). */
async function dropJobs() {
  const ids = h.events
    .filter((e) => e.type === 'video.uploaded')
    .map((e) => (e.payload as { videoId: string }).videoId);
  if (ids.length === 0) return;
  await sql`delete from jobs.jobs where queue = 'transcode' and id in (${sql.join(ids)})`.execute(db.kysely);
}

beforeAll(async () => {
  await requireServer('postgres');
  dataDir = await mkdtemp(join(tmpdir(), 'framecast-video-int-'));
  db = await openDatabase({ url: testUrls.postgres, dataDir });
  await dropSchema();
  h = await startVideoModule(
    { DATABASE_URL: testUrls.postgres, ADMIN_EMAIL: `admin-${Date.now()}@example.com` },
    { VIDEO_MAX_UPLOAD_BYTES: String(100 * 1024), VIDEO_QUOTA_BYTES: String(200 * 1024) },
    { clock, sweepEveryMs: 50 },
  );
  ada = await register(h.rt);
});

afterAll(async () => {
  await h?.close();
  if (db) {
    if (h) await dropJobs();
    await dropSchema();
    await db.close();
  }
  await rm(dataDir, { recursive: true, force: true });
});

describe('video module on PostgreSQL', () => {
  it('uploads, processes, lists, plays (signed) and deletes a video', async () => {
    const video = await upload(h, ada, { title: 'On Postgres', visibility: 'unlisted' });
    expect(video.status).toBe('processing');
    await h.rt.adapters.storage.put(`videos/${video.id}/media/master.m3u8`, Buffer.from('#EXTM3U\n'));
    const ready = await makeReady(h, ada, video.id);
    expect(ready.renditions).toHaveLength(2);

    const edited = await h.rt.app.inject({
      method: 'PATCH',
      url: `/api/videos/${video.id}`,
      payload: { tags: ['pg'], visibility: 'public' },
      headers: ada.auth,
    });
    expect(edited.json<Video>()).toMatchObject({ tags: ['pg'], visibility: 'public' });
    const listed = (await h.rt.app.inject(`/api/channels/${ada.handle}/videos`)).json<VideoPage>();
    expect(listed.items.map((v) => v.id)).toEqual([video.id]);

    await h.rt.app.inject({
      method: 'PATCH',
      url: `/api/videos/${video.id}`,
      payload: { visibility: 'private' },
      headers: ada.auth,
    });
    const own = (await h.rt.app.inject({ url: `/api/videos/${video.id}`, headers: ada.auth })).json<Video>();
    const hls = await h.rt.app.inject(own.playback?.hls ?? '');
    expect(hls.statusCode).toBe(200);
    expect(hls.body).toBe('#EXTM3U\n');
    expect((await h.rt.app.inject(`/media/videos/${video.id}/media/master.m3u8`)).statusCode).toBe(404);

    const del = await h.rt.app.inject({ method: 'DELETE', url: `/api/videos/${video.id}`, headers: ada.auth });
    expect(del.statusCode).toBe(204);
    await h.waitForEvent((e) => e.type === 'video.deleted');
    expect(await h.rt.adapters.storage.head(`videos/${video.id}/original`)).toBeNull();
  });

  it('grants exactly the reservations that fit when they all start at once', async () => {
    const exact = await reserveAtOnce(
      h,
      { quotaBytes: 250, maxUploadBytes: 100 },
      Array.from({ length: 8 }, () => ({ exactly: 60 })),
    );
    expect(exact.granted).toEqual([60, 60, 60, 60]);
    expect(exact.refused).toEqual(Array(4).fill('quota_exceeded'));
    const open = await reserveAtOnce(h, { quotaBytes: 250, maxUploadBytes: 100 }, [
      { atMost: 80 },
      { atMost: null },
      { atMost: null },
      { atMost: null },
      { atMost: 30 },
    ]);
    expect(open.granted.reduce((sum, bytes) => sum + bytes, 0)).toBe(250);
    expect(open.refused.length).toBeGreaterThanOrEqual(1);
  });

  it('creates exactly the resumable uploads that fit when they start at once', async () => {
    const dan = await register(h.rt);
    const tus = tusClient(h);
    const answers = await Promise.all(
      Array.from({ length: 6 }, (_, i) => tus.create(dan, 60 * 1024, { filename: `part${i}.mp4` })),
    );
    expect(answers.map((res) => res.status).sort()).toEqual([201, 201, 201, 413, 413, 413]);
    const mine = (await h.rt.app.inject({ url: '/api/videos/mine', headers: dan.auth })).json<VideoPage>();
    expect(mine.items.map((v) => v.status)).toEqual(['uploading', 'uploading', 'uploading']);
  });

  it('keeps an upload alive while bytes arrive, and removes it once nothing did for the expiry period', async () => {
    const tus = tusClient(h);
    const created = await tus.create(ada, 1000, { filename: 'pause.mp4' });
    expect(created.status).toBe(201);
    const location = created.headers.get('location') ?? '';
    const id = videoIdOf(created);
    clock.shift(20 * 3600_000);
    expect((await tus.patch(ada, location, 0, Buffer.alloc(100, 1))).status).toBe(204);
    clock.shift(20 * 3600_000);
    expect((await tus.head(ada, location)).status).toBe(200);
    clock.shift(5 * 3600_000);
    await h.waitForEvent((e) => e.type === 'video.deleted' && (e.payload as { videoId: string }).videoId === id);
    expect((await h.rt.app.inject({ url: `/api/videos/${id}`, headers: ada.auth })).statusCode).toBe(404);
    await eventually(async () => expect(await readdir(join(h.dataDir, 'uploads'))).not.toContain(id));
  });
});
