import { randomBytes } from 'node:crypto';
import {
  type DigestScheme,
  FMS_KEY,
  FMS_KEY_PARTIAL,
  findClientDigest,
  HANDSHAKE_SIZE,
  imprintDigest,
  signResponse,
} from './handshake.digest.js';
import { ensure } from './rtmp.error.js';

/** The only RTMP version there is (C0 and S0). */
export const RTMP_VERSION = 3;
/** The server version S1 announces in the digest form (FMS 3.5-like, as clients expect a non-zero one). */
const SERVER_VERSION = Buffer.from([0x0d, 0x0e, 0x0a, 0x0d]);

/** Randomness and time for S1 and S2: tests pass fixed ones to get fixed bytes. */
export interface HandshakeDeps {
  random(size: number): Buffer;
  /** Milliseconds since the epoch or process start: only its low 32 bits go into S1. */
  now(): number;
}

const defaultDeps: HandshakeDeps = { random: randomBytes, now: () => Date.now() };

/** The server's answer to C0+C1, and which form it took. */
export interface HandshakeReply {
  /** S0, S1 and S2, to send in one write. */
  bytes: Buffer;
  /** The digest form when C1 carried a valid Flash Player digest, else the simple one (S2 echoes C1). */
  form: 'simple' | 'digest';
  scheme?: DigestScheme;
}

/**
 * S0+S1+S2 for a C0+C1 (1537 bytes). A C1 with a valid digest (either scheme) gets a digested S1 (same scheme,
 * server key) and an S2 signed with a key derived from the client's digest, as Flash-era clients verify; any other
 * C1 gets the simple form, which FFmpeg and OBS accept too.
 */
export function replyToClientHello(c0c1: Buffer, deps: HandshakeDeps = defaultDeps): HandshakeReply {
  ensure(c0c1.length === 1 + HANDSHAKE_SIZE, 'protocol_violation', 'C0+C1 must be 1537 bytes.');
  const version = c0c1[0]!;
  ensure(version === RTMP_VERSION, 'handshake_version', `Unsupported RTMP version ${version} (only 3).`);
  const c1 = c0c1.subarray(1);
  const s1 = Buffer.alloc(HANDSHAKE_SIZE);
  s1.writeUInt32BE(deps.now() >>> 0, 0);
  deps.random(HANDSHAKE_SIZE - 8).copy(s1, 8);

  const clientVersion = c1.readUInt32BE(4);
  const client = clientVersion !== 0 ? findClientDigest(c1) : undefined;
  if (client === undefined) {
    // Simple form: S1 has a zero version; S2 is C1 echoed.
    return { bytes: Buffer.concat([Buffer.from([RTMP_VERSION]), s1, c1]), form: 'simple' };
  }
  SERVER_VERSION.copy(s1, 4);
  imprintDigest(s1, FMS_KEY_PARTIAL, client.scheme);
  const s2 = Buffer.from(deps.random(HANDSHAKE_SIZE));
  signResponse(s2, client.digest, FMS_KEY);
  return { bytes: Buffer.concat([Buffer.from([RTMP_VERSION]), s1, s2]), form: 'digest', scheme: client.scheme };
}

type Step = 'hello' | 'ack' | 'done';

/**
 * The server side of the handshake as bytes arrive: first C0+C1 (answered at once), then C2 (read and not
 * checked: clients fill it in many ways). Holds at most one packet's worth of input.
 */
export class ServerHandshake {
  private step: Step = 'hello';
  private pending: Buffer = Buffer.alloc(0);

  constructor(private readonly deps: HandshakeDeps = defaultDeps) {}

  get done(): boolean {
    return this.step === 'done';
  }

  /**
   * Takes bytes; returns the reply to send (once), and once C2 is complete the bytes that followed it (the chunk
   * stream has started).
   */
  push(bytes: Buffer): { reply?: HandshakeReply; rest?: Buffer } {
    this.pending = this.pending.length === 0 ? bytes : Buffer.concat([this.pending, bytes]);
    const out: { reply?: HandshakeReply; rest?: Buffer } = {};
    if (this.step === 'hello') {
      // The version byte alone settles a non-RTMP client: no need to wait for 1536 more bytes of it.
      if (this.pending.length > 0) {
        const v = this.pending[0]!;
        ensure(v === RTMP_VERSION, 'handshake_version', `Unsupported RTMP version ${v} (only 3).`);
      }
      if (this.pending.length < 1 + HANDSHAKE_SIZE) return out;
      out.reply = replyToClientHello(this.pending.subarray(0, 1 + HANDSHAKE_SIZE), this.deps);
      this.pending = this.pending.subarray(1 + HANDSHAKE_SIZE);
      this.step = 'ack';
    }
    if (this.step === 'ack' && this.pending.length >= HANDSHAKE_SIZE) {
      out.rest = this.pending.subarray(HANDSHAKE_SIZE);
      this.pending = Buffer.alloc(0);
      this.step = 'done';
    }
    return out;
  }
}
