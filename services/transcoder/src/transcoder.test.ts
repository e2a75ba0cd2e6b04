import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { text } from 'node:stream/consumers';
import type { DomainEvent } from '@framecast/adapters';
import type { EventPayloads } from '@framecast/contracts';
import { makeClip } from '@framecast/media/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTranscoder, type TranscoderHarness } from './testing/transcoder.harness.js';
import { CRASH_REASON, GONE_REASON } from './transcode.job.js';

let h: TranscoderHarness;
let clips: string;

const of =
  <T extends keyof EventPayloads>(type: T, videoId: string) =>
  (e: DomainEvent): boolean =>
    e.type === type && (e.payload as { videoId: string }).videoId === videoId;

async function submit(videoId: string, body: Buffer | null): Promise<void> {
  const originalKey = `videos/${videoId}/original`;
  if (body) await h.rt.adapters.storage.put(originalKey, body);
  await h.rt.adapters.jobs.enqueue('transcode', { videoId, originalKey, outputPrefix: `videos/${videoId}/` });
}

async function stored(prefix: string): Promise<Map<string, string | undefined>> {
  const found = new Map<string, string | undefined>();
  for await (const o of h.rt.adapters.storage.list(prefix)) {
    found.set(o.key.slice(prefix.length), (await h.rt.adapters.storage.head(o.key))?.contentType);
  }
  return found;
}

beforeAll(async () => {
  clips = await mkdtemp(join(tmpdir(), 'framecast-clips-'));
  await makeClip(join(clips, 'clip.mp4'), { width: 640, height: 360, seconds: 3 });
  await makeClip(join(clips, 'hd.mp4'), { width: 1280, height: 720, seconds: 3 });
  h = await startTranscoder({ maxAttempts: 3, backoffMs: () => 20 });
}, 180_000);
afterAll(async () => {
  await h?.close();
  await rm(clips, { recursive: true, force: true });
});

