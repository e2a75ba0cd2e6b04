import { createHmac } from 'node:crypto';

/** Size of C1, C2, S1 and S2. */
export const HANDSHAKE_SIZE = 1536;
const DIGEST_SIZE = 32;

const COMMON_TAIL = Buffer.from('f0eec24a8068bee82e00d0d1029e7e576eec5d2d29806fab93b8e636cfeb31ae', 'hex');
/** "Genuine Adobe Flash Player 001" and the common tail: the first 30 bytes sign C1, all of it signs C2. */
export const FP_KEY = Buffer.concat([Buffer.from('Genuine Adobe Flash Player 001', 'latin1'), COMMON_TAIL]);
/** "Genuine Adobe Flash Media Server 001" and the common tail: the first 36 bytes sign S1, all of it S2. */
export const FMS_KEY = Buffer.concat([Buffer.from('Genuine Adobe Flash Media Server 001', 'latin1'), COMMON_TAIL]);
export const FP_KEY_PARTIAL = FP_KEY.subarray(0, 30);
export const FMS_KEY_PARTIAL = FMS_KEY.subarray(0, 36);

/**
 * Where a digest sits in a 1536-byte block. Scheme 0 puts it in the first half (its offset derives from bytes
 * 8..11: what FFmpeg and Flash Player 9 send), scheme 1 in the second half (offset from bytes 772..775).
 */
export type DigestScheme = 0 | 1;

/** The offset of the 32-byte digest in a block under `scheme`. */
export function digestOffset(block: Buffer, scheme: DigestScheme): number {
  const base = scheme === 0 ? 8 : 772;
  const sum = block[base]! + block[base + 1]! + block[base + 2]! + block[base + 3]!;
  return (sum % 728) + base + 4;
}

/** HMAC-SHA256 of the concatenated `data`. */
export function hmacSha256(key: Buffer, ...data: Buffer[]): Buffer {
  const h = createHmac('sha256', key);
  for (const part of data) h.update(part);
  return h.digest();
}

/** The digest a block should carry at `offset`: the HMAC of every byte but the digest's 32. */
function expectedDigest(block: Buffer, offset: number, key: Buffer): Buffer {
  return hmacSha256(key, block.subarray(0, offset), block.subarray(offset + DIGEST_SIZE));
}

/** The offset of a valid digest signed with `key` under `scheme`, or undefined. */
export function validDigestOffset(block: Buffer, key: Buffer, scheme: DigestScheme): number | undefined {
  if (block.length !== HANDSHAKE_SIZE) return undefined;
  const offset = digestOffset(block, scheme);
  const actual = block.subarray(offset, offset + DIGEST_SIZE);
  return expectedDigest(block, offset, key).equals(actual) ? offset : undefined;
}

/** Writes a digest signed with `key` into `block` under `scheme`, and returns it. */
export function imprintDigest(block: Buffer, key: Buffer, scheme: DigestScheme): Buffer {
  const offset = digestOffset(block, scheme);
  const digest = expectedDigest(block, offset, key);
  digest.copy(block, offset);
  return digest;
}

/** What a C1 that carries a Flash Player digest says: its scheme and the digest itself (S2 is signed with it). */
export interface ClientDigest {
  scheme: DigestScheme;
  digest: Buffer;
}

/** The digest of a C1, if it carries a valid one under either scheme. */
export function findClientDigest(c1: Buffer): ClientDigest | undefined {
  for (const scheme of [0, 1] as const) {
    const offset = validDigestOffset(c1, FP_KEY_PARTIAL, scheme);
    if (offset !== undefined) return { scheme, digest: Buffer.from(c1.subarray(offset, offset + DIGEST_SIZE)) };
  }
  return undefined;
}

/** Signs the last 32 bytes of a response block (S2 or C2) with a key derived from the peer's digest. */
export function signResponse(block: Buffer, peerDigest: Buffer, fullKey: Buffer): void {
  const key = hmacSha256(fullKey, peerDigest);
  hmacSha256(key, block.subarray(0, HANDSHAKE_SIZE - DIGEST_SIZE)).copy(block, HANDSHAKE_SIZE - DIGEST_SIZE);
}

/** Whether a response block (S2 or C2) is signed for `ownDigest`, as the peer that sent that digest checks it. */
export function responseSigned(block: Buffer, ownDigest: Buffer, fullKey: Buffer): boolean {
  if (block.length !== HANDSHAKE_SIZE) return false;
  const key = hmacSha256(fullKey, ownDigest);
  const expected = hmacSha256(key, block.subarray(0, HANDSHAKE_SIZE - DIGEST_SIZE));
  return expected.equals(block.subarray(HANDSHAKE_SIZE - DIGEST_SIZE));
}
