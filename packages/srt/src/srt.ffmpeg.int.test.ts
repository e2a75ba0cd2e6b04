import { createSocket } from 'node:dgram';
import { readdirSync, readFileSync } from 'node:fs';
import { FFMPEG, FFPROBE, ProcessGroup } from '@framecast/rtmp/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { HandshakeType, withCookie } from './srt.handshake.js';
import type { SrtLogger } from './srt.logger.js';
import { createSrtServer, type SrtServer } from './srt.server.js';
import type { SrtSession } from './srt.session.js';
import { callerArgs, srtUrl } from './testing/caller.args.js';
import { callerInductionPacket } from './testing/caller.packets.js';
import { CAPTURED_STREAM_ID, callerConclusion } from './testing/ffmpeg.capture.js';
import { TestCaller } from './testing/test.caller.js';

const PASSPHRASES: Record<string, string> = {
  'live/one': 'correct-horse-battery',
  'live/two': 'another-good-passphrase',
  [CAPTURED_STREAM_ID]: 'correct-horse-battery',
};

const processes = new ProcessGroup();
const lines: { level: string; message: string; fields: Record<string, unknown> }[] = [];
const logger: SrtLogger = {
  debug: () => {},
  info: (fields, message) => lines.push({ level: 'info', message, fields }),
  warn: (fields, message) => lines.push({ level: 'warn', message, fields }),
  error: (fields, message) => lines.push({ level: 'error', message, fields }),
};
/** Sessions by Stream ID, and what each test does with one when it starts. */
const sessions = new Map<string, SrtSession<string>>();
const consumers = new Map<string, (session: SrtSession<string>) => void>();
let server: SrtServer;
let port: number;

beforeAll(async () => {
  server = createSrtServer<string>({
    ffmpegPath: FFMPEG,
    authorize: async (r) => {
      const passphrase = PASSPHRASES[r.streamId];
      if (passphrase === undefined) return { ok: false, reason: `No stream ${r.streamId}.`, code: 'notFound' };
      if (r.sessions.length > 0) return { ok: false, reason: `${r.sessions[0]!.id} is on air.`, code: 'conflict' };
      return { ok: true, handle: `handle:${r.streamId}`, passphrase };
    },
    onPublish: (session) => {
      sessions.set(session.streamId, session);
      consumers.get(session.streamId)?.(session);
    },
    limits: { idleTimeoutMs: 2000 },
    logger,
  });
  ({ port } = await server.listen(0, '127.0.0.1'));
});

afterEach(() => {
  processes.stopAll();
  sessions.clear();
  consumers.clear();
});

afterAll(async () => {
  processes.stopAll();
  await server.close();
  expect(listeners()).toEqual([]);
});

/** Our FFmpeg listeners still running: children of this process with a `mode=listener` URL. */
function listeners(): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (ppid === process.pid && cmdline.includes('mode=listener')) found.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

const until = async (predicate: () => boolean, ms: number) => {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
};

type Probed = { streams: { codec_name: string; width?: number; height?: number; nb_read_packets: string }[] };

/** Pipes a session's FLV into ffprobe, which reads every packet of it. */
function probeFlv(session: SrtSession<string>) {
  const args = ['-v', 'error', '-count_packets', '-show_entries', 'stream=codec_name,width,height,nb_read_packets'];
  const probe = processes.run(FFPROBE, [...args, '-of', 'json', '-f', 'flv', '-i', 'pipe:0'], 30_000);
  session.flv().pipe(probe.child.stdin!);
  return probe.done.then((result) => {
    expect(result.code, result.stderr).toBe(0);
    return JSON.parse(result.stdout) as Probed;
  });
}

/**
 * The caller's pattern, `seconds` long at 30 fps, but for its last few hundred milliseconds: libsrt drops what its
 * receiver still holds for TSBPD when the caller's SHUTDOWN comes (a caller straight to a listener loses as much).
 */
function expectTestPattern(info: Probed, seconds: number) {
  expect(info.streams.map((s) => s.codec_name).sort()).toEqual(['aac', 'h264']);
  const video = info.streams.find((s) => s.codec_name === 'h264')!;
  expect([video.width, video.height]).toEqual([640, 360]);
  expect(Number(video.nb_read_packets)).toBeGreaterThanOrEqual(seconds * 30 - 20);
  expect(Number(video.nb_read_packets)).toBeLessThanOrEqual(seconds * 30);
}

