import { describe, expect, it } from 'vitest';
import { SrtError } from './srt.error.js';
import { ackRoundTrip, ControlType, controlPacket, HEADER_SIZE, lossCount, parseHeader } from './srt.packet.js';

const words = (...values: number[]) => {
  const buf = Buffer.alloc(values.length * 4);
  for (const [i, v] of values.entries()) buf.writeUInt32BE(v >>> 0, i * 4);
  return buf;
};

describe('parseHeader', () => {
  it('reads a data packet: sequence, the retransmitted flag, timestamp, destination', () => {
    const first = parseHeader(words(1234, 0xc0000001, 777, 0xdeadbeef));
    expect(first).toEqual({
      kind: 'data',
      sequence: 1234,
      retransmitted: false,
      timestamp: 777,
      destination: 0xdeadbeef,
    });
    // FF=11 (single), O=0, KK=01 (even key), R=1: 0xc0000000 | 0x08000000 | 0x04000000
    expect(parseHeader(words(0x7fffffff, 0xcc000002, 0, 1))).toMatchObject({
      sequence: 0x7fffffff,
      retransmitted: true,
    });
  });

  it('reads a control packet: type, subtype and the type-specific word', () => {
    expect(parseHeader(words(0x80030000, 9, 10, 11))).toEqual({
      kind: 'control',
      type: ControlType.nak,
      subtype: 0,
      info: 9,
      timestamp: 10,
      destination: 11,
    });
    expect(parseHeader(words(0xffff0004, 0, 0, 0))).toMatchObject({ type: 0x7fff, subtype: 4 });
  });

  it('throws our error on a datagram shorter than a header', () => {
    expect(() => parseHeader(Buffer.alloc(15))).toThrow(SrtError);
    expect(() => parseHeader(Buffer.alloc(15))).toThrow(expect.objectContaining({ code: 'packet_truncated' }));
  });
});

describe('controlPacket', () => {
  it('builds what parseHeader reads back, body after the header', () => {
    const packet = controlPacket(ControlType.shutdown, 0x01020304, 0xffffffff, Buffer.from([1, 2, 3, 4]));
    expect(packet).toHaveLength(HEADER_SIZE + 4);
    expect(packet.subarray(0, 4).toString('hex')).toBe('80050000');
    expect(parseHeader(packet)).toMatchObject({
      kind: 'control',
      type: 5,
      destination: 0x01020304,
      timestamp: 0xffffffff,
    });
  });
});

describe('lossCount', () => {
  it('counts single numbers and inclusive ranges', () => {
    expect(lossCount(words(5))).toBe(1);
    expect(lossCount(words(5, 9))).toBe(2);
    expect(lossCount(words(0x80000010, 0x14, 3))).toBe(6);
  });

  it('counts a range across the 31-bit wrap', () => {
    expect(lossCount(words(0x80000000 | 0x7ffffffe, 1))).toBe(4);
  });

  it('skips a range cut short and a trailing partial word', () => {
    expect(lossCount(words(7, 0x80000010))).toBe(1);
    expect(lossCount(Buffer.concat([words(7), Buffer.from([1, 2])]))).toBe(1);
  });
});

describe('ackRoundTrip', () => {
  it('is the second word of a full or small ACK, absent from a light one', () => {
    expect(ackRoundTrip(words(100, 25_000, 3000, 8192))).toBe(25_000);
    expect(ackRoundTrip(words(100))).toBeUndefined();
  });
});
