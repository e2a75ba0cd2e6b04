import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFfmpeg } from './ffmpeg.find.js';
import { FfmpegRunError, runFfmpeg } from './ffmpeg.run.js';

let dir: string;
const found = await findFfmpeg(process.env);
if (!found.ok) throw new Error(`These tests run the real FFmpeg. ${found.reason}`);
const ffmpegPath = found.ffmpeg;
/** Ten seconds of generated picture, encoded to nowhere, slowed to real time so a test can stop it midway. */
const slow = [
  '-v',
  'error',
  '-nostats',
  '-progress',
  'pipe:1',
  '-re',
  '-f',
  'lavfi',
  '-i',
  'testsrc2=size=320x240:rate=25:duration=10',
  '-f',
  'null',
  '-',
];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'framecast-run-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('runFfmpeg', () => {
  it('reports progress and resolves at the end', async () => {
    const seen: number[] = [];
    const args = [
      '-v',
      'error',
      '-nostats',
      '-progress',
      'pipe:1',
      '-f',
      'lavfi',
      '-i',
      'testsrc2=size=160x120:rate=25:duration=2',
      '-f',
      'null',
      '-',
    ];
    await runFfmpeg(args, { ffmpegPath, duration: 2, onProgress: (p) => seen.push(p) });
    expect(seen.at(-1)).toBe(100);
    expect(seen).toEqual([...seen].sort((a, b) => a - b));
  });

  it('drains megabytes of stderr and progress as they come, so ffmpeg never waits on a full pipe', async () => {
    // 10,000 tiny frames: `-debug_ts` logs every packet (about 9 MB of stderr) and `-stats_period` asks for a
    // progress block per frame (about 2 MB on stdout). Both are far beyond a 64 KiB pipe buffer: a runner that
    // reads either pipe late or not at all leaves ffmpeg blocked in write(), and this run never ends.
    const chatty = [
      ...['-v', 'info', '-debug_ts', '-nostats', '-progress', 'pipe:1', '-stats_period', '0.00001'],
      ...['-f', 'lavfi', '-i', 'testsrc2=size=32x32:rate=1000:duration=10', '-f', 'null', '-'],
    ];
    const seen: number[] = [];
    const result = await runFfmpeg(chatty, { ffmpegPath, duration: 10, onProgress: (p) => seen.push(p) });
    expect(seen.at(-1)).toBe(100);
    // Many distinct positions were parsed, not just the end.
    expect(seen.length).toBeGreaterThan(50);
    // Only the last lines are kept, so memory stays flat however much ffmpeg says, and each is whole: a line
    // that arrived split across two reads comes back joined (ffmpeg's closing summary is one line).
    const lines = result.stderr.split('\n');
    expect(lines.length).toBeLessThanOrEqual(12);
    expect(lines.at(-1)).toMatch(/^video:\d+kB .* muxing overhead: \S+$/);
  });

  it('rejects with ffmpeg’s last words when it fails', async () => {
    const error = await runFfmpeg(['-v', 'error', '-i', join(dir, 'missing.mp4'), '-f', 'null', '-'], {
      ffmpegPath,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FfmpegRunError);
    expect((error as FfmpegRunError).exitCode).not.toBe(0);
    expect((error as Error).message).toMatch(/No such file or directory/);
  });

  it('kills the process on abort and rejects with the abort reason', async () => {
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(new Error('stopping')), 300);
    await expect(runFfmpeg(slow, { ffmpegPath, signal: controller.signal })).rejects.toThrow('stopping');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('kills the process after its time limit', async () => {
    await expect(runFfmpeg(slow, { ffmpegPath, timeoutMs: 300 })).rejects.toThrow(/did not finish within 300 ms/);
  });

  it('says when the binary is missing', async () => {
    await expect(runFfmpeg(['-version'], { ffmpegPath: join(dir, 'nope') })).rejects.toThrow(/ffmpeg was not found/);
  });
});

describe('findFfmpeg', () => {
  it('finds both on PATH', async () => {
    expect(await findFfmpeg({ PATH: process.env.PATH })).toMatchObject({ ok: true });
  });

  it('prefers FFMPEG_PATH and FFPROBE_PATH', async () => {
    const fake = join(dir, 'my-ffmpeg');
    await writeFile(fake, '#!/bin/sh\n');
    await chmod(fake, 0o755);
    expect(await findFfmpeg({ PATH: '', FFMPEG_PATH: fake, FFPROBE_PATH: fake })).toEqual({
      ok: true,
      ffmpeg: fake,
      ffprobe: fake,
    });
  });

  it('explains what is missing', async () => {
    const result = await findFfmpeg({ PATH: dir, FFPROBE_PATH: join(dir, 'absent') });
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toBe(
      `FFmpeg is not installed: ffmpeg is not on PATH; FFPROBE_PATH (${join(dir, 'absent')}) is not an executable. Install it with "sudo apt-get install ffmpeg" (Debian, Ubuntu) or "brew install ffmpeg" (macOS), or set FFMPEG_PATH and FFPROBE_PATH.`,
    );
  });
});