describe('FFmpeg callers on the one port', () => {
  it('takes a caller with the right Stream ID and passphrase: its FLV is the H.264 + AAC it sent', async () => {
    let probed: Promise<Probed> | undefined;
    consumers.set('live/one', (s) => {
      probed = probeFlv(s);
    });
    const caller = processes.run(FFMPEG, callerArgs(srtUrl(port, 'live/one', PASSPHRASES['live/one']!), 5), 30_000);
    const result = await caller.done;
    expect(result.code, result.stderr).toBe(0);
    const session = sessions.get('live/one')!;
    expect(session).toMatchObject({ handle: 'handle:live/one', remoteAddress: '127.0.0.1' });
    expect(await session.ended).toMatchObject({ reason: 'unpublished' });
    expectTestPattern(await probed!, 5);
    const stats = session.stats();
    expect(stats.packetsIn).toBeGreaterThan(300);
    expect(stats.bytesIn).toBeGreaterThan(stats.packetsIn * 188);
    expect(stats.flvBytes).toBeGreaterThan(100_000);
    expect(stats.rttMs).toBeGreaterThan(0);
    expect(stats.retransmittedPackets).toBe(0);
    expect(listeners()).toEqual([]);
  });

  it('passes a wrong passphrase to libsrt, which refuses it: the caller fails at once, no session', async () => {
    const started = Date.now();
    const caller = processes.run(FFMPEG, callerArgs(srtUrl(port, 'live/one', 'not-the-passphrase'), 5), 30_000);
    const result = await caller.done;
    expect(result.code).not.toBe(0);
    expect(result.stderr).toContain('Incorrect passphrase');
    expect(Date.now() - started).toBeLessThan(2500);
    expect(sessions.has('live/one')).toBe(false);
    const refused = lines.filter((l) => l.message === 'srt: caller refused' && l.fields.streamId === 'live/one');
    expect(refused.at(-1)?.fields.why).toBe('libsrt refused the caller: badSecret');
    await until(() => server.handshakeCount === 0 && listeners().length === 0, 5000);
  });

  it('refuses an unknown Stream ID before any FFmpeg starts, at once, with the reason logged', async () => {
    const started = Date.now();
    const caller = processes.run(FFMPEG, callerArgs(srtUrl(port, 'live/unknown', 'correct-horse-battery'), 5), 30_000);
    const result = await caller.done;
    expect(result.code).not.toBe(0);
    // libsrt 1.5 names our code's range only; the caller's SRT stack has the number (1000 + 1404).
    expect(result.stderr).toContain('Application-defined rejection reason');
    expect(Date.now() - started).toBeLessThan(1500);
    expect(
      lines.find((l) => l.message === 'srt: caller refused' && l.fields.why === 'No stream live/unknown.'),
    ).toMatchObject({ fields: { reason: 'notFound' } });
    expect(listeners()).toEqual([]);
  });

  it('takes two callers on two Stream IDs at once, each to its own FFmpeg', async () => {
    const probes = new Map<string, Promise<Probed>>();
    for (const id of ['live/one', 'live/two']) consumers.set(id, (s) => probes.set(id, probeFlv(s)));
    const runs = ['live/one', 'live/two'].map((id) =>
      processes.run(FFMPEG, callerArgs(srtUrl(port, id, PASSPHRASES[id]!), 4), 30_000),
    );
    await until(() => server.sessionCount === 2, 10_000);
    expect(listeners()).toHaveLength(2);
    for (const run of runs) {
      const result = await run.done;
      expect(result.code, result.stderr).toBe(0);
    }
    for (const id of ['live/one', 'live/two']) {
      expect(sessions.get(id)!.handle).toBe(`handle:${id}`);
      expect(await sessions.get(id)!.ended).toMatchObject({ reason: 'unpublished' });
      expectTestPattern(await probes.get(id)!, 4);
    }
  });

  it('ends the session of a caller killed mid-stream after the idle timeout, FFmpeg with it', async () => {
    consumers.set('live/two', (s) => s.flv().resume());
    const caller = processes.run(FFMPEG, callerArgs(srtUrl(port, 'live/two', PASSPHRASES['live/two']!), 30), 40_000);
    await until(() => (sessions.get('live/two')?.stats().flvBytes ?? 0) > 50_000, 10_000);
    processes.stop(caller.child);
    const killedAt = Date.now();
    const end = await sessions.get('live/two')!.ended;
    // Our idle timeout (2 s here) comes before libsrt's own (5 s).
    expect(end.reason).toBe('timeout');
    expect(Date.now() - killedAt).toBeGreaterThanOrEqual(1500);
    expect(Date.now() - killedAt).toBeLessThan(4500);
    expect(listeners()).toEqual([]);
  });

  it('lets authorize refuse a second caller on a Stream ID on air; closes a session: the caller is told, stops', async () => {
    consumers.set('live/one', (s) => s.flv().resume());
    const url = srtUrl(port, 'live/one', PASSPHRASES['live/one']!);
    const caller = processes.run(FFMPEG, callerArgs(url, 30), 40_000);
    await until(() => (sessions.get('live/one')?.stats().flvBytes ?? 0) > 50_000, 10_000);
    const second = await processes.run(FFMPEG, callerArgs(url, 5), 30_000).done;
    expect(second.code).not.toBe(0);
    expect(lines.at(-1)).toMatchObject({ message: 'srt: caller refused', fields: { reason: 'conflict' } });
    expect(lines.at(-1)?.fields.why).toBe(`${sessions.get('live/one')!.id} is on air.`);
    const closedAt = Date.now();
    sessions.get('live/one')!.close('The stream key was rotated.');
    expect(await sessions.get('live/one')!.ended).toEqual({ reason: 'closed', message: 'The stream key was rotated.' });
    await caller.done;
    expect(Date.now() - closedAt).toBeLessThan(4000);
    expect(listeners()).toEqual([]);
  });

  it("ends with an error when FFmpeg cannot remux the caller's stream, with FFmpeg's words", async () => {
    consumers.set('live/one', (s) => s.flv().resume());
    const url = srtUrl(port, 'live/one', PASSPHRASES['live/one']!);
    const caller = processes.run(FFMPEG, callerArgs(url, 10, ['-c:v', 'mpeg2video']), 30_000);
    await until(() => sessions.has('live/one'), 10_000);
    const end = await sessions.get('live/one')!.ended;
    expect(end.reason).toBe('error');
    expect(end.message).toMatch(/^FFmpeg failed \(1\): .*incompatible with output codec/);
    expect((await caller.done).code).not.toBe(0);
    expect(listeners()).toEqual([]);
  });

  it('ends a session whose FLV nobody reads, FFmpeg blocked on its stdout', async () => {
    const stalled = createSrtServer<string>({
      ffmpegPath: FFMPEG,
      authorize: async () => ({ ok: true, handle: 'h', passphrase: PASSPHRASES['live/one']! }),
      onPublish: (session) => {
        sessions.set(session.streamId, session);
      },
      limits: { consumerStallTimeoutMs: 1500 },
    });
    try {
      const { port: stalledPort } = await stalled.listen(0, '127.0.0.1');
      const url = srtUrl(stalledPort, 'live/one', PASSPHRASES['live/one']!);
      processes.run(FFMPEG, callerArgs(url, 30), 40_000);
      await until(() => sessions.has('live/one'), 10_000);
      expect(await sessions.get('live/one')!.ended).toEqual({
        reason: 'timeout',
        message: 'Nobody read the FLV for 1500 ms.',
      });
    } finally {
      await stalled.close();
    }
    expect(listeners()).toEqual([]);
  });

  it('ends a session whose caller starts over from the same port, and answers the new connection', async () => {
    const caller = await TestCaller.open(port);
    try {
      // A real caller's conclusion, replayed with a fresh cookie: its key material is good for the passphrase.
      const { cookie } = await caller.induction();
      expect((await caller.concludeWith(withCookie(callerConclusion, cookie), 3000)).kind).toBe('accepted');
      await until(() => sessions.has(CAPTURED_STREAM_ID), 2000);
      caller.send(callerInductionPacket({ socketId: 0x5eed }));
      expect(await sessions.get(CAPTURED_STREAM_ID)!.ended).toEqual({
        reason: 'disconnected',
        message: 'The caller started a new connection from the same port.',
      });
      expect((await caller.induction()).type).toBe(HandshakeType.induction);
    } finally {
      await caller.close();
    }
    expect(listeners()).toEqual([]);
  });

  it('relays ARQ: with data packets dropped on the way in, libsrt asks again and the caller resends them', async () => {
    // A lossy hop between the caller and the server: every 20th first-time data packet from the caller is dropped.
    const hop = createSocket('udp4');
    let callerAddress: { port: number; address: string } | undefined;
    let dataPackets = 0;
    let dropped = 0;
    hop.on('message', (datagram, from) => {
      if (from.port === port) {
        if (callerAddress) hop.send(datagram, callerAddress.port, callerAddress.address);
        return;
      }
      callerAddress = from;
      const isData = (datagram[0]! & 0x80) === 0;
      const firstSend = (datagram.readUInt32BE(4) & 0x04000000) === 0;
      if (isData && firstSend && ++dataPackets % 20 === 0) {
        dropped++;
        return;
      }
      hop.send(datagram, port, '127.0.0.1');
    });
    await new Promise<void>((resolve) => hop.bind(0, '127.0.0.1', resolve));
    let probed: Promise<Probed> | undefined;
    consumers.set('live/two', (s) => {
      probed = probeFlv(s);
    });
    const url = srtUrl(hop.address().port, 'live/two', PASSPHRASES['live/two']!);
    const result = await processes.run(FFMPEG, callerArgs(url, 4), 30_000).done;
    hop.close();
    expect(result.code, result.stderr).toBe(0);
    const session = sessions.get('live/two')!;
    await session.ended;
    expectTestPattern(await probed!, 4);
    const stats = session.stats();
    expect(dropped).toBeGreaterThan(10);
    expect(stats.lossReports).toBeGreaterThan(0);
    // Every dropped packet was reported lost and sent again, but for the last ones, cut off by the caller's end.
    expect(stats.lostPackets).toBeGreaterThanOrEqual(dropped - 2);
    expect(stats.retransmittedPackets).toBeGreaterThanOrEqual(dropped - 2);
    expect(stats.packetsIn).toBe(dataPackets - dropped + stats.retransmittedPackets);
  });
});
