import { randomBytes } from 'node:crypto';
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import type { AddressInfo } from 'node:net';
import { planHandshake } from './handshake.plan.js';
import { askAuthorize, type SrtAuthorize } from './srt.authorize.js';
import { CookieJar } from './srt.cookie.js';
import { SrtError } from './srt.error.js';
import {
  type ConclusionRequest,
  type Handshake,
  inductionResponse,
  parseHandshake,
  rejection,
} from './srt.handshake.js';
import { resolveLimits, type SrtLimits } from './srt.limits.js';
import { type SrtLogger, silentLogger } from './srt.logger.js';
import { ControlType, parseHeader } from './srt.packet.js';
import { rejectReasons, type SrtRejectReason } from './srt.reject.js';
import { CallerRelay } from './srt.relay.js';
import { RelaySession, type SrtSession } from './srt.session.js';

/** What `createSrtServer` takes: the caller's decisions, FFmpeg, limits and logger; no global state. */
export interface SrtServerOptions<Handle> {
  /** Decides on a caller from its Stream ID, before any FFmpeg starts. */
  authorize: SrtAuthorize<Handle>;
  /** Called once per connection libsrt accepted, with the session to read. */
  onPublish(session: SrtSession<Handle>): void | Promise<void>;
  /** The FFmpeg to run, built with libsrt (Debian's is). */
  ffmpegPath: string;
  /** How long FFmpeg reads the MPEG-TS before its first FLV bytes (1000 ms unless given). */
  analyzeDurationMs?: number;
  limits?: Partial<SrtLimits>;
  logger?: SrtLogger;
  /** Milliseconds clock for timeouts and stats; tests may pass their own. */
  now?: () => number;
}

/** A running (or ready to run) SRT server. */
export interface SrtServer {
  /** Binds the UDP port (0 for any free one) on `host` (`0.0.0.0` unless given; `::` for IPv6 too). */
  listen(port: number, host?: string): Promise<AddressInfo>;
  address(): AddressInfo | undefined;
  /** Sessions on air. */
  readonly sessionCount: number;
  /** Callers between a conclusion with a good cookie and an established connection. */
  readonly handshakeCount: number;
  /** Refuses new callers, ends every session (callers get a SHUTDOWN), resolves once every FFmpeg has exited. */
  close(): Promise<void>;
}

/** A caller past its conclusion: being authorized, then relayed, then (libsrt accepted it) a session. */
interface Caller<Handle> {
  from: RemoteInfo;
  request: ConclusionRequest;
  controller: AbortController;
  relay?: CallerRelay;
  session?: RelaySession<Handle>;
}

/** A refusal sent, sent again if the same caller socket repeats its conclusion (the first was lost). */
interface Refusal {
  socketId: number;
  packet: Buffer;
  until: number;
}

/** Bytes the kernel may queue on the public port, where every caller's packets arrive (capped by rmem_max). */
const RECEIVE_BUFFER = 4 * 1024 * 1024;

/**
 * An SRT ingest on one UDP port for every stream, as OBS expects (`srt://host:port?streamid=…&passphrase=…`). libsrt
 * cannot route callers by Stream ID, so a small front speaks the handshake up to the caller's Stream ID, asks
 * `authorize`, then hands the caller to an FFmpeg of its own and relays its datagrams (see `CallerRelay`).
 */
