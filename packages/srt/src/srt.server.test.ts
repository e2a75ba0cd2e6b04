import { afterEach, describe, expect, it } from 'vitest';
import type { SrtAuthorize, SrtAuthorizeRequest } from './srt.authorize.js';
import { HandshakeType, SRT_MAGIC } from './srt.handshake.js';
import type { SrtLogger } from './srt.logger.js';
import { rejectReasons } from './srt.reject.js';
import { createSrtServer, type SrtServer, type SrtServerOptions } from './srt.server.js';
import { callerConclusionPacket } from './testing/caller.packets.js';
import { TestCaller } from './testing/test.caller.js';

type Line = { level: string; fields: Record<string, unknown>; message: string };

function captureLogger(): { lines: Line[]; logger: SrtLogger } {
  const lines: Line[] = [];
  const at = (level: string) => (fields: Record<string, unknown>, message: string) => {
    lines.push({ level, fields, message });
  };
  return { lines, logger: { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error') } };
}

const servers: SrtServer[] = [];
const callers: TestCaller[] = [];
afterEach(async () => {
  await Promise.all(callers.splice(0).map((c) => c.close()));
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** A server whose `authorize` records its requests and refuses unless told otherwise; no FFmpeg is ever found. */
async function start(options: Partial<SrtServerOptions<string>> = {}) {
  const { lines, logger } = captureLogger();
  const requests: SrtAuthorizeRequest<string>[] = [];
  const authorize: SrtAuthorize<string> = options.authorize ?? (async () => ({ ok: false, reason: 'No such stream.' }));
  const server = createSrtServer<string>({
    ffmpegPath: '/nonexistent/ffmpeg',
    onPublish: () => {},
    logger,
    ...options,
    authorize: (request, context) => {
      requests.push(request);
      return authorize(request, context);
    },
  });
  servers.push(server);
  const { port } = await server.listen(0, '127.0.0.1');
  return { server, port, lines, requests };
}

async function caller(port: number, bindAddress?: string): Promise<TestCaller> {
  const c = await TestCaller.open(port, { bindAddress });
  callers.push(c);
  return c;
}

/** An `authorize` that answers only when the test says so (or when aborted). */
function heldAuthorize() {
  const waiting: { request: SrtAuthorizeRequest<string>; signal: AbortSignal }[] = [];
  const authorize: SrtAuthorize<string> = (request, { signal }) => {
    waiting.push({ request, signal });
    return new Promise(() => {});
  };
  return { authorize, waiting };
}

const until = async (predicate: () => boolean, ms = 2000) => {
  const deadline = Date.now() + ms;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('the handshake front', () => {
  it("answers an induction as a version 5 listener: the magic, a cookie, the caller's socket as destination", async () => {
    const { port } = await start();
    const c = await caller(port);
    const answer = await c.induction();
    expect(answer).toMatchObject({ version: 5, extensionFlags: SRT_MAGIC, type: HandshakeType.induction });
    expect(answer.destination).toBe(c.socketId);
    expect(answer.cookie).not.toBe(0);
    expect((await c.induction()).cookie).toBe(answer.cookie);
  });

  it('refuses an unknown Stream ID at once with the code authorize gave, and says why in the log', async () => {
    const { port, lines, requests } = await start({
      authorize: async (r) => ({ ok: false, reason: `No stream ${r.streamId}.`, code: 'notFound' }),
    });
    const c = await caller(port);
    const answer = await c.conclude({ streamId: 'live/nope', keyLength: 16 });
    expect(answer).toMatchObject({ kind: 'rejected', reason: rejectReasons.notFound });
    expect(answer.ms).toBeLessThan(500);
    expect(requests).toEqual([
      { streamId: 'live/nope', remoteAddress: '127.0.0.1', remotePort: expect.any(Number), sessions: [], pending: 0 },
    ]);
    expect(lines.find((l) => l.message === 'srt: caller refused')?.fields).toMatchObject({
      reason: 'notFound',
      why: 'No stream live/nope.',
    });
  });

  it('refuses with forbidden when authorize gives no code, and repeats the refusal without asking again', async () => {
    const { port, requests } = await start();
    const c = await caller(port);
    const { cookie } = await c.induction();
    const first = await c.conclude({ streamId: 'x', keyLength: 16, cookie });
    const again = await c.conclude({ streamId: 'x', keyLength: 16, cookie });
    expect(first).toMatchObject({ kind: 'rejected', reason: rejectReasons.forbidden });
    expect(again).toMatchObject({ kind: 'rejected', reason: rejectReasons.forbidden });
    expect(requests).toHaveLength(1);
  });

  it('stays silent to a conclusion without its cookie, and never asks authorize about it', async () => {
    const { port, requests } = await start();
    const c = await caller(port);
    const answer = await c.conclude({ streamId: 'x', keyLength: 16, cookie: 12345 }, 300);
    expect(answer.kind).toBe('silence');
    expect(requests).toHaveLength(0);
  });

  it('refuses a caller without a passphrase as unsecure before authorize', async () => {
    const { port, requests } = await start();
    const c = await caller(port);
    expect(await c.conclude({ streamId: 'live/a' })).toMatchObject({
      kind: 'rejected',
      reason: rejectReasons.unsecure,
    });
    expect(requests).toHaveLength(0);
  });

  it('refuses when authorize throws, takes too long, or gives a passphrase libsrt cannot use', async () => {
    let mode = 'throw';
    const { port, lines } = await start({
      limits: { authorizeTimeoutMs: 200 },
      authorize: (_r, { signal }) => {
        if (mode === 'throw') return Promise.reject(new Error('database down'));
        if (mode === 'short') return Promise.resolve({ ok: true, handle: 'h', passphrase: 'short' });
        return new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason)));
      },
    });
    expect(await (await caller(port)).conclude({ streamId: 'a', keyLength: 16 })).toMatchObject({
      reason: rejectReasons.unavailable,
    });
    mode = 'hang';
    const slow = await (await caller(port)).conclude({ streamId: 'a', keyLength: 16 });
    expect(slow).toMatchObject({ kind: 'rejected', reason: rejectReasons.unavailable });
    expect(slow.ms).toBeGreaterThanOrEqual(190);
    mode = 'short';
    expect(await (await caller(port)).conclude({ streamId: 'a', keyLength: 16 })).toMatchObject({
      reason: rejectReasons.internalError,
    });
    expect(lines.filter((l) => l.level === 'error').map((l) => l.message)).toEqual([
      'srt: authorize gave a passphrase libsrt cannot use (10-79 bytes)',
    ]);
  });

  it('refuses with internalError when FFmpeg cannot start, and holds nothing after', async () => {
    const { server, port, lines } = await start({
      authorize: async () => ({ ok: true, handle: 'h', passphrase: 'correct-horse-battery' }),
    });
    const answer = await (await caller(port)).conclude({ streamId: 'live/a', keyLength: 16 });
    expect(answer).toMatchObject({ kind: 'rejected', reason: rejectReasons.internalError });
    await until(() => server.handshakeCount === 0);
    expect(server.sessionCount).toBe(0);
    expect(lines.find((l) => l.message === 'srt: caller refused' && l.fields.conn)?.fields.why).toMatch(/FFmpeg/);
  });
});

describe('limits', () => {
  it('bounds handshakes in progress per address and in all, refusing the rest with backlog', async () => {
    const held = heldAuthorize();
    const { server, port } = await start({
      authorize: held.authorize,
      limits: { maxHandshakes: 3, maxHandshakesPerAddress: 2 },
    });
    const a1 = await caller(port);
    const a2 = await caller(port);
    const a3 = await caller(port);
    const b1 = await caller(port, '127.0.0.2');
    const c1 = await caller(port, '127.0.0.3');
    for (const c of [a1, a2])
      c.send(
        callerConclusionPacket({
          socketId: c.socketId,
          cookie: (await c.induction()).cookie,
          streamId: 's',
          keyLength: 16,
        }),
      );
    await until(() => held.waiting.length === 2);
    expect(await a3.conclude({ streamId: 's', keyLength: 16 })).toMatchObject({ reason: rejectReasons.backlog });
    const b = await b1.induction();
    b1.send(callerConclusionPacket({ socketId: b1.socketId, cookie: b.cookie, streamId: 's', keyLength: 16 }));
    await until(() => held.waiting.length === 3);
    expect(server.handshakeCount).toBe(3);
    expect(await c1.conclude({ streamId: 's', keyLength: 16 })).toMatchObject({ reason: rejectReasons.backlog });
    // What authorize is told: the other callers with the same Stream ID still in their handshake.
    expect(held.waiting.map((w) => w.request.pending)).toEqual([0, 1, 2]);
    expect(held.waiting.map((w) => w.request.remoteAddress)).toEqual(['127.0.0.1', '127.0.0.1', '127.0.0.2']);
  });

  it('ignores garbage datagrams and keeps answering', async () => {
    const { port, lines } = await start();
    const c = await caller(port);
    const garbage = [
      Buffer.alloc(0),
      Buffer.from('hello'),
      Buffer.alloc(16, 0xff),
      Buffer.alloc(70, 0x80),
      Buffer.from('80000000000000000000000000000000', 'hex'),
      Buffer.concat([Buffer.from('8000000000000000', 'hex'), Buffer.alloc(60, 0xff)]),
    ];
    for (const g of garbage) c.send(g);
    expect((await c.induction()).type).toBe(HandshakeType.induction);
    expect(lines.filter((l) => l.level === 'error' || l.level === 'warn')).toEqual([]);
  });

  it('close refuses callers being authorized (their signal aborts) and resolves', async () => {
    const held = heldAuthorize();
    const { server, port } = await start({ authorize: held.authorize });
    const c = await caller(port);
    const answer = c.conclude({ streamId: 's', keyLength: 16 });
    await until(() => held.waiting.length === 1);
    await server.close();
    expect(held.waiting[0]!.signal.aborted).toBe(true);
    expect(await answer).toMatchObject({ kind: 'rejected', reason: rejectReasons.close });
    expect(server.handshakeCount).toBe(0);
  });
});
