import { execFile } from 'node:child_process';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFfmpeg } from './ffmpeg.process.js';
import { buildLiveArgs, type LiveMux, liveOutputFds } from './live.args.js';
import { planLiveLadder } from './live.ladder.js';

const run = promisify(execFile);
/** Fragments of whole frames, at most 200 ms, as a reader of the pipes asks for them. */
const mux: LiveMux = (output) => {
  const frame = output.kind === 'video' ? 1 / output.fps : output.frameSamples / output.sampleRate;
  const frames = Math.floor(0.2 / frame + 1e-9);
  const flags = '+empty_moov+default_base_moof+frag_keyframe+separate_moof';
  return ['-f', 'mp4', '-movflags', flags, '-frag_duration', String(Math.floor(frames * frame * 1e6) - 1)];
};
const ffmpeg = process.env.FFMPEG_PATH ?? 'ffmpeg';
const ffprobe = process.env.FFPROBE_PATH ?? 'ffprobe';
let dir: string;
let source: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'framecast-live-args-'));
  source = join(dir, 'source.flv');
  // What a publisher sends: H.264 with a keyframe a second, AAC, in FLV.
  await run(ffmpeg, [
    ...['-hide_banner', '-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=640x360:rate=30'],
    ...['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000', '-t', '4'],
    ...['-c:v', 'libx264', '-preset', 'ultrafast', '-g', '30', '-keyint_min', '30', '-sc_threshold', '0'],
    ...['-pix_fmt', 'yuv420p', '-c:a', 'aac', '-f', 'flv', source],
  ]);
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** The top-level boxes of an MP4 byte string, by type. */
function boxTypes(bytes: Buffer): string[] {
  const types: string[] = [];
  for (let at = 0; at + 8 <= bytes.length; ) {
    const size = bytes.readUInt32BE(at);
    types.push(bytes.toString('latin1', at + 4, at + 8));
    if (size < 8) break;
    at += size;
  }
  return types;
}

const collect = async (stream: Readable) => {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
};

describe('the live transcoder argv, run by FFmpeg', () => {
  it('writes each rendition and the audio as fragmented MP4 to its own pipe, keyframes aligned', async () => {
    const plan = planLiveLadder({
      videoCodec: 'h264',
      width: 640,
      height: 360,
      fps: 30,
      keyframeInterval: 1,
      audioCodec: 'aac',
    });
    const fds = liveOutputFds(plan);
    expect(fds).toEqual({ video: [3, 4], audio: 5 });
    // Its own process group (startFfmpeg), ended as a group if the test fails half-way.
    const child = startFfmpeg(buildLiveArgs(plan, { mux }), { ffmpegPath: ffmpeg, outputs: 3 });
    try {
      const outputs = child.outputs.map((output) => collect(output));
      createReadStream(source).pipe(child.stdin);
      const [top, low, audio] = await Promise.all(outputs);
      const { code, stderr } = await child.exited;
      expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
      expect(child.progress()).toMatchObject({ progress: 'end' });

      for (const bytes of [top!, low!, audio!]) {
        const types = boxTypes(bytes);
        expect(types.slice(0, 2)).toEqual(['ftyp', 'moov']);
        // About 200 ms fragments over 4 s.
        expect(types.filter((t) => t === 'moof').length).toBeGreaterThanOrEqual(15);
        expect(types.filter((t) => t === 'moof').length).toBe(types.filter((t) => t === 'mdat').length);
      }
      const keyframes = async (bytes: Buffer, name: string) => {
        const file = join(dir, name);
        await writeFile(file, bytes);
        const { stdout } = await run(ffprobe, [
          ...['-v', 'error', '-select_streams', 'v:0', '-skip_frame', 'nokey'],
          ...['-show_entries', 'frame=pts_time', '-of', 'csv=p=0', file],
        ]);
        return (stdout.match(/\d+\.\d+/g) ?? []).map(Number);
      };
      const topKeys = await keyframes(top!, 'top.mp4');
      const lowKeys = await keyframes(low!, 'low.mp4');
      expect(topKeys).toEqual([0, 1, 2, 3]);
      expect(lowKeys).toEqual(topKeys);
    } finally {
      await child.stop(0);
    }
  });
});
