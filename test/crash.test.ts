import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '@framecast/adapters';
import type { Video } from '@framecast/contracts';
import { makeClip } from '@framecast/media/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, repoRoot, signUp } from './processes.js';

// The all-in-one platform is killed with SIGKILL at the moments a crash could lose work, restarted on the same data
// directory, and must still bring each video to `ready`, handling each event once.
const script = join(repoRoot, 'test/crash/platform.mjs');
let work: string;
let clip: string;
const running = new Set<ChildProcess>();

beforeAll(async () => {
  if (!existsSync(join(repoRoot, 'packages/cli/dist/catalog.js'))) throw new Error('Run "npm run build" first.');
  work = await mkdtemp(join(tmpdir(), 'framecast-crash-'));
  clip = join(work, 'clip.mp4');
  // Long enough that a kill lands while FFmpeg works; small enough to transcode quickly.
  await makeClip(clip, { width: 640, height: 360, seconds: 24, faststart: true });
}, 60_000);

afterAll(async () => {
  for (const child of running) kill(child);
  if (work) await rm(work, { recursive: true, force: true });
});

interface Platform {
  url: string;
  child: ChildProcess;
  output(): string;
}

/** Starts the platform in its own process group on `dataDir` and waits until it is ready. */
async function start(dataDir: string, env: Record<string, string> = {}): Promise<Platform> {
  const port = await freePort();
  const child = spawn(process.execPath, [script], {
    cwd: repoRoot,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH ?? '',
      HOST: '127.0.0.1',
      PORT: String(port),
      RTMP_PORT: '0',
      SRT_PORT: '0',
      DATA_DIR: dataDir,
      ...env,
    },
  });
  running.add(child);
  child.once('exit', () => running.delete(child));
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const url = `http://127.0.0.1:${port}`;
  await until(async () => {
    if (child.exitCode !== null) throw new Error(`the platform exited early:\n${output}`);
    return (await fetch(`${url}/readyz`).catch(() => null))?.ok === true;
  }, 90_000);
  return { url, child, output: () => output };
}

/** SIGKILL to the whole group: the process and its FFmpeg die at once, as in a power cut. */
function kill(child: ChildProcess): Promise<void> {
  const exited = new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
  try {
    if (child.pid) process.kill(-child.pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
  return exited;
}

async function until(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function uploadClip(url: string, authorization: string): Promise<Video> {
  const form = new FormData();
  form.append('title', 'Crash test');
  form.append('visibility', 'public');
  form.append('file', new Blob([await readFile(clip)], { type: 'video/mp4' }), 'clip.mp4');
  const res = await fetch(`${url}/api/videos`, { method: 'POST', headers: { authorization }, body: form });
  if (res.status !== 201) throw new Error(`upload failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as Video;
}

const video = async (url: string, authorization: string, id: string) =>
  (await (await fetch(`${url}/api/videos/${id}`, { headers: { authorization } })).json()) as Video;

async function untilReady(url: string, authorization: string, id: string): Promise<Video> {
  let last: Video | undefined;
  await until(async () => {
    last = await video(url, authorization, id);
    if (last.status === 'failed') throw new Error(`the video failed: ${last.failureReason}`);
    return last.status === 'ready';
  }, 180_000);
  return last!;
}

const handled = async (url: string) =>
  (await (await fetch(`${url}/probe/handled`)).json()) as { event_id: string; video_id: string }[];

describe('a SIGKILL of the all-in-one process', () => {
  it('right after an upload committed, before its job left the outbox, loses nothing', {
    timeout: 300_000,
  }, async () => {
    const dataDir = join(work, 'after-commit');
    // The relay waits ten minutes: the job is committed, not yet handed to the queue, when the process dies.
    const first = await start(dataDir, { OUTBOX_RELAY_INTERVAL_MS: '600000' });
    const authorization = `Bearer ${(await signUp(first.url)).token}`;
    const created = await uploadClip(first.url, authorization);
    expect(created.status).toBe('processing');
    await kill(first.child);

    const db = await openDatabase({ dataDir });
    try {
      const outbox = await db.kysely
        .withSchema('videos')
        .selectFrom('outbox')
        .select(['kind', 'type', 'job_id'])
        .where('published_at', 'is', null)
        .execute();
      expect(outbox).toContainEqual({ kind: 'job', type: 'transcode', job_id: created.id });
      const jobs = await db.kysely
        .withSchema('jobs')
        .selectFrom('jobs')
        .select('id')
        .where('queue', '=', 'transcode')
        .execute();
      expect(jobs).toEqual([]);
    } finally {
      await db.close();
    }

    const second = await start(dataDir);
    try {
      const ready = await untilReady(second.url, authorization, created.id);
      expect(ready.renditions.length).toBeGreaterThan(0);
      await until(async () => (await handled(second.url)).length === 1, 30_000);
      expect((await handled(second.url)).map((h) => h.video_id)).toEqual([created.id]);
    } finally {
      await kill(second.child);
    }
  });

  it('in the middle of an event handler, delivers the event again and it is handled once', {
    timeout: 300_000,
  }, async () => {
    const dataDir = join(work, 'mid-handler');
    const first = await start(dataDir, { CRASH_PROBE_HANG: '1' });
    const authorization = `Bearer ${(await signUp(first.url)).token}`;
    const created = await uploadClip(first.url, authorization);
    const marker = join(dataDir, 'probe-hanging');
    await until(async () => existsSync(marker), 180_000);
    const eventId = await readFile(marker, 'utf8');
    await kill(first.child);

    const second = await start(dataDir);
    try {
      await until(async () => (await handled(second.url)).length > 0, 60_000);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(await handled(second.url)).toEqual([{ event_id: eventId, video_id: created.id }]);
      expect((await video(second.url, authorization, created.id)).status).toBe('ready');
    } finally {
      await kill(second.child);
    }
  });

  it('in the middle of a transcode, runs the job again at the next start', { timeout: 300_000 }, async () => {
    const dataDir = join(work, 'mid-transcode');
    const first = await start(dataDir);
    const authorization = `Bearer ${(await signUp(first.url)).token}`;
    const created = await uploadClip(first.url, authorization);
    await until(async () => {
      const now = await video(first.url, authorization, created.id);
      if (now.status === 'ready') throw new Error('the transcode ended before the kill; make the clip longer');
      return now.progress > 0;
    }, 120_000);
    await kill(first.child);

    const second = await start(dataDir);
    try {
      const started = Date.now();
      const ready = await untilReady(second.url, authorization, created.id);
      expect(ready.duration).toBeGreaterThan(20);
      // Taken again at start, not after the 30-second lease of the dead process.
      expect(Date.now() - started).toBeLessThan(120_000);
      await until(async () => (await handled(second.url)).length === 1, 30_000);
      expect((await handled(second.url)).map((h) => h.video_id)).toEqual([created.id]);
    } finally {
      await kill(second.child);
    }
  });
});
