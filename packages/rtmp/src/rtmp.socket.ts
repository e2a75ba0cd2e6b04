import type { Socket } from 'node:net';
import type { PublishRequest } from './connection.commands.js';
import { LiveSession, type PublishSession, type SessionEnd, type SessionEndReason } from './publish.session.js';
import { StatsMeter } from './publish.stats.js';
import { RtmpConnection } from './rtmp.connection.js';
import { RtmpError } from './rtmp.error.js';
import type { RtmpLimits } from './rtmp.limits.js';
import type { RtmpLogger } from './rtmp.logger.js';

/** A publish to authorize, with where it comes from. */
export interface AuthorizeRequest extends PublishRequest {
  remoteAddress: string;
}

/** `authorize`'s answer: accept with a handle of the caller's (a stream id, a record), or refuse with a reason. */
export type AuthorizeResult<Handle> = { ok: true; handle: Handle } | { ok: false; reason: string };

/** The caller's decision on a publish; see `RtmpServerOptions.authorize`. */
export type Authorize<Handle> = (
  request: AuthorizeRequest,
  context: { signal: AbortSignal },
) => Promise<AuthorizeResult<Handle>>;

/** What a socket connection gets from its server. */
export interface SocketDeps<Handle> {
  id: string;
  limits: RtmpLimits;
  logger: RtmpLogger;
  authorize: Authorize<Handle>;
  onPublish(session: PublishSession<Handle>): void | Promise<void>;
  now(): number;
}

function timer(ms: number, fn: () => void): NodeJS.Timeout {
  const t = setTimeout(fn, ms);
  t.unref();
  return t;
}

/**
 * One client socket: the edge where `RtmpConnection` meets I/O. Enforces the handshake, publish, idle and stall
 * timeouts and the write-buffer cap, asks `authorize` and runs `onPublish`, pauses the socket while authorizing and
 * while the consumer is behind. Any failure closes this socket alone, with one log line.
 */
export class SocketConnection<Handle> {
  readonly remoteAddress: string;
  readonly closed: Promise<void>;
  private readonly conn: RtmpConnection;
  private readonly meter: StatsMeter;
  private session: LiveSession<Handle> | undefined;
  private authorizing: AbortController | undefined;
  private backpressure = false;
  private failure: SessionEnd | undefined;
  private readonly timers: { [name: string]: NodeJS.Timeout | undefined } = {};

