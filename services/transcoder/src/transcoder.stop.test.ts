import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeClip } from '@framecast/media/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTranscoder } from './testing/transcoder.harness.js';

let clips: string;

beforeAll(async () => {
  clips = await mkdtemp(join(tmpdir(), 'framecast-clips-'));
  await makeClip(join(clips, 'long.mp4'), { width: 1280, height: 720, seconds: 12 });
});
afterAll(async () => {
  await rm(clips, { recursive: true, force: true });
});

function ffmpegChildren(): string[] {
  try {
    return execFileSync('pgrep', ['-P', String(process.pid), 'ffmpeg'], { encoding: 'utf8' })
      .split('\n')
      .filter(Boolean);
  } catch {
    return [];
  }
}

describe('stopping the transcoder mid-job', () => {
  it('kills ffmpeg after the shutdown timeout, hands the job back, publishes no outcome', {
    timeout: 120_000,
  }, async () => {
    const h = await startTranscoder({}, { SHUTDOWN_TIMEOUT_MS: '200' });
    const scratch = join(h.dataDir, 'transcode');
    let closed = false;
    try {
      await h.rt.adapters.storage.put('videos/stop1/original', await readFile(join(clips, 'long.mp4')));
      await h.rt.adapters.jobs.enqueue('transcode', {
        videoId: 'stop1',
        originalKey: 'videos/stop1/original',
        outputPrefix: 'videos/stop1/',
      });
      await h.waitForEvent(
        (e) => e.type === 'transcode.progress' && (e.payload as { stage: string }).stage === 'transcoding',
        60_000,
      );
      // Between the ladder's runs there is a moment with no ffmpeg: wait for the one that runs.
      await expect.poll(() => ffmpegChildren().length, { timeout: 10_000, interval: 20 }).toBe(1);

      const metricsBefore = h.rt.metrics;
      await h.rt.close();
      closed = true;
      expect(ffmpegChildren()).toEqual([]);
      expect(h.events.map((e) => e.type)).not.toContain('transcode.completed');
      expect(h.events.map((e) => e.type)).not.toContain('transcode.failed');
      expect(await metricsBefore.metrics()).toMatch(
        /framecast_transcoder_jobs_total\{[^}]*result="handed_back"[^}]*\} 1\n/,
      );
      expect(await readdir(scratch)).toEqual([]);
    } finally {
      if (!closed) await h.rt.close();
      await rm(h.dataDir, { recursive: true, force: true });
    }
  });
});
