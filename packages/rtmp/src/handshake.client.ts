import { randomBytes } from 'node:crypto';
import {
  type DigestScheme,
  FMS_KEY,
  FMS_KEY_PARTIAL,
  FP_KEY,
  FP_KEY_PARTIAL,
  HANDSHAKE_SIZE,
  imprintDigest,
  responseSigned,
  signResponse,
  validDigestOffset,
} from './handshake.digest.js';
import { RTMP_VERSION } from './handshake.server.js';

/** A client's C0+C1 and what it needs to check the answer: the test publisher's side of the handshake. */
export interface ClientHello {
  bytes: Buffer;
  /** The digest C1 carries (digest form only). */
  digest?: Buffer;
}

/** C0+C1 in the simple form (zero version) or the digest form FFmpeg and Flash Player send (version 9.0.124.2). */
export function clientHello(form: 'simple' | 'digest', scheme: DigestScheme = 0, random = randomBytes): ClientHello {
  const c1 = Buffer.alloc(HANDSHAKE_SIZE);
  random(HANDSHAKE_SIZE - 8).copy(c1, 8);
  if (form === 'simple') return { bytes: Buffer.concat([Buffer.from([RTMP_VERSION]), c1]) };
  Buffer.from([9, 0, 124, 2]).copy(c1, 4);
  const digest = imprintDigest(c1, FP_KEY_PARTIAL, scheme);
  return { bytes: Buffer.concat([Buffer.from([RTMP_VERSION]), c1]), digest };
}

/**
 * Checks S1+S2 as a digest-checking client would (S1 signed with the server key under either scheme, S2 signed for
 * our digest) and builds C2: S1 echoed in the simple form, a signed random block in the digest form.
 */
export function clientAck(hello: ClientHello, s1: Buffer, s2: Buffer, random = randomBytes): Buffer {
  if (hello.digest === undefined) return Buffer.from(s1);
  const offset = validDigestOffset(s1, FMS_KEY_PARTIAL, 1) ?? validDigestOffset(s1, FMS_KEY_PARTIAL, 0);
  if (offset === undefined) throw new Error('S1 carries no valid server digest.');
  if (!responseSigned(s2, hello.digest, FMS_KEY)) throw new Error('S2 is not signed for our digest.');
  const c2 = Buffer.from(random(HANDSHAKE_SIZE));
  signResponse(c2, s1.subarray(offset, offset + 32), FP_KEY);
  return c2;
}
