import { mkdir, mkdtemp, readFile, rm, stat, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDashManifest } from './dash.manifest.js';
import { buildThumbnailArgs, buildTranscodeArgs } from './ffmpeg.args.js';
import { findFfmpeg } from './ffmpeg.find.js';
import { planStoryboard } from './storyboard.plan.js';
import { keyframeTimes, makeAudioOnly, makeClip, videoFacts } from './testing/clips.js';
import { recordingFfmpeg } from './testing/ffmpeg.recorder.js';
import { type TranscodeDone, type TranscodePart, transcode } from './transcode.pipeline.js';

let dir: string;
const found = await findFfmpeg(process.env);
if (!found.ok) throw new Error(`These tests run the real FFmpeg. ${found.reason}`);
const ffmpeg = { ffmpeg: found.ffmpeg, ffprobe: found.ffprobe };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'framecast-media-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function run(name: string, input: string) {
  const outDir = join(dir, name);
  const progress: [string, number][] = [];
  const parts: { part: TranscodePart; master: string; files: string[] }[] = [];
  const outcome = await transcode({
    input,
    outDir,
    ffmpeg,
    onProgress: (s, p) => progress.push([s, p]),
    onPlayable: async (part) => {
      // What a publisher would find at that moment: the part's files and manifests, while the rest is encoded.
      const master = await readFile(join(outDir, 'media', 'master.m3u8'), 'utf8');
      const present = await Promise.all(part.files.map((f) => stat(join(outDir, f)).then(() => f)));
      parts.push({ part, master, files: present });
    },
  });
  return { outDir, outcome, progress, parts };
}

function done(outcome: Awaited<ReturnType<typeof transcode>>): TranscodeDone {
  if (!outcome.ok) throw new Error(`expected a transcode, got: ${outcome.reason}`);
  return outcome;
}

