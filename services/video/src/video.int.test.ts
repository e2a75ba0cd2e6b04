import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Database, openDatabase } from '@framecast/adapters';
import { requireServer, testUrls } from '@framecast/adapters/testing';
import type { Video, VideoPage } from '@framecast/contracts';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeReady, upload } from './testing/video.fixtures.js';
import { type Account, register, startVideoModule, type VideoHarness, waitForEvent } from './testing/video.harness.js';
import { VIDEO_SCHEMA } from './video.tables.js';

let h: VideoHarness;
let db: Database;
let dataDir: string;
let ada: Account;

/** This module owns the `videos` schema: each run starts from nothing and leaves nothing behind. */
async function dropSchema() {
  await sql`drop schema if exists ${sql.id(VIDEO_SCHEMA)} cascade`.execute(db.kysely);
}

beforeAll(async () => {
  await requireServer('postgres');
  dataDir = await mkdtemp(join(tmpdir(), 'framecast-video-int-'));
  db = await openDatabase({ url: testUrls.postgres, dataDir });
  await dropSchema();
  h = await startVideoModule({ DATABASE_URL: testUrls.postgres, ADMIN_EMAIL: `admin-${Date.now()}@example.com` });
  ada = await register(h.rt);
});

afterAll(async () => {
  await h?.close();
  if (db) {
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
    expect((await h.rt.app.inject(`/media/videos/${video.id}/media/master.m3u8`)).statusCode).toBe(403);

    const del = await h.rt.app.inject({ method: 'DELETE', url: `/api/videos/${video.id}`, headers: ada.auth });
    expect(del.statusCode).toBe(204);
    await waitForEvent(h.events, (e) => e.type === 'video.deleted');
    expect(await h.rt.adapters.storage.head(`videos/${video.id}/original`)).toBeNull();
  });
});
