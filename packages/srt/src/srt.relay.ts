import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { PassThrough, type Readable } from 'node:stream';
import { freeLoopbackPort, type ListenerExit, ListenerProcess, listenerArgs } from './ffmpeg.listener.js';
import { SrtError } from './srt.error.js';
import {
  type Handshake,
  HandshakeType,
  handshakeTypeOf,
  inductionRequest,
  parseHandshake,
  REJECTION_BASE,
  rejection,
  withCookie,
} from './srt.handshake.js';
import type { SrtLimits } from './srt.limits.js';
import type { SrtLogger } from './srt.logger.js';
import { ControlType, controlPacket, parseHeader, type SrtPacket } from './srt.packet.js';
import { rejectReasonName, rejectReasons } from './srt.reject.js';
import type { SrtSessionEnd, SrtSessionEndReason } from './srt.session.js';
import { RelayMeter, type SrtStats } from './srt.stats.js';

/** What a relay gets from its server. */
export interface RelayDeps {
  id: string;
  ffmpegPath: string;
  analyzeDurationMs: number;
  limits: SrtLimits;
  logger: SrtLogger;
  now(): number;
  /** Sends a datagram to the caller from the public port. */
  toCaller(datagram: Buffer): void;
}

/** The caller's accepted request: its conclusion as it came, and what `authorize` said. */
export interface RelayRequest {
  remoteAddress: string;
  conclusion: Buffer;
  handshake: Handshake;
  /** The cookie the caller holds (ours); FFmpeg's replaces it on the way in, and ours goes back on the way out. */
  cookie: number;
  passphrase: string;
  keyLength: 16 | 24 | 32 | undefined;
  /** When to give up on FFmpeg's answer, on the `now` clock. */
  deadline: number;
}

/** How the handshake with FFmpeg came out: accepted, or refused (by libsrt or because FFmpeg failed). */
export type RelayOutcome = { established: true } | { established: false; reason: string };

/** How often inductions go to FFmpeg until its listener answers: it binds within a few hundred ms of the spawn. */
const PROBE_MS = 25;

/**
 * One caller from the moment `authorize` accepted it: starts its FFmpeg (a libsrt listener on a loopback port),
 * does the induction with it from a socket of its own, passes on the caller's conclusion with FFmpeg's cookie, and
 * from then on relays every datagram both ways unchanged (but for the cookie of repeated handshakes). ARQ,
 * decryption, TSBPD and the passphrase check are libsrt's, in FFmpeg.
 */
