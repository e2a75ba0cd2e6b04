import { MAX_MESSAGE_LENGTH } from './chunk.types.js';

/** Everything that bounds what one client can make the server hold or wait for. */
export interface RtmpLimits {
  /** C0+C1+C2 must arrive within this (TLS handshake included for RTMPS). */
  handshakeTimeoutMs: number;
  /** From connecting to an accepted publish. */
  publishTimeoutMs: number;
  /** How long `authorize` may take before the publish is refused. */
  authorizeTimeoutMs: number;
  /** A socket that sends nothing for this long is closed (half-open peers included). */
  idleTimeoutMs: number;
  /** A paused socket whose consumer has not caught up within this is closed: no stuck connection. */
  consumerStallTimeoutMs: number;
  /** Largest RTMP message accepted (at most 16 MiB - 1, the field's size). */
  maxMessageSize: number;
  /** Bytes of unfinished messages and unparsed input per socket. */
  maxBufferedBytes: number;
  /** Media bytes queued for a slow consumer before the socket is paused. */
  maxQueuedBytes: number;
  /** Bytes written and not yet taken by a peer that does not read before it is dropped. */
  maxUnsentBytes: number;
  /** Chunk stream ids a client may use. */
  maxChunkStreams: number;
  /** Connections at once, total and per remote address. */
  maxConnections: number;
  maxConnectionsPerAddress: number;
  /** AMF0 nesting and values per message. */
  maxAmfDepth: number;
  maxAmfItems: number;
  /** The chunk size the server announces and sends with. */
  outChunkSize: number;
  /** The window (Window Acknowledgement Size, Set Peer Bandwidth) the server announces. */
  windowAckSize: number;
  /** Time to let a closing socket flush its last status before it is destroyed. */
  closeGraceMs: number;
}

/** Defaults sized for a few dozen 1080p publishers on one host; `limits` overrides any of them. */
export const defaultRtmpLimits: RtmpLimits = {
  handshakeTimeoutMs: 10_000,
  publishTimeoutMs: 30_000,
  authorizeTimeoutMs: 10_000,
  idleTimeoutMs: 30_000,
  consumerStallTimeoutMs: 30_000,
  maxMessageSize: 8 * 1024 * 1024,
  maxBufferedBytes: 16 * 1024 * 1024,
  maxQueuedBytes: 16 * 1024 * 1024,
  maxUnsentBytes: 1024 * 1024,
  maxChunkStreams: 64,
  maxConnections: 1000,
  maxConnectionsPerAddress: 16,
  maxAmfDepth: 32,
  maxAmfItems: 10_000,
  outChunkSize: 4096,
  windowAckSize: 5_000_000,
  closeGraceMs: 2_000,
};

/** Defaults overridden by `overrides`, checked: a limit that cannot work is refused at startup. */
export function resolveLimits(overrides: Partial<RtmpLimits> = {}): RtmpLimits {
  const limits = { ...defaultRtmpLimits, ...overrides };
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isFinite(value) || value <= 0) throw new RangeError(`RTMP limit ${name} must be a positive number.`);
  }
  if (limits.maxMessageSize > MAX_MESSAGE_LENGTH) {
    throw new RangeError(`maxMessageSize is at most ${MAX_MESSAGE_LENGTH} (a 24-bit field).`);
  }
  if (limits.maxBufferedBytes < limits.maxMessageSize) {
    throw new RangeError('maxBufferedBytes must hold at least one message of maxMessageSize.');
  }
  if (limits.outChunkSize > 0x7fffffff) throw new RangeError('outChunkSize is at most 0x7FFFFFFF.');
  return limits;
}
