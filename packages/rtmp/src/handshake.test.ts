import { describe, expect, it } from 'vitest';
import { clientAck, clientHello } from './handshake.client.js';
import {
  digestOffset,
  FMS_KEY,
  FMS_KEY_PARTIAL,
  FP_KEY_PARTIAL,
  findClientDigest,
  HANDSHAKE_SIZE,
  hmacSha256,
  responseSigned,
  validDigestOffset,
} from './handshake.digest.js';
import { replyToClientHello, ServerHandshake } from './handshake.server.js';
import { RtmpError } from './rtmp.error.js';

/** A deterministic byte source: each call gives the next bytes of a counter pattern. */
function counter(seed = 0) {
  let n = seed;
  return (size: number) => Buffer.from(Array.from({ length: size }, () => n++ & 0xff));
}
const deps = (seed = 7) => ({ random: counter(seed), now: () => 0x1234_5678 });

/** A digested C1 built by hand, not through the code under test: zero bytes but for the offset seed and digest. */
function handBuiltC1(scheme: 0 | 1): { c1: Buffer; offset: number; digest: Buffer } {
  const c1 = Buffer.alloc(HANDSHAKE_SIZE, 0x5a);
  c1.writeUInt32BE(0, 0);
  Buffer.from([9, 0, 124, 2]).copy(c1, 4);
  const base = scheme === 0 ? 8 : 772;
  Buffer.from([100, 200, 50, 1]).copy(c1, base); // sum 351 → offset base + 4 + 351
  const offset = base + 4 + 351;
  const digest = hmacSha256(FP_KEY_PARTIAL, c1.subarray(0, offset), c1.subarray(offset + 32));
  digest.copy(c1, offset);
  return { c1, offset, digest };
}

describe('digest positions', () => {
  it('derives the offset from the four bytes after the scheme base, modulo 728', () => {
    const block = Buffer.alloc(HANDSHAKE_SIZE);
    block.set([255, 255, 255, 255], 8);
    expect(digestOffset(block, 0)).toBe((1020 % 728) + 12);
    block.set([1, 2, 3, 4], 772);
    expect(digestOffset(block, 1)).toBe(10 + 776);
  });

  it('finds a hand-built C1 digest under scheme 0 and scheme 1', () => {
    for (const scheme of [0, 1] as const) {
      const { c1, offset, digest } = handBuiltC1(scheme);
      expect(validDigestOffset(c1, FP_KEY_PARTIAL, scheme)).toBe(offset);
      expect(findClientDigest(c1)).toEqual({ scheme, digest });
    }
  });

  it('finds nothing in a block whose digest is off by one bit', () => {
    const { c1, offset } = handBuiltC1(0);
    c1[offset + 5]! ^= 1;
    expect(findClientDigest(c1)).toBeUndefined();
  });
});

describe('the server reply', () => {
  it('answers a zero-version C1 in the simple form: S2 echoes C1', () => {
    const hello = clientHello('simple', 0, counter(1));
    const reply = replyToClientHello(hello.bytes, deps());
    expect(reply.form).toBe('simple');
    expect(reply.bytes.length).toBe(1 + 2 * HANDSHAKE_SIZE);
    expect(reply.bytes[0]).toBe(3);
    const s1 = reply.bytes.subarray(1, 1 + HANDSHAKE_SIZE);
    expect(s1.readUInt32BE(0)).toBe(0x1234_5678);
    expect(s1.readUInt32BE(4)).toBe(0);
    expect(reply.bytes.subarray(1 + HANDSHAKE_SIZE).equals(hello.bytes.subarray(1))).toBe(true);
  });

  it('answers a non-zero version without a valid digest in the simple form too', () => {
    const c1 = Buffer.alloc(HANDSHAKE_SIZE, 1);
    const reply = replyToClientHello(Buffer.concat([Buffer.from([3]), c1]), deps());
    expect(reply.form).toBe('simple');
  });

  for (const scheme of [0, 1] as const) {
    it(`answers a digested C1 (scheme ${scheme}) with a digested S1 and an S2 signed for the client`, () => {
      const { c1, digest } = handBuiltC1(scheme);
      const reply = replyToClientHello(Buffer.concat([Buffer.from([3]), c1]), deps());
      expect(reply).toMatchObject({ form: 'digest', scheme });
      const s1 = reply.bytes.subarray(1, 1 + HANDSHAKE_SIZE);
      const s2 = reply.bytes.subarray(1 + HANDSHAKE_SIZE);
      expect(s1.readUInt32BE(4)).not.toBe(0);
      expect(validDigestOffset(s1, FMS_KEY_PARTIAL, scheme)).toBeDefined();
      // What FFmpeg checks when it plays: HMAC(HMAC(full server key, C1 digest), S2[0..1504]) == S2[1504..].
      const key = hmacSha256(FMS_KEY, digest);
      expect(hmacSha256(key, s2.subarray(0, 1504)).equals(s2.subarray(1504))).toBe(true);
      expect(responseSigned(s2, digest, FMS_KEY)).toBe(true);
    });
  }

  it('passes the checks of a digest-verifying client and lets it build C2', () => {
    const hello = clientHello('digest', 1);
    const reply = replyToClientHello(hello.bytes);
    const c2 = clientAck(hello, reply.bytes.subarray(1, 1537), reply.bytes.subarray(1537));
    expect(c2.length).toBe(HANDSHAKE_SIZE);
  });

  it('refuses any version but 3', () => {
    const bytes = Buffer.alloc(1 + HANDSHAKE_SIZE);
    bytes[0] = 6;
    expect(() => replyToClientHello(bytes)).toThrow(RtmpError);
  });
});

describe('the handshake as bytes arrive', () => {
  it('answers once C0+C1 is complete, then hands over what follows C2', () => {
    const hs = new ServerHandshake(deps());
    const hello = clientHello('simple');
    expect(hs.push(hello.bytes.subarray(0, 100))).toEqual({});
    const { reply } = hs.push(hello.bytes.subarray(100));
    expect(reply?.form).toBe('simple');
    expect(hs.done).toBe(false);
    const c2 = Buffer.alloc(HANDSHAKE_SIZE, 9);
    expect(hs.push(c2.subarray(0, 1000))).toEqual({});
    const { rest } = hs.push(Buffer.concat([c2.subarray(1000), Buffer.from([1, 2, 3])]));
    expect(hs.done).toBe(true);
    expect([...(rest ?? [])]).toEqual([1, 2, 3]);
  });

  it('handles C0, C1 and C2 arriving in a single write', () => {
    const hs = new ServerHandshake(deps());
    const all = Buffer.concat([clientHello('digest').bytes, Buffer.alloc(HANDSHAKE_SIZE)]);
    const out = hs.push(all);
    expect(out.reply?.form).toBe('digest');
    expect(out.rest?.length).toBe(0);
    expect(hs.done).toBe(true);
  });

  it('refuses a non-RTMP client at its first byte', () => {
    const hs = new ServerHandshake(deps());
    expect(() => hs.push(Buffer.from('GET / HTTP/1.1\r\n'))).toThrow(/version 71/);
  });
});