describe('transcoder module', () => {
  it('transcodes a stored original and publishes progress, then the result; files land in storage', async () => {
    await submit('ok1', await readFile(join(clips, 'clip.mp4')));
    const done = await h.waitForEvent(of('transcode.completed', 'ok1'), 60_000);
    const result = done.payload as EventPayloads['transcode.completed'];
    expect(result).toMatchObject({
      videoId: 'ok1',
      width: 640,
      height: 360,
      outputs: {
        hls: 'media/master.m3u8',
        dash: 'media/manifest.mpd',
        poster: 'poster.jpg',
        thumbnail: 'thumbnail.jpg',
        storyboard: 'storyboard.vtt',
      },
    });
    expect(result.renditions.map((r) => r.name)).toEqual(['360p', '240p', 'audio']);
    expect(result.duration).toBeGreaterThan(2.5);

    const files = await stored('videos/ok1/');
    expect(files.get('media/master.m3u8')).toBe('application/vnd.apple.mpegurl');
    expect(files.get('media/manifest.mpd')).toBe('application/dash+xml');
    expect(files.get('media/run1/init-0.m4s')).toBe('video/iso.segment');
    expect(files.get('poster.jpg')).toBe('image/jpeg');
    expect(files.get('thumbnail.jpg')).toBe('image/jpeg');
    expect(files.get('storyboard.jpg')).toBe('image/jpeg');
    expect(files.get('storyboard.vtt')).toBe('text/vtt');
    expect(files.has('original')).toBe(true);

    const progress = h.events.filter(of('transcode.progress', 'ok1')).map((e) => e.payload as { percent: number });
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(progress.map((p) => p.percent)).toEqual([...progress.map((p) => p.percent)].sort((a, b) => a - b));
    // Progress comes before the result, and the scratch folder is gone.
    expect(h.events.indexOf(done)).toBeGreaterThan(h.events.findIndex(of('transcode.progress', 'ok1')));
    expect(await readdir(join(h.dataDir, 'transcode'))).toEqual([]);
  });

  it('announces the lowest renditions first, then the whole ladder, rewriting the manifests', async () => {
    await submit('hd1', await readFile(join(clips, 'hd.mp4')));
    const done = await h.waitForEvent(of('transcode.completed', 'hd1'), 90_000);
    const early = h.events.filter(of('transcode.renditions', 'hd1'));
    expect(early).toHaveLength(1);
    expect(h.events.indexOf(early[0]!)).toBeLessThan(h.events.indexOf(done));
    const first = early[0]!.payload as EventPayloads['transcode.renditions'];
    expect(first).toMatchObject({ videoId: 'hd1', width: 1280, height: 720, outputs: { hls: 'media/master.m3u8' } });
    expect(first.renditions.map((r) => r.name)).toEqual(['360p', '240p', 'audio']);
    const whole = done.payload as EventPayloads['transcode.completed'];
    expect(whole.renditions.map((r) => r.name)).toEqual(['720p', '480p', '360p', '240p', 'audio']);

    const files = await stored('videos/hd1/');
    expect(files.get('media/run1/init-0.m4s')).toBe('video/iso.segment');
    expect(files.get('media/run2/init-0.m4s')).toBe('video/iso.segment');
    expect(files.get('poster.jpg')).toBe('image/jpeg');
    expect(files.has('media/run1/manifest.mpd')).toBe(false);
    const master = await h.rt.adapters.storage.get('videos/hd1/media/master.m3u8');
    expect((await text(master.body)).match(/#EXT-X-STREAM-INF/g)).toHaveLength(4);
    expect(await readdir(join(h.dataDir, 'transcode'))).toEqual([]);
    const metrics = await h.rt.metrics.metrics();
    expect(metrics).toMatch(/framecast_transcoder_first_playable_seconds_count\{[^}]*\} [1-9]/);
  });

  it('rejects a corrupt upload once (not retried), and the next job still succeeds', async () => {
    await submit('bad1', Buffer.from('this is not a video at all\n'.repeat(100)));
    await submit('ok2', await readFile(join(clips, 'clip.mp4')));
    const failed = await h.waitForEvent(of('transcode.failed', 'bad1'), 60_000);
    expect(failed.payload).toEqual({
      videoId: 'bad1',
      reason: 'This file is not a video we can read.',
      retryable: false,
    });
    await h.waitForEvent(of('transcode.completed', 'ok2'), 60_000);
    expect(h.events.filter(of('transcode.failed', 'bad1'))).toHaveLength(1);
    expect(await h.rt.adapters.jobs.deadLetters('transcode')).toEqual([]);
  });

  it('fails at once, without retries, a job whose original is no longer stored', async () => {
    // Its video was deleted while the job waited: no attempt could find the file.
    await submit('gone1', null);
    const failed = await h.waitForEvent(of('transcode.failed', 'gone1'), 60_000);
    expect(failed.payload).toEqual({ videoId: 'gone1', reason: GONE_REASON, retryable: false });
    await new Promise((r) => setTimeout(r, 200));
    expect(h.events.filter(of('transcode.failed', 'gone1'))).toHaveLength(1);
    expect(await h.rt.adapters.jobs.deadLetters('transcode')).toEqual([]);
    expect(await h.rt.adapters.jobs.stats('transcode')).toMatchObject({ waiting: 0, dead: 0 });
  });
});

describe('transcoder whose FFmpeg crashes', () => {
  it('retries the job, then dead-letters it and says the video failed', { timeout: 120_000 }, async () => {
    // A real FFmpeg binary for probing, and an "ffmpeg" that dies of a segmentation fault whenever it runs.
    const crashing = join(clips, 'crashing-ffmpeg');
    await writeFile(crashing, '#!/bin/sh\nkill -SEGV $$\n', { mode: 0o755 });
    const broken = await startTranscoder({ maxAttempts: 3, backoffMs: () => 20 }, { FFMPEG_PATH: crashing });
    try {
      const originalKey = 'videos/crash1/original';
      await broken.rt.adapters.storage.put(originalKey, await readFile(join(clips, 'clip.mp4')));
      await broken.rt.adapters.jobs.enqueue('transcode', {
        videoId: 'crash1',
        originalKey,
        outputPrefix: 'videos/crash1/',
      });
      const failed = await broken.waitForEvent(of('transcode.failed', 'crash1'), 60_000);
      expect(failed.payload).toEqual({ videoId: 'crash1', reason: CRASH_REASON, retryable: true });
      for (let i = 0; i < 50 && (await broken.rt.adapters.jobs.deadLetters('transcode')).length === 0; i++) {
        await new Promise((r) => setTimeout(r, 20));
      }
      const dead = await broken.rt.adapters.jobs.deadLetters('transcode');
      expect(dead).toHaveLength(1);
      expect(dead[0]).toMatchObject({ data: { videoId: 'crash1' }, attempt: 3 });
      expect(broken.events.filter(of('transcode.failed', 'crash1'))).toHaveLength(1);
      const metrics = await broken.rt.metrics.metrics();
      expect(metrics).toMatch(/framecast_transcoder_jobs_total\{[^}]*result="failed"[^}]*\} 3\n/);
      expect(metrics).toMatch(/framecast_transcoder_queue_depth\{[^}]*state="dead"[^}]*\} 1\n/);
    } finally {
      await broken.close();
    }
  });
});