export class CallerRelay {
  readonly established: Promise<RelayOutcome>;
  /** Resolves once FFmpeg has exited and the socket is closed, established or not; never rejects. */
  readonly ended: Promise<SrtSessionEnd>;
  readonly output = new PassThrough({ highWaterMark: 256 * 1024 });
  private readonly meter: RelayMeter;
  private resolveEstablished!: (outcome: RelayOutcome) => void;
  private resolveEnded!: (end: SrtSessionEnd) => void;
  private phase: 'starting' | 'concluding' | 'relaying' | 'ending' = 'starting';
  private socket: Socket | undefined;
  private ffmpeg: ListenerProcess | undefined;
  private port = 0;
  private listenerCookie = 0;
  /** The caller's newest conclusion: it repeats it until answered. */
  private conclusion: Buffer;
  private lastFromCaller: number;
  private lastTimestamp = 0;
  private stalledSince: number | undefined;
  private relayed = false;
  private outputTaken = false;
  private callerShutdown = false;
  private listenerShutdown = false;
  private decided: SrtSessionEnd | undefined;
  private readonly timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly request: RelayRequest,
    private readonly deps: RelayDeps,
  ) {
    this.meter = new RelayMeter(deps.now());
    this.lastFromCaller = deps.now();
    this.conclusion = request.conclusion;
    this.established = new Promise((resolve) => {
      this.resolveEstablished = resolve;
    });
    this.ended = new Promise((resolve) => {
      this.resolveEnded = resolve;
    });
    this.start().catch((err) => {
      deps.logger.error({ conn: deps.id, err }, 'srt: could not start the relay');
      this.refuse('internalError', 'The relay could not start.');
    });
  }

  /** FFmpeg's FLV, for the session's one reader; a relay whose output nobody took drops it at the end. */
  takeOutput(): Readable {
    this.outputTaken = true;
    return this.output;
  }

  stats(): SrtStats {
    return this.meter.snapshot(this.deps.now());
  }

  /** A datagram from the caller: kept (a repeated conclusion) until FFmpeg listens, relayed after. */
  fromCaller(datagram: Buffer): void {
    this.lastFromCaller = this.deps.now();
    if (this.phase === 'ending') return;
    const packet = readHeader(datagram);
    if (packet?.kind === 'control' && packet.type === ControlType.handshake && datagram.length >= 64) {
      const type = handshakeTypeOf(datagram);
      if (type === HandshakeType.induction && this.relayed && packet.destination === 0) {
        // A new caller socket on the same address and port (a restarted encoder): this connection is over.
        this.close('disconnected', 'The caller started a new connection from the same port.');
        return;
      }
      if (type !== HandshakeType.conclusion) return;
      this.conclusion = datagram;
      if (this.phase !== 'starting') this.send(withCookie(datagram, this.listenerCookie));
      return;
    }
    if (this.phase !== 'relaying') return;
    this.meter.fromCaller(datagram, this.lastFromCaller);
    if (packet?.kind === 'control' && packet.type === ControlType.shutdown) this.callerShutdown = true;
    this.send(datagram);
  }

  /** Ends the relay: FFmpeg is stopped, the caller told. */
  close(reason: SrtSessionEndReason, message: string): void {
    if (this.phase === 'ending') return;
    if (this.phase !== 'relaying') {
      this.refuse('close', message);
      return;
    }
    this.decided = { reason, message };
    void this.end();
  }

  private async start(): Promise<void> {
    const { limits, now } = this.deps;
    this.port = await freeLoopbackPort();
    if (this.isEnding()) return;
    const args = listenerArgs({
      port: this.port,
      passphrase: this.request.passphrase,
      keyLength: this.request.keyLength,
      analyzeDurationMs: this.deps.analyzeDurationMs,
      listenTimeoutMs: limits.handshakeTimeoutMs,
    });
    this.ffmpeg = new ListenerProcess(this.deps.ffmpegPath, args);
    this.ffmpeg.stdout.pipe(this.output);
    // A reader that destroys the FLV before its end wants no more media: FFmpeg would block on its stdout.
    this.output.once('close', () => {
      if (!this.output.readableEnded) this.close('closed', 'The FLV reader went away.');
    });
    this.ffmpeg.stdout.on('data', (chunk: Buffer) => this.meter.flv(chunk.length));
    void this.ffmpeg.exited.then((exit) => this.onExit(exit));
    const socket = createSocket('udp4');
    this.socket = socket;
    socket.on('error', (err) => this.deps.logger.debug({ conn: this.deps.id, err: err.message }, 'srt: relay error'));
    socket.on('message', (datagram, from) => this.fromListener(datagram, from));
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    if (this.isEnding()) return;
    const induction = inductionRequest(this.request.handshake, '127.0.0.1');
    const probe = () => {
      if (this.phase === 'starting') this.send(induction);
    };
    probe();
    this.every(PROBE_MS, probe);
    this.after(Math.max(0, this.request.deadline - now()), () => {
      if (this.phase !== 'relaying') this.refuse('internalError', 'FFmpeg did not answer the handshake in time.');
    });
    const tick = Math.min(1000, limits.idleTimeoutMs / 4, limits.consumerStallTimeoutMs / 4);
    this.every(tick, () => this.watch());
  }

  /** A method, not a field test: the phase changes across the `await`s of `start`. */
  private isEnding(): boolean {
    return this.phase === 'ending';
  }

  private fromListener(datagram: Buffer, from: RemoteInfo): void {
    if (from.port !== this.port) return;
    const packet = readHeader(datagram);
    if (packet === undefined) return;
    this.lastTimestamp = packet.timestamp;
    if (packet.kind === 'control' && packet.type === ControlType.handshake && datagram.length >= 64) {
      if (this.phase !== 'ending') this.onListenerHandshake(datagram);
      return;
    }
    // While FFmpeg stops, its last packets (its SHUTDOWN) still go to the caller.
    if (!this.relayed) return;
    this.meter.fromListener(datagram);
    if (packet.kind === 'control' && packet.type === ControlType.shutdown) this.listenerShutdown = true;
    this.deps.toCaller(datagram);
  }

  private onListenerHandshake(datagram: Buffer): void {
    const type = handshakeTypeOf(datagram);
    if (this.phase === 'starting') {
      if (type !== HandshakeType.induction) return;
      this.listenerCookie = parseHandshake(datagram).cookie;
      this.phase = 'concluding';
      this.send(withCookie(this.conclusion, this.listenerCookie));
      return;
    }
    if (type === HandshakeType.induction) return;
    this.deps.toCaller(withCookie(datagram, this.request.cookie));
    if (this.phase !== 'concluding') return;
    if (type === HandshakeType.conclusion) {
      this.phase = 'relaying';
      this.relayed = true;
      this.lastFromCaller = this.deps.now();
      this.resolveEstablished({ established: true });
    } else if (type >= REJECTION_BASE) {
      // libsrt's own refusal (a wrong passphrase is `badSecret`), already passed on to the caller.
      this.fail(`libsrt refused the caller: ${rejectReasonName(type - REJECTION_BASE)}`);
    }
  }

  /** Refuses a caller not yet relayed: it gets a rejection with `reason`, FFmpeg is stopped. */
  private refuse(reason: keyof typeof rejectReasons, message: string): void {
    if (this.phase === 'relaying' || this.phase === 'ending') return;
    const { handshake, remoteAddress, cookie } = this.request;
    this.deps.toCaller(rejection({ ...handshake, cookie }, rejectReasons[reason], 0, remoteAddress));
    this.fail(message);
  }

  private fail(message: string): void {
    this.resolveEstablished({ established: false, reason: message });
    this.decided = { reason: 'error', message };
    void this.end();
  }

  private watch(): void {
    if (this.phase !== 'relaying') return;
    const { limits, now } = this.deps;
    const at = now();
    if (at - this.lastFromCaller >= limits.idleTimeoutMs) {
      this.close('timeout', `Nothing came from the caller for ${limits.idleTimeoutMs} ms.`);
      return;
    }
    const stalled = this.output.readableLength >= this.output.readableHighWaterMark;
    if (!stalled) this.stalledSince = undefined;
    else if (this.stalledSince === undefined) this.stalledSince = at;
    else if (at - this.stalledSince >= limits.consumerStallTimeoutMs) {
      this.close('timeout', `Nobody read the FLV for ${limits.consumerStallTimeoutMs} ms.`);
    }
  }

  private onExit(exit: ListenerExit): void {
    if (this.phase === 'ending') return;
    if (this.phase !== 'relaying') {
      this.refuse('internalError', `FFmpeg exited before the caller connected: ${lastLines(exit.stderr)}`);
      return;
    }
    void this.end();
  }

  private async end(): Promise<void> {
    if (this.phase === 'ending') return;
    this.phase = 'ending';
    for (const t of this.timers) clearInterval(t);
    const exit = this.ffmpeg === undefined ? undefined : await this.ffmpeg.stop(this.deps.limits.closeGraceMs);
    if (this.relayed && !this.callerShutdown && !this.listenerShutdown) {
      // FFmpeg's own SHUTDOWN did not come (killed, or stuck): say it for it, so the caller stops at once.
      const timestamp = (this.lastTimestamp + 1000) >>> 0;
      this.deps.toCaller(
        controlPacket(ControlType.shutdown, this.request.handshake.socketId, timestamp, Buffer.alloc(4)),
      );
    }
    if (this.socket !== undefined) await new Promise<void>((resolve) => this.socket!.close(() => resolve()));
    if (this.ffmpeg === undefined) this.output.end();
    else if (!this.outputTaken) {
      this.ffmpeg.stdout.destroy();
      this.output.destroy();
    }
    this.resolveEnded(this.decided ?? this.endOf(exit));
  }

  /** Why FFmpeg ended by itself. */
  private endOf(exit: ListenerExit | undefined): SrtSessionEnd {
    if (this.callerShutdown) return { reason: 'unpublished', message: 'The caller closed the connection.' };
    if (exit?.code === 0) return { reason: 'disconnected', message: 'libsrt lost the caller.' };
    return { reason: 'error', message: `FFmpeg failed (${exit?.code ?? exit?.signal}): ${lastLines(exit?.stderr)}` };
  }

  private send(datagram: Buffer): void {
    this.socket?.send(datagram, this.port, '127.0.0.1');
  }

  private every(ms: number, fn: () => void): void {
    const t = setInterval(fn, ms);
    t.unref();
    this.timers.push(t);
  }

  private after(ms: number, fn: () => void): void {
    const t = setTimeout(fn, ms);
    t.unref();
    this.timers.push(t);
  }
}

function readHeader(datagram: Buffer): SrtPacket | undefined {
  try {
    return parseHeader(datagram);
  } catch (err) {
    if (err instanceof SrtError) return undefined;
    throw err;
  }
}

/** FFmpeg's last words: its last few lines, where the reason usually comes a line before the consequence. */
function lastLines(text: string | undefined): string {
  const lines = (text ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  return lines.length === 0 ? 'no output' : lines.slice(-3).join(' | ');
}