  constructor(
    private readonly socket: Socket,
    private readonly deps: SocketDeps<Handle>,
  ) {
    const { limits } = deps;
    this.remoteAddress = socket.remoteAddress ?? 'unknown';
    this.meter = new StatsMeter(deps.now());
    this.conn = new RtmpConnection(
      { ...limits, maxDepth: limits.maxAmfDepth, maxItems: limits.maxAmfItems },
      {
        send: (bytes) => this.write(bytes),
        handshakeDone: (form) => {
          this.clearTimer('handshake');
          deps.logger.debug({ conn: deps.id, form }, 'rtmp: handshake done');
        },
        publish: (request) => {
          this.decide(request).catch((err) => {
            this.deps.logger.error({ conn: this.deps.id, err }, 'rtmp: unexpected error starting a publish');
            this.fail('error', 'internal error', 'debug');
          });
        },
        codec: (info) => this.session?.codec(info),
        metadata: (metadata) => this.session?.setMetadata(metadata),
        media: (tag) => {
          if (tag.kind === 'video' && tag.header.packet === 'coded-frames') {
            this.meter.videoFrame(tag.timestamp, tag.header.keyframe);
          } else if (tag.kind === 'audio' && tag.header.packet === 'coded-frames') {
            this.meter.audioFrame(tag.timestamp);
          }
          this.session?.deliver(tag);
        },
        unpublished: () => this.session?.finish({ reason: 'unpublished', message: 'The publisher ended the stream.' }),
        end: (reason) => this.endGracefully(reason),
      },
    );
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
    socket.setNoDelay(true);
    socket.setKeepAlive(true, 15_000);
    this.timers.handshake = timer(limits.handshakeTimeoutMs, () => this.fail('timeout', 'handshake timed out'));
    this.timers.publish = timer(limits.publishTimeoutMs, () => this.fail('timeout', 'no publish in time'));
    this.timers.idle = timer(limits.idleTimeoutMs, () => this.onIdle());
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (err) => this.deps.logger.debug({ conn: this.deps.id, err: err.message }, 'rtmp: socket error'));
    socket.once('close', () => this.onClose());
  }

  /** Ends the connection for a server shutdown: a live publisher is told, anyone else is dropped. */
  shutdown(reason: string): void {
    if (this.session !== undefined && !this.session.isEnded) this.session.close(reason);
    else this.fail('closed', reason, 'debug');
  }

  private onData(chunk: Buffer): void {
    this.timers.idle?.refresh();
    this.meter.received(chunk.length, this.deps.now());
    this.guard(() => this.conn.receive(chunk));
  }

  /** Runs protocol work: our parse error closes this socket with one line; anything else is a bug, logged as one. */
  private guard(work: () => void): void {
    try {
      work();
    } catch (err) {
      if (err instanceof RtmpError) {
        this.fail('error', `${err.code}: ${err.message}`, 'warn');
      } else {
        this.deps.logger.error({ conn: this.deps.id, err }, 'rtmp: unexpected error handling input');
        this.fail('error', 'internal error', 'debug');
      }
    }
  }

  private write(bytes: Buffer): void {
    if (this.socket.destroyed || !this.socket.writable) return;
    this.socket.write(bytes);
    if (this.socket.writableLength > this.deps.limits.maxUnsentBytes) {
      this.fail('error', 'the peer does not read what is sent', 'info');
    }
  }

  private onIdle(): void {
    if (this.authorizing !== undefined || this.backpressure) {
      this.timers.idle?.refresh(); // not the peer's silence: we stopped reading
      return;
    }
    this.fail('timeout', 'idle: nothing received in time', 'info');
  }

  private pressure(paused: boolean): void {
    this.backpressure = paused;
    if (paused) {
      this.socket.pause();
      this.timers.stall ??= timer(this.deps.limits.consumerStallTimeoutMs, () =>
        this.fail('timeout', 'the consumer of the media stalled', 'info'),
      );
    } else {
      this.clearTimer('stall');
      if (this.authorizing === undefined && !this.socket.destroyed) this.socket.resume();
    }
  }

  private async decide(request: PublishRequest): Promise<void> {
    const { limits, logger, id } = this.deps;
    this.socket.pause();
    const controller = new AbortController();
    this.authorizing = controller;
    const timeout = timer(limits.authorizeTimeoutMs, () => controller.abort(new Error('authorization timed out')));
    let result: AuthorizeResult<Handle>;
    try {
      const aborted = new Promise<never>((_, reject) => {
        controller.signal.addEventListener('abort', () => reject(controller.signal.reason), { once: true });
      });
      const answer = this.deps.authorize(
        { ...request, remoteAddress: this.remoteAddress },
        { signal: controller.signal },
      );
      result = await Promise.race([answer, aborted]);
    } catch (err) {
      // A publisher that left while waiting is no failure of `authorize`.
      const level = this.socket.destroyed ? 'debug' : 'warn';
      logger[level]({ conn: id, key: request.key, err: String(err) }, 'rtmp: authorization failed');
      result = { ok: false, reason: 'Authorization failed.' };
    } finally {
      clearTimeout(timeout);
      this.authorizing = undefined;
    }
    if (!result.ok) {
      logger.info({ conn: id, app: request.app, key: request.key, reason: result.reason }, 'rtmp: publish refused');
      this.conn.refuse(result.reason);
      return;
    }
    this.start(request, result.handle);
  }

  private start(request: PublishRequest, handle: Handle): void {
    const { limits, logger, id } = this.deps;
    const session = new LiveSession<Handle>({
      id,
      app: request.app,
      key: request.key,
      handle,
      remoteAddress: this.remoteAddress,
      startedAt: Date.now(),
      maxQueuedBytes: limits.maxQueuedBytes,
      logger,
    });
    this.session = session;
    session.attach({
      close: (reason) => this.conn.reject(reason),
      pressure: (paused) => this.pressure(paused),
      stats: () => ({
        ...this.meter.snapshot(this.deps.now()),
        droppedMessages: this.conn.droppedMessages + this.conn.chunkCounters.droppedMessages,
        extendedTimestampHeaders: this.conn.chunkCounters.extendedTimestampHeaders,
      }),
    });
    this.clearTimer('publish');
    // Accepted, but the socket went away meanwhile: the caller still gets its session, already ended.
    if (this.socket.destroyed) session.finish(this.failure ?? { reason: 'disconnected', message: 'connection lost' });
    try {
      const running = this.deps.onPublish(session);
      if (running instanceof Promise) running.catch((err) => this.onPublishFailed(err));
    } catch (err) {
      this.onPublishFailed(err);
    }
    if (session.isEnded) return;
    logger.info({ conn: id, app: request.app, key: request.key, remote: this.remoteAddress }, 'rtmp: publish started');
    // Accepting replays what arrived while authorizing: it may hold a parse error too.
    this.guard(() => this.conn.accept());
    if (!this.backpressure && !this.socket.destroyed) this.socket.resume();
  }

  private onPublishFailed(err: unknown): void {
    this.deps.logger.error({ conn: this.deps.id, err }, 'rtmp: onPublish failed');
    this.session?.close('The server could not take the stream.');
  }

  private endGracefully(reason: string): void {
    if (this.socket.destroyed) return;
    this.deps.logger.info({ conn: this.deps.id, reason }, 'rtmp: closing connection');
    this.socket.end();
    this.timers.grace ??= timer(this.deps.limits.closeGraceMs, () => this.socket.destroy());
  }

  private fail(reason: SessionEndReason, message: string, level: 'debug' | 'info' | 'warn' = 'info'): void {
    if (this.socket.destroyed) return;
    this.failure = { reason, message };
    this.deps.logger[level](
      { conn: this.deps.id, remote: this.remoteAddress, reason: message },
      'rtmp: connection closed',
    );
    this.socket.destroy();
  }

  private clearTimer(name: string): void {
    const t = this.timers[name];
    if (t !== undefined) clearTimeout(t);
    this.timers[name] = undefined;
  }

  private onClose(): void {
    for (const name of Object.keys(this.timers)) this.clearTimer(name);
    this.authorizing?.abort(new Error('connection closed'));
    const session = this.session;
    if (session === undefined || session.isEnded) return;
    const closeReason = session.closeReason;
    session.finish(
      closeReason !== undefined
        ? { reason: 'closed', message: closeReason }
        : (this.failure ?? { reason: 'disconnected', message: 'The connection closed without an unpublish.' }),
    );
  }
}
