import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { AmfObject } from './amf0.types.js';
import type { AudioCodecInfo, VideoCodecInfo } from './codec.info.js';
import type { PublishSession } from './publish.session.js';
import { createRtmpServer, type RtmpServer } from './rtmp.server.js';
import { FFMPEG, FFPROBE, ProcessGroup, publisherArgs } from './testing/processes.js';

interface Seen {
  session: PublishSession<string>;
  codecs: (VideoCodecInfo | AudioCodecInfo)[];
  metadata: AmfObject[];
}

const processes = new ProcessGroup();
let dir: string;
let server: RtmpServer;
let port: number;
const warnings: string[] = [];
const handshakes: string[] = [];
/** Sessions by key; `onPublish` below fills it, each test reads it. */
const seen = new Map<string, Seen>();
/** What each test does with a session's media, by key. */
const consumers = new Map<string, (session: PublishSession<string>) => void>();

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rtmp-int-'));
  server = createRtmpServer<string>({
    authorize: async (r) =>
      r.app === 'live' && r.key.startsWith('KEY') ? { ok: true, handle: r.key } : { ok: false, reason: 'Unknown key.' },
    onPublish: (session) => {
      const entry: Seen = { session, codecs: [], metadata: [] };
      seen.set(session.key, entry);
      session.on('codec', (c) => entry.codecs.push(c));
      session.on('metadata', (m) => entry.metadata.push(m));
      consumers.get(session.key)?.(session);
    },
    limits: { handshakeTimeoutMs: 1000, idleTimeoutMs: 2000 },
    logger: {
      debug: (fields, message) => {
        if (message === 'rtmp: handshake done') handshakes.push(String(fields.form));
      },
      info: () => {},
      warn: (fields, message) => warnings.push(`${message} ${JSON.stringify(fields)}`),
      error: (fields, message) => warnings.push(`ERROR ${message} ${String(fields.err)}`),
    },
  });
  ({ port } = await server.listen(0, '127.0.0.1'));
});

afterEach(() => {
  processes.stopAll();
  consumers.clear();
});

afterAll(async () => {
  processes.stopAll();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const url = (key: string) => `rtmp://127.0.0.1:${port}/live/${key}`;

/** ffprobe's JSON on a file or on stdin (`-`), every packet read (`-count_packets`). */
function probe(input: string) {
  const args = ['-v', 'error', '-count_packets', '-show_entries'];
  args.push('stream=codec_name,width,height,sample_rate,nb_read_packets,start_time:format=format_name', '-of', 'json');
  args.push(...(input === '-' ? ['-f', 'flv', '-i', 'pipe:0'] : [input]));
  return processes.run(FFPROBE, args, 30_000);
}

type Probed = {
  streams: { codec_name: string; width?: number; height?: number; nb_read_packets: string; start_time: string }[];
  format: { format_name: string };
};

/** A raw client: resolves with the milliseconds until the server closed it. */
function rawClient(act: (socket: ReturnType<typeof connect>) => void): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket = connect({ port, host: '127.0.0.1' }, () => act(socket));
    socket.on('error', () => {});
    socket.resume();
    const t = setTimeout(() => reject(new Error('not closed by the server')), 10_000);
    socket.once('close', () => {
      clearTimeout(t);
      resolve(Date.now() - started);
    });
  });
}

