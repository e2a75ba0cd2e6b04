import { describe, expect, it } from 'vitest';
import { SrtError } from './srt.error.js';
import {
  conclusionRequest,
  decodeStreamId,
  ExtensionType,
  encodeStreamId,
  HandshakeType,
  inductionRequest,
  inductionResponse,
  parseHandshake,
  peerIpField,
  REJECTION_BASE,
  rejection,
  SRT_MAGIC,
  withCookie,
} from './srt.handshake.js';
import { rejectReasonName, rejectReasons } from './srt.reject.js';
import {
  CAPTURED_STREAM_ID,
  callerConclusion,
  callerConclusionAes256,
  callerInduction,
  listenerBadSecret,
  listenerConclusion,
  listenerInduction,
} from './testing/ffmpeg.capture.js';

/** Two datagrams alike but for the header's timestamp (bytes 8-11), which is each sender's own clock. */
const sameButTimestamp = (a: Buffer, b: Buffer) => {
  const strip = (x: Buffer) => Buffer.concat([x.subarray(0, 8), x.subarray(12)]).toString('hex');
  expect(strip(a)).toBe(strip(b));
};

describe('parseHandshake on FFmpeg 5.1 bytes', () => {
  it("reads the caller's induction: version 4, UDT_DGRAM, its socket id, no cookie, to socket 0", () => {
    expect(parseHandshake(callerInduction)).toMatchObject({
      destination: 0,
      version: 4,
      encryption: 0,
      extensionFlags: 2,
      mtu: 1500,
      flowWindow: 8192,
      type: HandshakeType.induction,
      socketId: 0x3b93ec46,
      cookie: 0,
      extensions: [],
    });
  });

  it("reads the caller's conclusion: HSREQ, SID and KMREQ extensions, the cookie it was given, to socket 0", () => {
    const hs = parseHandshake(callerConclusion);
    expect(hs).toMatchObject({ destination: 0, version: 5, extensionFlags: 7, type: HandshakeType.conclusion });
    expect(hs.cookie).toBe(parseHandshake(listenerInduction).cookie);
    expect(hs.extensions.map((e) => [e.type, e.body.length])).toEqual([
      [ExtensionType.hsreq, 12],
      [ExtensionType.sid, 28],
      [ExtensionType.kmreq, 56],
    ]);
    expect(conclusionRequest(hs)).toEqual({ streamId: CAPTURED_STREAM_ID, encrypted: true, keyLength: 16 });
  });

  it('reads the key length a pbkeylen=32 caller asks for, and its advertisement in the encryption field', () => {
    const hs = parseHandshake(callerConclusionAes256);
    expect(hs.encryption).toBe(4);
    expect(conclusionRequest(hs)).toEqual({ streamId: 'abcdefghij', encrypted: true, keyLength: 32 });
  });

  it("reads libsrt's answers: the induction's magic and cookie, the conclusion's new socket, a BADSECRET refusal", () => {
    expect(parseHandshake(listenerInduction)).toMatchObject({ version: 5, extensionFlags: SRT_MAGIC, type: 1 });
    expect(parseHandshake(listenerConclusion)).toMatchObject({ type: HandshakeType.conclusion, socketId: 0x1eeae2ec });
    const refused = parseHandshake(listenerBadSecret);
    expect(rejectReasonName(refused.type - REJECTION_BASE)).toBe('badSecret');
  });

  it('throws our error on a cut handshake or an extension running past the datagram', () => {
    expect(() => parseHandshake(callerInduction.subarray(0, 63))).toThrow(SrtError);
    expect(() => parseHandshake(callerConclusion.subarray(0, 100))).toThrow(
      expect.objectContaining({ code: 'extension_malformed' }),
    );
    expect(() => parseHandshake(callerConclusion.subarray(0, 66))).toThrow(
      expect.objectContaining({ code: 'extension_malformed' }),
    );
  });
});

describe('building what libsrt builds', () => {
  it("answers the captured induction byte for byte as libsrt did, given libsrt's cookie", () => {
    const request = parseHandshake(callerInduction);
    const cookie = parseHandshake(listenerInduction).cookie;
    sameButTimestamp(inductionResponse(request, cookie, '127.0.0.1', 0), listenerInduction);
  });

  it("makes the caller's own induction from its conclusion: what the relay sends FFmpeg", () => {
    sameButTimestamp(inductionRequest(parseHandshake(callerConclusion), '127.0.0.1'), callerInduction);
  });

  it('refuses as libsrt refused: 1000 + reason, request fields echoed, to the caller socket', () => {
    const request = parseHandshake(callerConclusionAes256);
    const ours = rejection(request, rejectReasons.badSecret, 0x3c6307ae, '127.0.0.1');
    sameButTimestamp(ours, listenerBadSecret);
  });

  it('changes only the cookie when relaying a handshake', () => {
    const moved = withCookie(callerConclusion, 0xcafef00d);
    expect(parseHandshake(moved).cookie).toBe(0xcafef00d);
    const diff = [...moved].flatMap((b, i) => (b === callerConclusion[i] ? [] : [i]));
    expect(diff.every((i) => i >= 44 && i < 48)).toBe(true);
    expect(callerConclusion.readUInt32BE(44)).not.toBe(0xcafef00d);
  });
});

describe('Stream ID encoding', () => {
  it('reverses each 32-bit word and pads with NULs, as libsrt does', () => {
    expect(encodeStreamId('abcdefghij').toString('hex')).toBe('646362616867666500006a69');
    expect(decodeStreamId(encodeStreamId('live/ключ-1'))).toBe('live/ключ-1');
    expect(decodeStreamId(Buffer.alloc(0))).toBe('');
  });

  it('refuses a Stream ID over 512 bytes, a NUL inside, or broken UTF-8', () => {
    expect(() => decodeStreamId(encodeStreamId('x'.repeat(513)))).toThrow(
      expect.objectContaining({ code: 'stream_id_invalid' }),
    );
    expect(decodeStreamId(encodeStreamId('x'.repeat(512)))).toHaveLength(512);
    expect(() => decodeStreamId(encodeStreamId('ab\0cd'))).toThrow(SrtError);
    expect(() => decodeStreamId(Buffer.from([0, 0, 0xc3, 0x28]))).toThrow(SrtError);
  });

  it('reads a conclusion without SID or KMREQ as an empty, unencrypted request', () => {
    const hs = parseHandshake(callerConclusion);
    expect(
      conclusionRequest({ ...hs, extensions: hs.extensions.filter((e) => e.type === ExtensionType.hsreq) }),
    ).toEqual({ streamId: '', encrypted: false, keyLength: undefined });
  });
});

describe('peerIpField', () => {
  it('writes IPv4 (plain or mapped) in the first word and IPv6 in all four, each word reversed', () => {
    expect(peerIpField('127.0.0.1').toString('hex')).toBe(`0100007f${'0'.repeat(24)}`);
    expect(peerIpField('::ffff:10.1.2.3').toString('hex')).toBe(`0302010a${'0'.repeat(24)}`);
    expect(peerIpField('2001:db8::1').toString('hex')).toBe('b80d0120000000000000000001000000');
    expect(peerIpField('::1').toString('hex')).toBe('00000000000000000000000001000000');
  });
});
