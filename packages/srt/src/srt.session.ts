import type { Readable } from 'node:stream';
import type { SrtStats } from './srt.stats.js';

/** Why a session ended; the same words as `@framecast/rtmp`'s, so one consumer can handle both. */
export type SrtSessionEndReason =
  /** The caller closed its connection (an SRT SHUTDOWN): the publisher stopped. */
  | 'unpublished'
  /** libsrt lost the caller (nothing from it for its peer idle timeout, 5 s) and FFmpeg finished. */
  | 'disconnected'
  /** `session.close()` or `server.close()`. */
  | 'closed'
  /** Nothing from the caller for `idleTimeoutMs`, or nobody read the FLV for `consumerStallTimeoutMs`. */
  | 'timeout'
  /** FFmpeg failed (a codec FLV cannot carry, a crash): the message has its last words. */
  | 'error';

/** How a session ended: the reason, and a sentence for logs. */
export interface SrtSessionEnd {
  reason: SrtSessionEndReason;
  message: string;
}

/**
 * One caller whose connection libsrt accepted (right Stream ID, right passphrase), handed to `onPublish`. Its media
 * is FFmpeg's FLV; parse it into tags, or pipe it on.
 */
export interface SrtSession<Handle = unknown> {
  /** For logs: `srt-1`, `srt-2`… */
  readonly id: string;
  readonly streamId: string;
  /** What `authorize` returned for this caller. */
  readonly handle: Handle;
  readonly remoteAddress: string;
  readonly remotePort: number;
  /** Wall-clock time libsrt accepted the caller, in milliseconds since the epoch. */
  readonly startedAt: number;
  /**
   * Resolves once FFmpeg has exited and the relay is closed, whatever the reason; never rejects. The FLV may still
   * hold its last bytes then: read `flv()` to its end for all of the media.
   */
  readonly ended: Promise<SrtSessionEnd>;
  /**
   * FFmpeg's output: an FLV header, then tags with their previous-tag-size, until the session ends. One stream per
   * session (every call returns it); a reader that falls behind slows FFmpeg, then libsrt drops what is too late,
   * and one that stops reading for `consumerStallTimeoutMs` ends the session.
   */
  flv(): Readable;
  stats(): SrtStats;
  /** Ends the session: FFmpeg is stopped, and the caller gets an SRT SHUTDOWN. */
  close(reason?: string): void;
}

/** What a session reads from its relay. */
export interface SessionRelay {
  readonly ended: Promise<SrtSessionEnd>;
  takeOutput(): Readable;
  stats(): SrtStats;
  close(reason: SrtSessionEndReason, message: string): void;
}

/** What a session is made with, once libsrt accepted the caller. */
export interface SessionInit<Handle> {
  id: string;
  streamId: string;
  handle: Handle;
  remoteAddress: string;
  remotePort: number;
  startedAt: number;
}

/** The session behind the `SrtSession` interface: a view of its relay. */
export class RelaySession<Handle> implements SrtSession<Handle> {
  readonly id: string;
  readonly streamId: string;
  readonly handle: Handle;
  readonly remoteAddress: string;
  readonly remotePort: number;
  readonly startedAt: number;
  readonly ended: Promise<SrtSessionEnd>;

  constructor(
    init: SessionInit<Handle>,
    private readonly relay: SessionRelay,
  ) {
    this.id = init.id;
    this.streamId = init.streamId;
    this.handle = init.handle;
    this.remoteAddress = init.remoteAddress;
    this.remotePort = init.remotePort;
    this.startedAt = init.startedAt;
    this.ended = relay.ended;
  }

  flv(): Readable {
    return this.relay.takeOutput();
  }

  stats(): SrtStats {
    return this.relay.stats();
  }

  close(reason = 'The stream was ended by the server.'): void {
    this.relay.close('closed', reason);
  }
}