describe('FFmpeg publishing to the server', () => {
  it('is accepted: codec info and metadata are seen, and the FLV output reads back as H.264 + AAC', async () => {
    const file = join(dir, 'out.flv');
    let written: Promise<void> | undefined;
    consumers.set('KEY1', (session) => {
      written = pipeline(session.flv(), createWriteStream(file));
    });
    const ffmpeg = processes.run(FFMPEG, publisherArgs(url('KEY1'), 3), 30_000);
    const result = await ffmpeg.done;
    expect(result.code, result.stderr).toBe(0);
    const entry = seen.get('KEY1')!;
    expect(await entry.session.ended).toMatchObject({ reason: 'unpublished' });
    await written;

    const video = entry.codecs.find((c) => c.kind === 'video');
    expect(video).toMatchObject({ codec: 'h264', enhanced: false, width: 640, height: 360 });
    expect(entry.codecs.find((c) => c.kind === 'audio')).toMatchObject({ codec: 'aac', sampleRate: 44100 });
    expect(entry.metadata[0]).toMatchObject({ width: 640, height: 360, framerate: 30, videocodecid: 7 });
    const stats = entry.session.stats();
    expect(stats.videoFrames).toBeGreaterThanOrEqual(85);
    expect(stats.keyframeInterval).toBe(1000);
    expect(stats.fps).toBeCloseTo(30, 0);

    const probed = await probe(file).done;
    expect(probed.code, probed.stderr).toBe(0);
    const info = JSON.parse(probed.stdout) as Probed;
    expect(info.format.format_name).toBe('flv');
    expect(info.streams.map((s) => s.codec_name).sort()).toEqual(['aac', 'h264']);
    const h264 = info.streams.find((s) => s.codec_name === 'h264')!;
    expect([h264.width, h264.height]).toEqual([640, 360]);
    expect(Number(h264.nb_read_packets)).toBe(stats.videoFrames);
  });

  it('answers FFmpeg in the digest form, which FFmpeg verifies when it reads; reading is then refused', async () => {
    const before = handshakes.length;
    // As a reader FFmpeg checks the S1 digest and the S2 signature ("Server response validating failed",
    // "Signature mismatch" otherwise), then asks to play, which this server refuses.
    const reader = processes.run(FFMPEG, ['-hide_banner', '-nostdin', '-i', url('KEY1'), '-f', 'null', '-'], 30_000);
    const result = await reader.done;
    expect(result.code).not.toBe(0);
    expect(result.stderr).not.toMatch(/validating failed|Signature mismatch|handshake/i);
    expect(result.stderr).toContain('This server only takes publishers.');
    expect(handshakes.slice(before)).toEqual(['digest']);
  });

  it('refuses a wrong key: FFmpeg is told and exits non-zero', async () => {
    const ffmpeg = processes.run(FFMPEG, publisherArgs(url('WRONG'), 5), 30_000);
    const result = await ffmpeg.done;
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('Unknown key.');
    expect(seen.has('WRONG')).toBe(false);
  });

  it('closes garbage, stalled and half-open clients while another publisher keeps streaming', async () => {
    const videoTimes: number[] = [];
    consumers.set('KEY2', (session) => {
      void (async () => {
        for await (const tag of session.media()) {
          if (tag.kind === 'video' && tag.header.packet === 'coded-frames') videoTimes.push(Date.now());
        }
      })();
    });
    const ffmpeg = processes.run(FFMPEG, publisherArgs(url('KEY2'), 5), 30_000);
    const deadline = Date.now() + 10_000;
    while (!seen.has('KEY2') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(seen.has('KEY2')).toBe(true);

    const closes = await Promise.all([
      rawClient((s) => s.write(Buffer.from('\x16\x03\x01\x02\x00garbage, not RTMP'))),
      rawClient((s) => s.write(Buffer.alloc(600, 3))), // C0 and part of C1, then nothing
      rawClient((s) => s.end(Buffer.alloc(1000, 3))), // part of the handshake, then FIN
      rawClient(() => {}), // connects and never speaks
    ]);
    expect(closes[0]).toBeLessThan(500);
    expect(closes[1]).toBeGreaterThanOrEqual(900);
    expect(closes[1]).toBeLessThan(3000);
    expect(closes[2]).toBeLessThan(500);
    expect(closes[3]).toBeLessThan(3000);

    const result = await ffmpeg.done;
    expect(result.code, result.stderr).toBe(0);
    expect(await seen.get('KEY2')!.session.ended).toMatchObject({ reason: 'unpublished' });
    // The publisher's frames kept arriving at its pace: no stall while the others were dealt with.
    expect(videoTimes.length).toBeGreaterThanOrEqual(140);
    const gaps = videoTimes.slice(1).map((t, i) => t - videoTimes[i]!);
    expect(Math.max(...gaps)).toBeLessThan(700);
    expect(warnings.filter((w) => w.includes('handshake_version'))).toHaveLength(1);
    expect(warnings.filter((w) => w.startsWith('ERROR'))).toEqual([]);
  });

  it('takes streams whose timestamps start just below and just past 0xFFFFFF ms, and their FLV still parses', async () => {
    // FFmpeg sends the sequence headers at 0 and then deltas: starting at 16777.0 s the clock crosses 0xFFFFFF in
    // small steps (no extended field); at 16777.3 s the first delta is itself past 0xFFFFFF, so its header and the
    // type-3 chunks of that keyframe carry the extended field.
    const probes = new Map<string, ReturnType<typeof probe>>();
    const durations = new Map<string, number>();
    for (const key of ['KEY3', 'KEY4']) {
      consumers.set(key, (session) => {
        const probing = probe('-');
        probes.set(key, probing);
        session.flv().pipe(probing.child.stdin!);
        void session.ended.then(() => durations.set(key, session.stats().mediaDurationMs));
      });
    }
    const below = processes.run(FFMPEG, publisherArgs(url('KEY3'), 2, ['-output_ts_offset', '16777.0']), 30_000);
    const past = processes.run(FFMPEG, publisherArgs(url('KEY4'), 2, ['-output_ts_offset', '16777.3']), 30_000);
    for (const run of [below, past]) {
      const result = await run.done;
      expect(result.code, result.stderr).toBe(0);
    }
    for (const [key, start] of [
      ['KEY3', 16777.0],
      ['KEY4', 16777.3],
    ] as const) {
      const entry = seen.get(key)!;
      await entry.session.ended;
      const probed = await probes.get(key)!.done;
      expect(probed.code, probed.stderr).toBe(0);
      const info = JSON.parse(probed.stdout) as Probed;
      const h264 = info.streams.find((s) => s.codec_name === 'h264')!;
      expect(Number(h264.start_time)).toBeCloseTo(start, 1);
      expect(Number(h264.nb_read_packets)).toBe(entry.session.stats().videoFrames);
      // The clock went past 0xFFFFFF ms and the frame rate, from those timestamps, is still right.
      expect(start * 1000 + durations.get(key)!).toBeGreaterThan(0xffffff);
      expect(entry.session.stats().fps).toBeCloseTo(30, 0);
      expect(entry.session.stats().lateFrames).toBe(0);
    }
    expect(seen.get('KEY3')!.session.stats().extendedTimestampHeaders).toBe(0);
    expect(seen.get('KEY4')!.session.stats().extendedTimestampHeaders).toBeGreaterThan(0);
  });
});
