import { randomUUID } from 'node:crypto';
import { appendFile, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDiskStorage } from '@framecast/adapters';
import type { Video } from '@framecast/contracts';
import { eventually, type TestClock, testClock } from '@framecast/kit/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tusClient, videoIdOf } from '../testing/tus.fixtures.js';
import { type Account, register, startVideoModule, type VideoHarness } from '../testing/video.harness.js';
import { VIDEO_SCHEMA } from '../video.tables.js';

const HOUR = 3600_000;
const VIDEO = Buffer.from(Array.from({ length: 32 * 1024 }, (_, i) => (i * 7) % 256));
const LIMITS = { VIDEO_MAX_UPLOAD_BYTES: String(100 * 1024), VIDEO_QUOTA_BYTES: String(150 * 1024) };

/** `Upload-Expires` as milliseconds (HTTP dates have whole seconds, and the test clock runs on meanwhile). */
const expiresOf = (res: Response) => Date.parse(res.headers.get('upload-expires') ?? '');
const near = (actual: number, expected: number) => expect(Math.abs(actual - expected)).toBeLessThan(2000);
const started = (h: VideoHarness, who: Account, name: string, length = VIDEO.length) =>
  tusClient(h).create(who, length, { filename: name, filetype: 'video/mp4' });

describe('expiry of unfinished uploads', () => {
  let h: VideoHarness;
  let clock: TestClock;
  let ada: Account;

  beforeAll(async () => {
    clock = testClock();
    h = await startVideoModule({}, { ...LIMITS, VIDEO_UPLOAD_EXPIRY_HOURS: '24' }, { clock });
    ada = await register(h.rt);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('tells clients when an upload expires, and moves that on with every PATCH that adds bytes', async () => {
    const tus = tusClient(h);
    const created = await started(h, ada, 'slow.mp4');
    expect(created.status).toBe(201);
    near(expiresOf(created), clock.now().getTime() + 24 * HOUR);
    expect(created.headers.get('access-control-expose-headers')).toMatch(/Upload-Expires/);
    const location = created.headers.get('location') ?? '';

    clock.shift(20 * HOUR);
    const first = await tus.patch(ada, location, 0, VIDEO.subarray(0, 1000));
    expect(first.status).toBe(204);
    near(expiresOf(first), clock.now().getTime() + 24 * HOUR);

    // 43 hours after it began, 23 after bytes last came: still alive.
    clock.shift(23 * HOUR);
    const head = await tus.head(ada, location);
    expect(head.status).toBe(200);
    expect(head.headers.get('upload-offset')).toBe('1000');
    near(expiresOf(head), clock.now().getTime() + HOUR);

    const last = await tus.patch(ada, location, 1000, VIDEO.subarray(1000));
    expect(last.status).toBe(204);
    expect(last.headers.get('upload-expires')).toBeNull();
    const video = (await (
      await fetch(`${h.rt.url}/api/videos/${videoIdOf(created)}`, { headers: ada.auth })
    ).json()) as Video;
    expect(video.status).toBe('processing');
  });

  it('answers 410 to HEAD and PATCH once nothing arrived for the expiry period', async () => {
    const tus = tusClient(h);
    const created = await started(h, ada, 'gone.mp4');
    const location = created.headers.get('location') ?? '';
    expect((await tus.patch(ada, location, 0, VIDEO.subarray(0, 500))).status).toBe(204);
    clock.shift(24 * HOUR);
    const head = await tus.head(ada, location);
    expect(head.status).toBe(410);
    const patch = await tus.patch(ada, location, 500, VIDEO.subarray(500, 1000));
    expect(patch.status).toBe(410);
    expect(patch.headers.get('content-type')).toMatch(/problem\+json/);
    expect(await patch.json()).toMatchObject({ code: 'upload_expired' });
  });
});

describe('sweeping abandoned uploads', () => {
  let h: VideoHarness;
  let clock: TestClock;
  let bob: Account;

  beforeAll(async () => {
    clock = testClock();
    h = await startVideoModule({}, { ...LIMITS, VIDEO_UPLOAD_EXPIRY_HOURS: '24' }, { clock, sweepEveryMs: 50 });
    bob = await register(h.rt);
  });
  afterAll(async () => {
    await h?.close();
  });

  it('removes uploads nothing arrived for, with their files and quota, and keeps the active ones', async () => {
    const tus = tusClient(h);
    const idle = await started(h, bob, 'idle.mp4', 100 * 1024);
    const active = await started(h, bob, 'active.mp4');
    const [idleId, activeId] = [videoIdOf(idle), videoIdOf(active)];
    expect((await tus.patch(bob, idle.headers.get('location') ?? '', 0, VIDEO.subarray(0, 100))).status).toBe(204);
    // 132 KiB of 150 reserved: another 100 KiB does not fit while the idle upload holds its share.
    expect((await started(h, bob, 'later.mp4', 100 * 1024)).status).toBe(413);
    const uploads = join(h.dataDir, 'uploads');
    expect(await readdir(uploads)).toContain(idleId);
    // A file whose video is gone, as a removal interrupted between the row and the file would leave it.
    const stray = randomUUID();
    await writeFile(join(uploads, stray), 'partial');
    await writeFile(join(uploads, `${stray}.json`), JSON.stringify({ id: stray, size: 10, offset: 0 }));

    clock.shift(20 * HOUR);
    expect((await tus.patch(bob, active.headers.get('location') ?? '', 0, VIDEO.subarray(0, 100))).status).toBe(204);
    clock.shift(5 * HOUR);

    await h.waitForEvent((e) => e.type === 'video.deleted' && (e.payload as { videoId: string }).videoId === idleId);
    await eventually(async () => {
      const names = await readdir(uploads);
      expect(names).not.toContain(idleId);
      expect(names).not.toContain(stray);
    });
    expect((await fetch(`${h.rt.url}/api/videos/${idleId}`, { headers: bob.auth })).status).toBe(404);
    const kept = (await (await fetch(`${h.rt.url}/api/videos/${activeId}`, { headers: bob.auth })).json()) as Video;
    expect(kept.status).toBe('uploading');
    expect((await tus.head(bob, active.headers.get('location') ?? '')).status).toBe(200);
    expect((await started(h, bob, 'later.mp4', 100 * 1024)).status).toBe(201);
  });
});

describe('uploads that arrived before a stop', () => {
  let dataDir: string;

  beforeAll(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'framecast-video-restart-'));
  });
  afterAll(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('are handed over at start; unfinished ones past their expiry are removed', async () => {
    // An embedded database on disk, so a second start finds what the first one wrote.
    const onDisk = { DATABASE_URL: '' };
    const first = await startVideoModule(onDisk, LIMITS, { dataDir });
    let arrivedId = '';
    let movedId = '';
    let abandonedId = '';
    try {
      const carol = await register(first.rt);
      const tus = tusClient(first);
      const arrived = await started(first, carol, 'arrived.mp4');
      const moved = await started(first, carol, 'moved.mp4');
      const abandoned = await started(first, carol, 'abandoned.mp4');
      [arrivedId, movedId, abandonedId] = [videoIdOf(arrived), videoIdOf(moved), videoIdOf(abandoned)];
      const half = VIDEO.length / 2;
      for (const one of [arrived, moved]) {
        expect((await tus.patch(carol, one.headers.get('location') ?? '', 0, VIDEO.subarray(0, half))).status).toBe(
          204,
        );
      }
      expect((await tus.patch(carol, abandoned.headers.get('location') ?? '', 0, VIDEO.subarray(0, 10))).status).toBe(
        204,
      );
    } finally {
      await first.close();
    }
    // The last bytes reached the file, then the process stopped before handing the upload over.
    await appendFile(join(dataDir, 'uploads', arrivedId), VIDEO.subarray(VIDEO.length / 2));
    // Another one stopped later: its file was already moved into storage, the video not yet processing.
    await appendFile(join(dataDir, 'uploads', movedId), VIDEO.subarray(VIDEO.length / 2));
    await createDiskStorage(join(dataDir, 'storage')).moveFile(
      `videos/${movedId}/original`,
      join(dataDir, 'uploads', movedId),
    );

    const clock = testClock(Date.now() + 25 * HOUR);
    const second = await startVideoModule(onDisk, LIMITS, { dataDir, clock });
    try {
      const videos = second.rt.adapters.db.kysely.withSchema(VIDEO_SCHEMA);
      for (const id of [arrivedId, movedId]) {
        const row = await eventually(async () => {
          const found = await videos.selectFrom('videos').selectAll().where('id', '=', id).executeTakeFirst();
          expect(found?.status).toBe('processing');
          return found;
        });
        expect(Number(row?.size)).toBe(VIDEO.length);
        const stored = await second.rt.adapters.storage.get(`videos/${id}/original`);
        const chunks: Buffer[] = [];
        for await (const chunk of stored.body) chunks.push(chunk as Buffer);
        expect(Buffer.concat(chunks).equals(VIDEO)).toBe(true);
      }
      // Written at start, possibly before the harness listened: read from the outbox.
      const written = async (type: string) =>
        (
          await sql<{ id: string }>`select payload->>'videoId' as id from ${sql.table(`${VIDEO_SCHEMA}.outbox`)}
            where type = ${type}`.execute(second.rt.adapters.db.kysely)
        ).rows.map((r) => r.id);
      expect(await written('video.uploaded')).toEqual(expect.arrayContaining([arrivedId, movedId]));
      await eventually(async () => expect(await written('video.deleted')).toContain(abandonedId));
      expect(await videos.selectFrom('videos').select('id').where('id', '=', abandonedId).execute()).toEqual([]);
      const left = await readdir(join(dataDir, 'uploads'));
      expect(left.filter((name) => [arrivedId, movedId, abandonedId].some((id) => name.startsWith(id)))).toEqual([]);
    } finally {
      await second.close();
    }
  });
});