describe('transcoder whose second run crashes once', () => {
  it('retries the job, which encodes and announces the first renditions again, then completes', {
    timeout: 120_000,
  }, async () => {
    // An ffmpeg that dies the first time it is asked for the upper rungs (`media/run2`), and works otherwise.
    const marker = join(clips, 'crashed-once');
    const flaky = join(clips, 'flaky-ffmpeg');
    const real = execFileSync('sh', ['-c', 'command -v ffmpeg'], { encoding: 'utf8' }).trim();
    await writeFile(
      flaky,
      `#!/bin/sh\ncase "$*" in *run2/manifest.mpd*) [ -e '${marker}' ] || { touch '${marker}'; kill -SEGV $$; } ;; esac\nexec '${real}' "$@"\n`,
      { mode: 0o755 },
    );
    const retried = await startTranscoder({ maxAttempts: 3, backoffMs: () => 20 }, { FFMPEG_PATH: flaky });
    try {
      const originalKey = 'videos/retry1/original';
      await retried.rt.adapters.storage.put(originalKey, await readFile(join(clips, 'hd.mp4')));
      await retried.rt.adapters.jobs.enqueue('transcode', {
        videoId: 'retry1',
        originalKey,
        outputPrefix: 'videos/retry1/',
      });
      const done = await retried.waitForEvent(of('transcode.completed', 'retry1'), 90_000);
      const early = retried.events.filter(of('transcode.renditions', 'retry1'));
      expect(early).toHaveLength(2);
      expect(early.map((e) => (e.payload as { renditions: { name: string }[] }).renditions.length)).toEqual([3, 3]);
      expect(retried.events.indexOf(early[1]!)).toBeLessThan(retried.events.indexOf(done));
      expect(retried.events.filter(of('transcode.failed', 'retry1'))).toEqual([]);
      expect((done.payload as { renditions: unknown[] }).renditions).toHaveLength(5);
      const metrics = await retried.rt.metrics.metrics();
      expect(metrics).toMatch(/framecast_transcoder_jobs_total\{[^}]*result="failed"[^}]*\} 1\n/);
      expect(metrics).toMatch(/framecast_transcoder_jobs_total\{[^}]*result="completed"[^}]*\} 1\n/);
    } finally {
      await retried.close();
    }
  });
});

describe('transcoder without FFmpeg', () => {
  it('starts, leaves jobs queued, and /readyz says FFmpeg is missing', { timeout: 60_000 }, async () => {
    const bare = await startTranscoder({ path: '/nonexistent' });
    try {
      await bare.rt.adapters.jobs.enqueue('transcode', { videoId: 'w1', originalKey: 'x', outputPrefix: 'videos/w1/' });
      const res = await fetch(`${bare.rt.url}/readyz`);
      expect(res.status).toBe(503);
      const body = (await res.json()) as { checks: Record<string, string> };
      expect(body.checks['module:transcoder']).toMatch(/^FFmpeg is not installed/);
      await new Promise((r) => setTimeout(r, 100));
      expect(await bare.rt.adapters.jobs.stats('transcode')).toMatchObject({ waiting: 1 });
    } finally {
      await bare.close();
    }
  });
});