export function createSrtServer<Handle>(options: SrtServerOptions<Handle>): SrtServer {
  const limits = resolveLimits(options.limits);
  const logger = options.logger ?? silentLogger;
  const now = options.now ?? (() => performance.now());
  const startedAt = now();
  const cookies = new CookieJar();
  const ourSocketId = randomBytes(4).readUInt32BE(0) || 1;
  const callers = new Map<string, Caller<Handle>>();
  const refusals = new Map<string, Refusal>();
  const pending = new Set<Promise<void>>();
  let nextId = 1;
  let closing = false;
  let socket: Socket | undefined;
  /** Datagrams handed to the socket and not yet sent: `close` lets the last refusals and SHUTDOWNs leave first. */
  let unsent = 0;
  let drained: (() => void) | undefined;

  const timestamp = () => Math.floor((now() - startedAt) * 1000) >>> 0;
  const sent = () => {
    if (--unsent === 0) drained?.();
  };
  const send = (datagram: Buffer, to: RemoteInfo) => {
    if (socket === undefined) return;
    unsent++;
    socket.send(datagram, to.port, to.address, sent);
  };
  const inHandshake = (c: Caller<Handle>) => c.session === undefined;
  const count = (test: (c: Caller<Handle>) => boolean) => {
    let n = 0;
    for (const c of callers.values()) if (test(c)) n++;
    return n;
  };

  function onMessage(datagram: Buffer, from: RemoteInfo): void {
    const key = `${from.address}|${from.port}`;
    const caller = callers.get(key);
    if (caller !== undefined) {
      caller.relay?.fromCaller(datagram); // while authorizing, its repeated conclusions wait for the answer
      return;
    }
    let handshake: Handshake;
    try {
      const header = parseHeader(datagram);
      if (header.kind !== 'control' || header.type !== ControlType.handshake) return;
      handshake = parseHandshake(datagram);
    } catch (err) {
      if (!(err instanceof SrtError)) throw err;
      logger.debug({ remote: from.address, code: err.code }, 'srt: datagram ignored');
      return;
    }
    const refusal = refusals.get(key);
    if (refusal !== undefined && refusal.socketId === handshake.socketId && refusal.until > now()) {
      send(refusal.packet, from);
      return;
    }
    const action = planHandshake(handshake, {
      limits,
      cookieValid: cookies.check(from.address, from.port, handshake.cookie),
      closing,
      handshakes: count(inHandshake),
      handshakesFromAddress: count((c) => inHandshake(c) && c.from.address === from.address),
      relays: count((c) => c.relay !== undefined),
    });
    if (action.kind === 'induction') {
      send(inductionResponse(handshake, cookies.bake(from.address, from.port), from.address, timestamp()), from);
    } else if (action.kind === 'reject') {
      refuse(key, from, handshake, action.reason, action.why);
    } else if (action.kind === 'authorize') {
      const admission = admit(key, from, datagram, handshake, action.request);
      pending.add(admission);
      void admission.finally(() => pending.delete(admission));
    } else {
      logger.debug({ remote: from.address, why: action.why }, 'srt: handshake ignored');
    }
  }

  function refuse(key: string, from: RemoteInfo, hs: Handshake, reason: SrtRejectReason, why: string): void {
    const packet = rejection(hs, rejectReasons[reason], ourSocketId, from.address, timestamp());
    send(packet, from);
    refusals.delete(key);
    refusals.set(key, { socketId: hs.socketId, packet, until: now() + limits.rejectionMemoryMs });
    // Oldest first: drop what expired, and the oldest past a bound, so a flood cannot grow the map.
    for (const [k, r] of refusals) {
      if (r.until > now() && refusals.size <= limits.maxHandshakes * 4) break;
      refusals.delete(k);
    }
    logger.info({ remote: from.address, port: from.port, reason, why }, 'srt: caller refused');
  }

  async function admit(key: string, from: RemoteInfo, datagram: Buffer, hs: Handshake, request: ConclusionRequest) {
    const deadline = now() + limits.handshakeTimeoutMs;
    const caller: Caller<Handle> = { from, request, controller: new AbortController() };
    callers.set(key, caller);
    const { streamId } = request;
    const sameStream = (c: Caller<Handle>) => c !== caller && c.request.streamId === streamId;
    const decision = await askAuthorize(
      options.authorize,
      {
        streamId,
        remoteAddress: from.address,
        remotePort: from.port,
        sessions: [...callers.values()].filter((c) => sameStream(c) && c.session).map((c) => c.session!),
        pending: count((c) => sameStream(c) && inHandshake(c)),
      },
      caller.controller,
      limits.authorizeTimeoutMs,
      logger,
    );
    if (!decision.ok || closing || count((c) => c.relay !== undefined) >= limits.maxSessions) {
      callers.delete(key);
      if (!decision.ok) refuse(key, from, hs, closing ? 'close' : decision.code, decision.why);
      else refuse(key, from, hs, closing ? 'close' : 'overload', 'no room left once authorized');
      return;
    }
    const id = `srt-${nextId++}`;
    const relay = new CallerRelay(
      {
        remoteAddress: from.address,
        conclusion: datagram,
        handshake: hs,
        cookie: hs.cookie,
        passphrase: decision.passphrase,
        keyLength: request.keyLength,
        deadline,
      },
      {
        id,
        ffmpegPath: options.ffmpegPath,
        analyzeDurationMs: options.analyzeDurationMs ?? 1000,
        limits,
        logger,
        now,
        toCaller: (d) => send(d, from),
      },
    );
    caller.relay = relay;
    void relay.ended.then(() => {
      if (callers.get(key) === caller) callers.delete(key);
    });
    const outcome = await relay.established;
    if (!outcome.established) {
      logger.info({ conn: id, remote: from.address, streamId, why: outcome.reason }, 'srt: caller refused');
      return;
    }
    const session = new RelaySession<Handle>(
      {
        id,
        streamId,
        handle: decision.handle,
        remoteAddress: from.address,
        remotePort: from.port,
        startedAt: Date.now(),
      },
      relay,
    );
    caller.session = session;
    logger.info({ conn: id, remote: from.address, streamId }, 'srt: session started');
    void session.ended.then((end) => logger.info({ conn: id, ...end }, 'srt: session ended'));
    try {
      const running = options.onPublish(session);
      if (running instanceof Promise) running.catch((err) => onPublishFailed(session, err));
    } catch (err) {
      onPublishFailed(session, err);
    }
  }

  function onPublishFailed(session: RelaySession<Handle>, err: unknown): void {
    logger.error({ conn: session.id, err }, 'srt: onPublish failed');
    session.close('The server could not take the stream.');
  }

  return {
    listen(port, host = '0.0.0.0') {
      return new Promise((resolve, reject) => {
        const type = host.includes(':') ? 'udp6' : 'udp4';
        const s = createSocket({ type, recvBufferSize: RECEIVE_BUFFER, reuseAddr: false });
        s.once('error', reject);
        s.bind(port, host, () => {
          s.off('error', reject);
          s.on('error', (err) => logger.error({ err }, 'srt: socket error'));
          s.on('message', (datagram, from) => {
            try {
              onMessage(datagram, from);
            } catch (err) {
              logger.error({ err, remote: from.address }, 'srt: unexpected error handling a datagram');
            }
          });
          socket = s;
          const address = s.address();
          logger.info({ port: address.port }, 'srt: listening');
          resolve(address);
        });
      });
    },
    address() {
      return socket?.address();
    },
    get sessionCount() {
      return count((c) => c.session !== undefined);
    },
    get handshakeCount() {
      return count(inHandshake);
    },
    async close() {
      closing = true;
      for (const caller of callers.values()) {
        caller.controller.abort(new Error('the server is closing'));
        caller.relay?.close('closed', 'The server is shutting down.');
      }
      await Promise.all(pending);
      await Promise.all([...callers.values()].map((c) => c.relay?.ended));
      if (unsent > 0) await new Promise<void>((resolve) => (drained = resolve));
      const s = socket;
      socket = undefined;
      if (s !== undefined) await new Promise<void>((resolve) => s.close(() => resolve()));
    },
  };
}
