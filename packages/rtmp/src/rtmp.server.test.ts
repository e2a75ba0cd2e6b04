import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { AmfObject } from './amf0.types.js';
import type { AudioCodecInfo, VideoCodecInfo } from './codec.info.js';
import type { MediaTag } from './media.tag.js';
import type { PublishSession } from './publish.session.js';
import type { RtmpLimits } from './rtmp.limits.js';
import type { RtmpLogger } from './rtmp.logger.js';
import { createRtmpServer, type RtmpServer, type RtmpServerOptions } from './rtmp.server.js';
import { ProcessGroup } from './testing/processes.js';
import {
  AAC_SEQUENCE_HEADER,
  AVC_SEQUENCE_HEADER,
  aacFrame,
  avcFrame,
  hevcSequenceStart,
} from './testing/sample.media.js';
import { TestPublisher } from './testing/test.publisher.js';

type Line = { level: string; fields: Record<string, unknown>; message: string };

function captureLogger(): { lines: Line[]; logger: RtmpLogger } {
  const lines: Line[] = [];
  const at = (level: string) => (fields: Record<string, unknown>, message: string) => {
    lines.push({ level, fields, message });
  };
  return { lines, logger: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') } };
}

const servers: RtmpServer[] = [];
const publishers: TestPublisher[] = [];
afterEach(async () => {
  for (const p of publishers.splice(0)) p.destroy();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function start(
  options: Partial<RtmpServerOptions<string>> & { limits?: Partial<RtmpLimits> } = {},
): Promise<{ server: RtmpServer; port: number; sessions: PublishSession<string>[]; lines: Line[] }> {
  const { lines, logger } = captureLogger();
  const sessions: PublishSession<string>[] = [];
  const server = createRtmpServer<string>({
    authorize: async (r) =>
      r.key === 'good' ? { ok: true, handle: `h-${r.app}` } : { ok: false, reason: 'Unknown key.' },
    onPublish: (s) => {
      sessions.push(s);
    },
    logger,
    ...options,
  });
  servers.push(server);
  const { port } = await server.listen(0, '127.0.0.1');
  return { server, port, sessions, lines };
}

async function publisher(port: number, options = {}): Promise<TestPublisher> {
  const p = await TestPublisher.open(port, options);
  publishers.push(p);
  return p;
}

/** A raw socket: resolves with how long the server took to close it, or rejects after `timeoutMs`. */
function rawSocket(port: number, send: (socket: ReturnType<typeof connect>) => void, timeoutMs = 5000) {
  return new Promise<number>((resolve, reject) => {
    const started = Date.now();
    const socket = connect({ port, host: '127.0.0.1' }, () => send(socket));
    socket.on('error', () => {});
    socket.resume();
    const t = setTimeout(() => {
      socket.destroy();
      reject(new Error('The server did not close the socket.'));
    }, timeoutMs);
    socket.once('close', () => {
      clearTimeout(t);
      resolve(Date.now() - started);
    });
  });
}

const until = async (condition: () => boolean, timeoutMs = 5000) => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('Condition not met in time.');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('a publish over a socket', () => {
  it('authorizes, then reports metadata, codecs, media and stats, and ends on unpublish', async () => {
    const requests: unknown[] = [];
    const { port, sessions } = await start({
      authorize: async (r) => {
        requests.push(r);
        return { ok: true, handle: 'stream-7' };
      },
    });
    const p = await publisher(port);
    expect(await p.publish('live', 'good')).toBe('NetStream.Publish.Start');
    expect(requests).toMatchObject([{ app: 'live', key: 'good', remoteAddress: '127.0.0.1', streamId: 1 }]);
    await until(() => sessions.length === 1);
    const session = sessions[0]!;
    expect(session).toMatchObject({ app: 'live', key: 'good', handle: 'stream-7' });
    const seen = { metadata: [] as AmfObject[], codecs: [] as (VideoCodecInfo | AudioCodecInfo)[] };
    session.on('metadata', (m) => seen.metadata.push(m));
    session.on('codec', (c) => seen.codecs.push(c));
    const tags: MediaTag[] = [];
    const consumed = (async () => {
      for await (const tag of session.media()) tags.push(tag);
    })();

    p.send(p.script.setChunkSize(4096));
    p.metadata({ width: 640, height: 360, framerate: 30 });
    p.media(9, 0, AVC_SEQUENCE_HEADER);
    p.media(8, 0, AAC_SEQUENCE_HEADER);
    for (let i = 0; i < 30; i++) {
      p.media(9, i * 33, avcFrame(i % 10 === 0, 2000));
      p.media(8, i * 23, aacFrame());
    }
    await until(() => tags.length === 63);
    expect(seen.metadata).toEqual([{ width: 640, height: 360, framerate: 30 }]);
    expect(seen.codecs.map((c) => [c.codec, c.kind === 'video' ? c.width : c.sampleRate])).toEqual([
      ['h264', 640],
      ['aac', 44100],
    ]);
    const stats = session.stats();
    expect(stats).toMatchObject({ videoFrames: 30, audioFrames: 30, keyframes: 3, keyframeInterval: 330 });
    expect(stats.fps).toBeCloseTo(30.3, 0);
    expect(stats.bytesIn).toBeGreaterThan(60_000);
    expect(stats.bitrate).toBeGreaterThan(0);

    p.unpublish('good');
    expect(await session.ended).toMatchObject({ reason: 'unpublished' });
    await consumed;
    await p.waitFor(() => p.script.statusCodes().includes('NetStream.Unpublish.Success'));
  });

  it('refuses a wrong key with BadName and closes the connection', async () => {
    const { port, sessions } = await start();
    const p = await publisher(port);
    expect(await p.publish('live', 'bad')).toBe('NetStream.Publish.BadName');
    await p.closed;
    expect(sessions).toHaveLength(0);
  });

  it('refuses when authorize throws or takes too long', async () => {
    const { port } = await start({
      authorize: (r) => (r.key === 'slow' ? new Promise(() => {}) : Promise.reject(new Error('database down'))),
      limits: { authorizeTimeoutMs: 200 },
    });
    const a = await publisher(port);
    expect(await a.publish('live', 'x')).toBe('NetStream.Publish.BadName');
    const b = await publisher(port);
    expect(await b.publish('live', 'slow')).toBe('NetStream.Publish.BadName');
  });

  it('lets the caller end a stream: NetStream.Publish.Rejected, then the socket closes', async () => {
    const { port, sessions } = await start();
    const p = await publisher(port);
    await p.publish('live', 'good');
    await until(() => sessions.length === 1);
    sessions[0]!.close('The stream key was rotated.');
    await p.closed;
    expect(p.script.statusCodes()).toEqual(['NetStream.Publish.Start', 'NetStream.Publish.Rejected']);
    expect(await sessions[0]!.ended).toEqual({ reason: 'closed', message: 'The stream key was rotated.' });
  });

  it('lets the caller refuse a codec when its sequence header arrives', async () => {
    const { port, sessions } = await start({
      onPublish: (s) => {
        sessions.push(s);
        s.on('codec', (info) => {
          if (info.kind === 'video' && info.enhanced) s.close(`${info.codec} is not accepted.`);
        });
      },
    });
    const p = await publisher(port);
    await p.publish('live', 'good');
    p.media(9, 0, hevcSequenceStart());
    await p.closed;
    const rejected = p.script.commands.filter((c) => c.name === 'onStatus').at(-1);
    expect((rejected?.values[1] as AmfObject | undefined)?.description).toBe('hevc is not accepted.');
  });

  it('closes the session of a publisher that vanishes', async () => {
    const { port, sessions } = await start();
    const p = await publisher(port);
    await p.publish('live', 'good');
    await until(() => sessions.length === 1);
    p.destroy();
    expect(await sessions[0]!.ended).toMatchObject({ reason: 'disconnected' });
  });

  it('serves RTMPS with a key and certificate', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rtmps-'));
    const processes = new ProcessGroup();
    try {
      const openssl = processes.run(
        'openssl',
        [
          ...['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1'],
          ...['-subj', '/CN=localhost', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')],
        ],
        10_000,
      );
      const made = await openssl.done;
      expect(made.code, made.stderr).toBe(0);
      const tls = { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) };
      const { port, sessions } = await start({ tls });
      const p = await publisher(port, { tls: true });
      expect(await p.publish('live', 'good')).toBe('NetStream.Publish.Start');
      await until(() => sessions.length === 1);
    } finally {
      processes.stopAll();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('robustness', () => {
  it('closes a garbage client at once, with one log line, and keeps serving others', async () => {
    const { port, lines } = await start();
    const took = await rawSocket(port, (s) => s.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n'));
    expect(took).toBeLessThan(1000);
    const closes = lines.filter((l) => l.message === 'rtmp: connection closed');
    expect(closes).toHaveLength(1);
    expect(String(closes[0]!.fields.reason)).toMatch(/handshake_version/);
    const p = await publisher(port);
    expect(await p.publish('live', 'good')).toBe('NetStream.Publish.Start');
  });

  it('closes a client that stalls mid-handshake, and one that never speaks', async () => {
    const { port } = await start({ limits: { handshakeTimeoutMs: 300 } });
    const [stalled, silent] = await Promise.all([
      rawSocket(port, (s) => s.write(Buffer.alloc(700, 3))),
      rawSocket(port, () => {}),
    ]);
    expect(stalled).toBeGreaterThanOrEqual(250);
    expect(stalled).toBeLessThan(2000);
    expect(silent).toBeLessThan(2000);
  });

  it('stops the handshake timeout once the handshake is done', async () => {
    const { port } = await start({ limits: { handshakeTimeoutMs: 200 } });
    const p = await publisher(port);
    await new Promise((r) => setTimeout(r, 400));
    expect(await p.publish('live', 'good')).toBe('NetStream.Publish.Start');
  });

  it('closes a half-open client: it sent its FIN mid-handshake', async () => {
    const { port } = await start();
    const took = await rawSocket(port, (s) => s.end(Buffer.alloc(100, 3)));
    expect(took).toBeLessThan(1000);
  });

  it('closes a connection idle after its handshake', async () => {
    const { port } = await start({ limits: { idleTimeoutMs: 300 } });
    const p = await publisher(port);
    await p.closed;
  });

  it('closes a connection that never publishes', async () => {
    const { port } = await start({ limits: { publishTimeoutMs: 300 } });
    const p = await publisher(port);
    p.send(p.script.connect());
    await p.closed;
  });

  it('closes a connection whose chunk stream breaks a limit', async () => {
    const { port, lines } = await start({ limits: { maxMessageSize: 10_000 } });
    const p = await publisher(port);
    await p.publish('live', 'good');
    p.media(9, 0, avcFrame(true, 20_000));
    await p.closed;
    expect(lines.some((l) => String(l.fields.reason).startsWith('message_too_large'))).toBe(true);
  });

  it('drops connections past the per-address limit', async () => {
    const { port, lines, server } = await start({ limits: { maxConnectionsPerAddress: 2 } });
    await publisher(port);
    await publisher(port);
    await until(() => server.connectionCount === 2);
    await rawSocket(port, () => {}, 2000);
    expect(lines.some((l) => l.message.includes('too many connections'))).toBe(true);
  });
});

describe('backpressure', () => {
  it('pauses the socket while the consumer is behind, and loses nothing', async () => {
    const { port, sessions } = await start({ limits: { maxQueuedBytes: 64 * 1024 } });
    const p = await publisher(port);
    await p.publish('live', 'good');
    await until(() => sessions.length === 1);
    const session = sessions[0]!;
    p.send(p.script.setChunkSize(65536));
    p.media(9, 0, AVC_SEQUENCE_HEADER);
    const frames = 400;
    for (let i = 0; i < frames; i++) p.media(9, i * 33, avcFrame(i % 30 === 0, 10_000));
    await until(() => session.stats().paused);
    const held = session.stats().queuedBytes;
    expect(held).toBeGreaterThan(64 * 1024);
    // Bounded: the high-water mark plus what one read brought, not the 4 MB sent.
    expect(held).toBeLessThan(1024 * 1024);
    let count = 0;
    for await (const tag of session.media()) {
      count += 1;
      if (tag.kind === 'video' && tag.timestamp === (frames - 1) * 33) break;
    }
    expect(count).toBe(frames + 1);
  });

  it('closes a connection whose consumer stalls past its timeout', async () => {
    const { port, sessions } = await start({ limits: { maxQueuedBytes: 16 * 1024, consumerStallTimeoutMs: 300 } });
    const p = await publisher(port);
    await p.publish('live', 'good');
    await until(() => sessions.length === 1);
    for (let i = 0; i < 50; i++) p.media(9, i * 33, avcFrame(false, 5000));
    expect(await sessions[0]!.ended).toMatchObject({ reason: 'timeout' });
  });

  it('releases the queue when the FLV stream is destroyed: the publisher is not held', async () => {
    const { port, sessions } = await start({ limits: { maxQueuedBytes: 16 * 1024 } });
    const p = await publisher(port);
    await p.publish('live', 'good');
    await until(() => sessions.length === 1);
    const session = sessions[0]!;
    session.flv().destroy();
    for (let i = 0; i < 40; i++) p.media(9, i * 33, avcFrame(false, 2000));
    await until(() => session.stats().videoFrames === 40);
    expect(session.stats()).toMatchObject({ paused: false, queuedBytes: 0 });
  });

  it('streams FLV bytes through a Readable', async () => {
    const { port, sessions } = await start();
    const p = await publisher(port);
    await p.publish('live', 'good');
    await until(() => sessions.length === 1);
    const chunks: Buffer[] = [];
    const flv = sessions[0]!.flv();
    flv.on('data', (c: Buffer) => chunks.push(c));
    p.metadata({ width: 640, height: 360, videocodecid: 7 });
    p.media(9, 0, AVC_SEQUENCE_HEADER);
    p.media(9, 0, avcFrame(true));
    p.unpublish('good');
    await new Promise((r) => flv.once('end', r));
    const all = Buffer.concat(chunks);
    expect(all.subarray(0, 5).toString('hex')).toBe('464c560101'); // video only, as onMetaData says
    expect(all[13]).toBe(18);
    expect(() => sessions[0]!.media()).toThrow(/once/);
  });
});

describe('server shutdown', () => {
  it('tells publishers, ends sessions and closes every socket', async () => {
    const { server, port, sessions } = await start();
    servers.splice(servers.indexOf(server), 1);
    const p = await publisher(port);
    await p.publish('live', 'good');
    const idle = await publisher(port);
    await until(() => sessions.length === 1);
    await server.close();
    await Promise.all([p.closed, idle.closed]);
    expect(p.script.statusCodes().at(-1)).toBe('NetStream.Publish.Rejected');
    expect(await sessions[0]!.ended).toMatchObject({ reason: 'closed' });
    expect(server.connectionCount).toBe(0);
  });
});