describe('transcode (real ffmpeg)', () => {
  it('encodes a 720p clip in two runs: 360p/240p + audio playable first, then 720p/480p, aligned, in HLS and DASH', {
    timeout: 90_000,
  }, async () => {
    const input = join(dir, 'hd.mp4');
    await makeClip(input, { width: 1280, height: 720, seconds: 9 });
    const { outDir, outcome, progress, parts } = await run('hd', input);
    const result = done(outcome);

    // The first part: the lowest renditions with the audio and the pictures, and manifests listing only them.
    expect(parts).toHaveLength(1);
    const first = parts[0]!;
    expect(first.part.renditions.map((r) => r.name)).toEqual(['360p', '240p', 'audio']);
    expect(first.master.match(/#EXT-X-STREAM-INF/g)).toHaveLength(2);
    expect(first.master).toContain('URI="run1/media_2.m3u8"');
    expect(first.files).toEqual(first.part.files);
    expect(first.part.files).toEqual(
      expect.arrayContaining([
        'media/master.m3u8',
        'media/manifest.mpd',
        'media/run1/init-0.m4s',
        'poster.jpg',
        'storyboard.vtt',
      ]),
    );
    expect(first.part.files.some((f) => f.startsWith('media/run2/'))).toBe(false);
    expect(first.part.outputs.storyboard).toBe('storyboard.vtt');

    expect(result.renditions.map((r) => r.name)).toEqual(['720p', '480p', '360p', '240p', 'audio']);
    expect(result.renditions.slice(0, 4).map((r) => [r.width, r.height])).toEqual([
      [1280, 720],
      [854, 480],
      [640, 360],
      [426, 240],
    ]);
    expect(result.renditions.every((r) => r.codecs.length > 0)).toBe(true);
    expect(result.duration).toBeGreaterThan(8.5);
    expect(result.duration).toBeLessThan(9.5);
    // The whole: the second run's files and the rewritten manifests, nothing handed over already.
    expect(result.files.filter((f) => f.startsWith('media/run1/') || f.endsWith('.jpg'))).toEqual([]);
    expect(result.files).toEqual(
      expect.arrayContaining(['media/master.m3u8', 'media/manifest.mpd', 'media/run2/init-0.m4s']),
    );
    // ffmpeg's own per-run manifests are replaced by ours.
    expect(result.files).not.toContain('media/run2/manifest.mpd');
    expect(result.files).not.toContain('media/run2/master.m3u8');

    // Every rendition, from either run, plays at its planned size for the source's duration, with keyframes and
    // segment boundaries at the same instants, so a player can switch between runs.
    const master = await readFile(join(outDir, 'media', 'master.m3u8'), 'utf8');
    const variants = master.split('\n').filter((l) => l.endsWith('.m3u8') && !l.startsWith('#'));
    expect(variants).toEqual(['run2/media_0.m3u8', 'run2/media_1.m3u8', 'run1/media_0.m3u8', 'run1/media_1.m3u8']);
    const playlists = variants.map((v) => join(outDir, 'media', v));
    const facts = await Promise.all(playlists.map((p) => videoFacts(p)));
    facts.forEach((f, i) => {
      expect([f.width, f.height]).toEqual([result.renditions[i]!.width, result.renditions[i]!.height]);
      expect(Math.abs(f.duration - 9)).toBeLessThan(0.5);
    });
    const keyframes = await Promise.all(playlists.map((p) => keyframeTimes(p)));
    expect(keyframes[0]!.length).toBeGreaterThanOrEqual(3);
    for (const k of keyframes) expect(k).toEqual(keyframes[0]);
    const durations = await Promise.all(
      playlists.map(async (p) => (await readFile(p, 'utf8')).match(/#EXTINF:[\d.]+/g)),
    );
    for (const d of durations) expect(d).toEqual(durations[0]);

    for (const r of result.renditions.slice(0, 4)) expect(master).toContain(`RESOLUTION=${r.width}x${r.height}`);
    expect(master).toContain('TYPE=AUDIO');

    const manifest = parseDashManifest(await readFile(join(outDir, 'media', 'manifest.mpd'), 'utf8'));
    expect(manifest.representations.filter((r) => r.kind === 'video').map((r) => [r.width, r.height])).toEqual(
      facts.map((f) => [f.width, f.height]),
    );
    expect(manifest.representations.filter((r) => r.kind === 'audio')).toHaveLength(1);
    // Every file the manifest names exists.
    for (const r of manifest.representations) {
      await stat(join(outDir, 'media', r.template!.initialization));
      await stat(join(outDir, 'media', r.template!.media.replace('$Number%05d$', '00001')));
    }

    expect((await stat(join(outDir, 'poster.jpg'))).size).toBeGreaterThan(1000);
    expect((await stat(join(outDir, 'storyboard.jpg'))).size).toBeGreaterThan(1000);
    expect(await videoFacts(join(outDir, 'poster.jpg'))).toMatchObject({ width: 1280, height: 720 });
    expect(await videoFacts(join(outDir, 'thumbnail.jpg'))).toMatchObject({ width: 480, height: 270 });
    const vtt = await readFile(join(outDir, 'storyboard.vtt'), 'utf8');
    expect(vtt.startsWith('WEBVTT')).toBe(true);
    expect(vtt).toContain('storyboard.jpg#xywh=0,0,160,90');
    expect(result.outputs).toEqual({
      hls: 'media/master.m3u8',
      dash: 'media/manifest.mpd',
      poster: 'poster.jpg',
      thumbnail: 'thumbnail.jpg',
      storyboard: 'storyboard.vtt',
    });

    expect(progress[0]).toEqual(['probing', 0]);
    const encoding = progress.filter(([s]) => s === 'transcoding').map(([, p]) => p);
    expect(encoding.length).toBeGreaterThan(2);
    expect(encoding).toEqual([...encoding].sort((a, b) => a - b));
    expect(progress.at(-1)).toEqual(['packaging', 100]);
  });

  it('kills the second run and rejects when publishing the first part fails', async () => {
    const input = join(dir, 'publish-fails.mp4');
    await makeClip(input, { width: 1280, height: 720, seconds: 3 });
    const failure = new Error('storage is down');
    await expect(
      transcode({
        input,
        outDir: join(dir, 'publish-fails'),
        ffmpeg,
        onPlayable: async () => {
          throw failure;
        },
      }),
    ).rejects.toBe(failure);
  });

  it('never upscales: a silent 640×360 clip gives 360p and 240p, without an audio rendition', async () => {
    const input = join(dir, 'small.mp4');
    await makeClip(input, { width: 640, height: 360, seconds: 3, audio: false });
    const { outDir, outcome } = await run('small', input);
    const result = done(outcome);
    expect(result.renditions.map((r) => `${r.name}:${r.width}x${r.height}`)).toEqual(['360p:640x360', '240p:426x240']);
    const master = await readFile(join(outDir, 'media', 'master.m3u8'), 'utf8');
    expect(master).not.toContain('TYPE=AUDIO');
    expect(master.match(/#EXT-X-STREAM-INF/g)).toHaveLength(2);
  });

  it('encodes a short ladder in one run and tells no early part', async () => {
    const input = join(dir, 'short-ladder.mp4');
    await makeClip(input, { width: 640, height: 360, seconds: 3 });
    const { outcome, parts } = await run('short-ladder', input);
    const result = done(outcome);
    expect(parts).toEqual([]);
    expect(result.renditions.map((r) => r.name)).toEqual(['360p', '240p', 'audio']);
    expect(result.files).toEqual(expect.arrayContaining(['media/master.m3u8', 'media/run1/init-0.m4s', 'poster.jpg']));
  });

  it('ends no playlist with a sliver when the video lasts a whole number of segments', async () => {
    // FFmpeg would end the audio of a 4 s video with a segment of one AAC frame, which hls.js never finishes playing.
    const input = join(dir, 'whole-segments.mp4');
    await makeClip(input, { width: 640, height: 360, seconds: 4 });
    const { outDir, outcome } = await run('whole-segments', input);
    done(outcome);
    const master = await readFile(join(outDir, 'media', 'master.m3u8'), 'utf8');
    const playlists = [...master.matchAll(/(?:URI="|^)(run\d+\/media_\d+\.m3u8)/gm)].map((m) => m[1]!);
    expect(playlists.length).toBe(3);
    for (const p of playlists) {
      const durations = [...(await readFile(join(outDir, 'media', p), 'utf8')).matchAll(/#EXTINF:([\d.]+)/g)].map((m) =>
        Number(m[1]),
      );
      expect(durations.at(-1)).toBeGreaterThanOrEqual(0.1);
      expect(durations.reduce((a, b) => a + b, 0)).toBeGreaterThan(3.9);
    }
  });

  it('spawns exactly the planned ffmpeg commands: the first run, the pictures, the second run', async () => {
    // What the benchmark compares against: the pipeline may add probing and bookkeeping, never another run or
    // different arguments from what the planners return.
    const input = join(dir, 'planned.mp4');
    await makeClip(input, { width: 1280, height: 720, seconds: 3 });
    const records = join(dir, 'planned-runs');
    await mkdir(records);
    const recorder = await recordingFfmpeg(records, ffmpeg.ffmpeg);
    const outDir = join(dir, 'planned');
    const result = done(await transcode({ input, outDir, ffmpeg: { ...ffmpeg, ffmpeg: recorder.path } }));

    const top = result.plan.video[0]!;
    const storyboard = planStoryboard(result.duration, top.width, top.height);
    expect(storyboard).not.toBeNull();
    const [first, second] = result.plan.runs;
    const opts = { sourceFrameRate: result.source.frameRate };
    expect(await recorder.runs()).toEqual([
      buildTranscodeArgs(input, result.plan, first!, outDir, opts),
      buildThumbnailArgs(
        input,
        { at: result.duration * 0.1, width: top.width, height: top.height },
        { plan: storyboard!, from: join(outDir, 'media', 'run1', 'media_1.m3u8') },
        outDir,
      ),
      buildTranscodeArgs(input, result.plan, second!, outDir, opts),
    ]);
  });

  it('rejects a text file named .mp4, a cut-off upload, an empty file and an audio-only file', async () => {
    const text = join(dir, 'notes.mp4');
    await writeFile(text, 'These are my holiday notes, not a video.\n'.repeat(50));
    const cut = join(dir, 'cut.mp4');
    await makeClip(cut, { width: 320, height: 240, seconds: 3 });
    await truncate(cut, Math.floor((await stat(cut)).size / 2));
    const empty = join(dir, 'empty.mp4');
    await writeFile(empty, '');
    const audio = join(dir, 'song.m4a');
    await makeAudioOnly(audio, 2);

    const reasons = await Promise.all(
      [text, cut, empty, audio].map(async (input, i) => {
        const { outcome } = await run(`bad${i}`, input);
        return outcome.ok ? 'transcoded' : outcome.reason;
      }),
    );
    expect(reasons).toEqual([
      'This file is not a video we can read.',
      'The video file is incomplete or damaged; please upload it again.',
      'The video is empty.',
      'The video has no picture (audio only).',
    ]);
  });

  it('rejects a cut-off upload whose index is at the front (the data runs out mid-way)', async () => {
    const input = join(dir, 'cut-faststart.mp4');
    await makeClip(input, { width: 320, height: 240, seconds: 6, faststart: true });
    await truncate(input, Math.floor((await stat(input)).size / 2));
    const { outcome } = await run('cut-faststart', input);
    expect(outcome).toEqual({ ok: false, reason: 'The video file is incomplete or damaged; please upload it again.' });
  });
});
