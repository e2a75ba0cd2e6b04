import { type ChildProcess, execFile, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fragmentedOutputArgs, keyframeArgs } from './ffmpeg.live.args.js';
import { type LivePackager, type PartEvent, type RecordedRendition, startLivePackager } from './live.packager.js';
import type { LiveResponse } from './live.response.js';
import { concat } from './mp4.boxes.js';
import { MemorySink } from './sink.memory.js';
import { lowLatencyProblems, parsePlaylist } from './testing/playlist.check.js';

const PART_TARGET = 0.2;
const SECONDS = 6;
const AAC_FRAME = 1024 / 48000;

const video = (size: string, bitrate: string, pipe: number) => [
  ...['-map', '0:v', '-c:v', 'libx264', '-preset', 'veryfast', '-tune', 'zerolatency', '-threads', '1'],
  ...['-s', size, '-b:v', bitrate, '-pix_fmt', 'yuv420p'],
  ...keyframeArgs({ segmentTarget: 1, frameRate: 30 }),
  ...fragmentedOutputArgs({ partTarget: PART_TARGET, frameSeconds: 1 / 30 }),
  `pipe:${pipe}`,
];

/** Real time test signal into two video rungs and one AAC output, each on its own pipe. */
const ffmpegArgs = (seconds: number) => [
  ...['-hide_banner', '-nostdin', '-loglevel', 'error'],
  ...['-re', '-f', 'lavfi', '-i', `testsrc2=size=640x360:rate=30:duration=${seconds}`],
  ...['-re', '-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:duration=${seconds}`],
  ...video('640x360', '600k', 3),
  ...video('426x240', '250k', 4),
  ...['-map', '1:a', '-c:a', 'aac', '-b:a', '96k', '-ar', '48000', '-ac', '2'],
  ...fragmentedOutputArgs({ partTarget: PART_TARGET, frameSeconds: AAC_FRAME }),
  'pipe:5',
];

/** FFmpeg in its own process group, so a test ends exactly what it started; its three outputs as inputs. */
function startFfmpeg(seconds: number) {
  const child = spawn('ffmpeg', ffmpegArgs(seconds), {
    detached: true,
    stdio: ['ignore', 'ignore', 'pipe', 'pipe', 'pipe', 'pipe'],
  });
  const stderr: string[] = [];
  child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const pipe = (n: number) => child.stdio[n] as Readable;
  const inputs = [
    { name: '360p', stream: pipe(3) },
    { name: '240p', stream: pipe(4) },
    { name: 'audio', stream: pipe(5) },
  ];
  return { child, stderr, exited, inputs };
}

function killGroup(child: ChildProcess | undefined): void {
  if (child?.exitCode === null && child.signalCode === null && child.pid) {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
}

const run = promisify(execFile);

/**
 * Frames ffprobe decodes from a file and the time they span. (For fragmented MP4 its `duration` counts from zero, so
 * a segment starting at 1 s reports 2: the span is `duration - start_time`.)
 */
async function ffprobe(file: string): Promise<{ span: number; start: number; frames: number; packets: number }> {
  const { stdout } = await run('ffprobe', [
    ...['-v', 'error', '-count_frames', '-count_packets', '-select_streams', '0'],
    ...['-show_entries', 'stream=nb_read_frames,nb_read_packets:format=start_time,duration', '-of', 'json', file],
  ]);
  const probe = JSON.parse(stdout) as {
    streams: { nb_read_frames: string; nb_read_packets: string }[];
    format: { start_time: string; duration: string };
  };
  const start = Number(probe.format.start_time);
  const stream = probe.streams[0];
  return {
    span: Number(probe.format.duration) - start,
    start,
    frames: Number(stream?.nb_read_frames),
    packets: Number(stream?.nb_read_packets),
  };
}

function checkLowLatencyPlaylist(text: string) {
  const playlist = parsePlaylist(text);
  expect(lowLatencyProblems(playlist)).toEqual([]);
  return playlist;
}

const text = (r: LiveResponse) => {
  if (r.status !== 200) throw new Error(`${r.status} ${r.code}: ${r.message}`);
  if (typeof r.body !== 'string' && !(r.body instanceof Uint8Array)) throw new Error('a chunked body');
  return typeof r.body === 'string' ? r.body : new TextDecoder().decode(r.body);
};

describe('the packager on a real FFmpeg ladder', () => {
  let child: ChildProcess;
  let packager: LivePackager;
  let recording: RecordedRendition[];
  const sink = new MemorySink();
  const parts: (PartEvent & { at: number })[] = [];
  let midStream: Record<string, string> = {};
  let blocking: Promise<{ issuedAt: number; answeredAt: number; response: LiveResponse }> | null = null;
  let tooFar: LiveResponse[] = [];
  let dir: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'packager-'));
    const ffmpeg = startFfmpeg(SECONDS);
    child = ffmpeg.child;
    packager = startLivePackager({ inputs: ffmpeg.inputs, sink, config: { partTarget: PART_TARGET } });
    packager.on('part', (event) => {
      parts.push({ ...event, at: performance.now() });
      if (event.rendition !== '360p') return;
      if (event.msn === 2 && event.index === 0 && !blocking) {
        // Right after part 2.0 lands, ask for 2.1: held ~200 ms, until it lands.
        const issuedAt = performance.now();
        blocking = packager.playlist('360p', { _HLS_msn: '2', _HLS_part: '1' }).then((response) => ({
          issuedAt,
          answeredAt: performance.now(),
          response,
        }));
        tooFar = [];
        void Promise.all([
          packager.playlist('360p', { _HLS_msn: '5' }),
          packager.playlist('360p', { _HLS_msn: '2', _HLS_part: '20' }),
          packager.playlist('360p', { _HLS_part: '1' }),
        ]).then((answers) => {
          tooFar = answers;
        });
      }
      if (event.msn === 4 && event.index === 2) {
        void Promise.all(['360p', '240p', 'audio'].map((r) => packager.playlist(r))).then(([a, b, c]) => {
          midStream = { '360p': text(a!), '240p': text(b!), audio: text(c!) };
        });
      }
    });
    recording = await packager.done;
    expect(await ffmpeg.exited, ffmpeg.stderr.join('')).toBe(0);
  }, 60_000);

  afterAll(async () => {
    killGroup(child);
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('makes parts of about 200 ms, none longer than PART-TARGET, each soon after its media', () => {
    const byRendition = (name: string) => parts.filter((p) => p.rendition === name);
    for (const name of ['360p', '240p', 'audio']) {
      const durations = byRendition(name).map((p) => p.duration);
      expect(durations.length).toBeGreaterThan(20);
      expect(Math.max(...durations)).toBeLessThanOrEqual(PART_TARGET + 1e-9);
    }
    const video = byRendition('360p').map((p) => p.duration);
    expect(video.filter((d) => Math.abs(d - 0.2) < 1e-6).length).toBe(video.length);
    const audio = byRendition('audio').map((p) => p.duration);
    expect(audio.filter((d) => Math.abs(d - 9 * AAC_FRAME) < 1e-6).length).toBeGreaterThan(audio.length * 0.6);
    // FFmpeg flushes each fragment as it completes: video parts land as their fragment does. An audio part that ends
    // a segment mid-fragment waits for the rest of that fragment (under 192 ms).
    expect(Math.max(...byRendition('360p').map((p) => p.latencyMs))).toBeLessThan(150);
    expect(Math.max(...byRendition('audio').map((p) => p.latencyMs))).toBeLessThan(350);
  });

  it('cuts 1 s segments aligned across renditions: the same msn starts at the same time', () => {
    const [high, low, audio] = recording;
    expect(high!.segments.map((s) => s.duration)).toEqual(Array(SECONDS).fill(1));
    expect(low!.segments.map((s) => [s.msn, s.start])).toEqual(high!.segments.map((s) => [s.msn, s.start]));
    for (const s of audio!.segments.slice(0, SECONDS)) {
      const v = high!.segments[s.msn]!;
      expect(Math.abs(s.start - v.start)).toBeLessThanOrEqual(AAC_FRAME + 1e-6);
      expect(Math.abs(s.programDateTime - v.programDateTime)).toBeLessThanOrEqual(Math.ceil(AAC_FRAME * 1000));
    }
  });

  it('held a blocking reload for the next part and answered it when the part landed', async () => {
    expect(blocking).not.toBeNull();
    const { issuedAt, answeredAt, response } = await blocking!;
    const landed = parts.find((p) => p.rendition === '360p' && p.msn === 2 && p.index === 1)!;
    expect(answeredAt).toBeGreaterThanOrEqual(landed.at);
    expect(answeredAt - issuedAt).toBeGreaterThan(100);
    expect(text(response)).toContain('#EXT-X-PART:DURATION=0.20000,URI="2.1.m4s"\n');
    expect(tooFar.map((r) => r.status)).toEqual([400, 400, 400]);
  });

  it('served valid playlists while live, and after the end', async () => {
    expect(Object.keys(midStream)).toEqual(['360p', '240p', 'audio']);
    for (const [name, playlist] of Object.entries(midStream)) {
      const parsed = checkLowLatencyPlaylist(playlist);
      expect(parsed.segments.length, name).toBe(4);
      expect(parsed.segments.at(-1)!.parts.length, name).toBeGreaterThan(0);
      expect(playlist).toMatch(/#EXT-X-PRELOAD-HINT:TYPE=PART,URI="4\.\d\.m4s"/);
      expect(playlist.match(/#EXT-X-RENDITION-REPORT/g)).toHaveLength(2);
    }
    const final = text(await packager.playlist('360p'));
    expect(checkLowLatencyPlaylist(final).segments).toHaveLength(SECONDS);
    expect(final.endsWith('#EXT-X-ENDLIST\n')).toBe(true);
    const multivariant = new TextDecoder().decode(sink.files.get('ll.m3u8')!.bytes);
    expect(multivariant).toMatch(
      /CODECS="avc1\.[0-9a-f]{6},mp4a\.40\.2",RESOLUTION=640x360,FRAME-RATE=30\.000,AUDIO="audio"\n360p\/ll\.m3u8/,
    );
    expect(new TextDecoder().decode(sink.files.get('manifest.mpd')!.bytes)).toContain('<S t="0" d="15360" r="5"/>');
  });

  it('writes segments that play in ffprobe with the expected duration', async () => {
    const bytes = (key: string) => sink.files.get(key)!.bytes;
    const file = async (name: string, keys: string[]) => {
      const path = join(dir, name);
      await writeFile(path, concat(keys.map(bytes)));
      return path;
    };
    const one = await ffprobe(await file('360p-1.mp4', ['360p/init.mp4', '360p/1.m4s']));
    expect(one).toEqual({ frames: 30, packets: 30, start: 1, span: 1 });
    const [high, , audio] = recording;
    const all = await ffprobe(await file('360p.mp4', ['360p/init.mp4', ...high!.segments.map((s) => s.key)]));
    expect(all).toEqual({ frames: 30 * SECONDS, packets: 30 * SECONDS, start: 0, span: SECONDS });
    const sound = await ffprobe(await file('audio.mp4', ['audio/init.mp4', ...audio!.segments.map((s) => s.key)]));
    expect(sound.start).toBe(0);
    expect(sound.span).toBeCloseTo(SECONDS, 1);
    // A part is a CMAF chunk of its own: the first of a segment decodes alone, the others demux alone.
    expect(await ffprobe(await file('part0.mp4', ['240p/init.mp4', '240p/3.0.m4s']))).toMatchObject({
      frames: 6,
      packets: 6,
    });
    expect(await ffprobe(await file('part2.mp4', ['240p/init.mp4', '240p/3.2.m4s']))).toMatchObject({ packets: 6 });
  });
});

describe('the packager ended while FFmpeg still streams', () => {
  let child: ChildProcess | undefined;
  afterAll(() => killGroup(child));

  it('closes the open segments, writes the final playlists and closes the pipes, which ends FFmpeg', async () => {
    const ffmpeg = startFfmpeg(60);
    child = ffmpeg.child;
    const sink = new MemorySink();
    const packager = startLivePackager({ inputs: ffmpeg.inputs, sink, config: { partTarget: PART_TARGET } });
    const second = new Promise<void>((resolve) =>
      packager.on('segment', (e) => {
        if (e.rendition === '360p' && e.msn === 1) resolve();
      }),
    );
    await second;
    const recording = await packager.end();
    expect(recording[0]!.segments.map((s) => s.msn)).toEqual([0, 1, 2]);
    expect(recording[0]!.segments[2]!.duration).toBeLessThan(1);
    const plain = new TextDecoder().decode(sink.files.get('360p/index.m3u8')!.bytes);
    expect(plain.endsWith('2.m4s\n#EXT-X-ENDLIST\n')).toBe(true);
    // FFmpeg finds its pipes closed and stops by itself, well before its 60 s.
    const code = await Promise.race([
      ffmpeg.exited,
      new Promise((resolve) => setTimeout(() => resolve('running'), 5000)),
    ]);
    expect(code).not.toBe('running');
  }, 30_000);
});
