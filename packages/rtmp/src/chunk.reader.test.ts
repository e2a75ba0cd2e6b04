import { describe, expect, it } from 'vitest';
import { ChunkReader, type ChunkReaderLimits } from './chunk.reader.js';
import type { RtmpMessage } from './chunk.types.js';
import { RtmpError } from './rtmp.error.js';

const limits: ChunkReaderLimits = { maxMessageSize: 1 << 20, maxChunkStreams: 16, maxBufferedBytes: 4 << 20 };
const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const u24 = (n: number) => n.toString(16).padStart(6, '0');
const u32 = (n: number) => n.toString(16).padStart(8, '0');
const bytes = (n: number, start = 0) => Buffer.from(Array.from({ length: n }, (_, i) => (start + i) & 0xff));

function readAll(reader: ChunkReader, input: Buffer, step = input.length): RtmpMessage[] {
  const out: RtmpMessage[] = [];
  for (let i = 0; i < input.length; i += step) {
    reader.push(input.subarray(i, i + step));
    for (let m = reader.next(); m !== undefined; m = reader.next()) out.push(m);
  }
  return out;
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    if (err instanceof RtmpError) return err.code;
    throw err;
  }
  return undefined;
}

const u8 = (n: number) => n.toString(16).padStart(2, '0');
const le32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n);
  return b.toString('hex');
};
/** A type-0 chunk header on a 1-byte chunk stream id: timestamp field, length, type, message stream id. */
const type0 = (csid: number, ts: number, length: number, type: number, stream: number) =>
  `${u8(csid)} ${u24(ts)} ${u24(length)} ${u8(type)} ${le32(stream)}`;

describe('basic and message headers', () => {
  it('reads a one-chunk message with a type-0 header', () => {
    const input = hex(`${type0(3, 1000, 5, 20, 0)} 0102030405`);
    const [m] = readAll(new ChunkReader(limits), input);
    expect(m).toEqual({ csid: 3, typeId: 20, streamId: 0, timestamp: 1000, payload: hex('0102030405') });
  });

  it('reads the little-endian message stream id', () => {
    const [m] = readAll(new ChunkReader(limits), hex(`${type0(4, 0, 1, 9, 0x01020304)} aa`));
    expect(m?.streamId).toBe(0x01020304);
  });

  it('reads 2-byte (64..319) and 3-byte (up to 65599) chunk stream ids', () => {
    const two = hex(`00 c8 ${u24(0)} ${u24(1)} 08 00000000 aa`); // csid 64 + 200
    const three = hex(`01 10 27 ${u24(0)} ${u24(1)} 08 00000000 bb`); // csid 64 + 0x10 + 0x27 * 256
    expect(readAll(new ChunkReader(limits), Buffer.concat([two, three])).map((m) => m.csid)).toEqual([
      264,
      64 + 0x2710,
    ]);
  });

  it('reassembles a message split in 128-byte chunks with type-3 continuation headers', () => {
    const payload = bytes(300);
    const input = Buffer.concat([
      hex(type0(6, 40, 300, 9, 1)),
      payload.subarray(0, 128),
      hex('c6'),
      payload.subarray(128, 256),
      hex('c6'),
      payload.subarray(256),
    ]);
    const [m] = readAll(new ChunkReader(limits), input);
    expect(m?.payload.equals(payload)).toBe(true);
    // Byte by byte gives the same message.
    const [again] = readAll(new ChunkReader(limits), input, 1);
    expect(again?.payload.equals(payload)).toBe(true);
  });

  it('interleaves chunks of two chunk streams', () => {
    const a = bytes(200, 0);
    const b = bytes(150, 100);
    const input = Buffer.concat([
      hex(type0(4, 0, 200, 8, 1)),
      a.subarray(0, 128),
      hex(type0(6, 0, 150, 9, 1)),
      b.subarray(0, 128),
      hex('c4'),
      a.subarray(128),
      hex('c6'),
      b.subarray(128),
    ]);
    const out = readAll(new ChunkReader(limits), input);
    expect(out.map((m) => m.typeId)).toEqual([8, 9]);
    expect(out[0]?.payload.equals(a)).toBe(true);
    expect(out[1]?.payload.equals(b)).toBe(true);
  });

  it('applies type-1 and type-2 deltas, and type 3 re-applies the last delta to a new message', () => {
    const input = hex(`
      ${type0(4, 1000, 2, 8, 1)} 0a0b
      44 ${u24(23)} ${u24(3)} 08 0c0d0e
      84 ${u24(21)} 0f1011
      c4 121314
    `);
    const out = readAll(new ChunkReader(limits), input);
    expect(out.map((m) => [m.timestamp, m.payload.length, m.streamId])).toEqual([
      [1000, 2, 1],
      [1023, 3, 1],
      [1044, 3, 1],
      [1065, 3, 1],
    ]);
  });

  it('re-applies a type-0 timestamp field to a type-3 new message, as FFmpeg and librtmp read it', () => {
    const input = hex(`${type0(4, 500, 1, 8, 1)} aa c4 bb`);
    expect(readAll(new ChunkReader(limits), input).map((m) => m.timestamp)).toEqual([500, 1000]);
  });

  it('wraps timestamps at 2^32', () => {
    const input = hex(`04 ffffff ${u24(1)} 08 01000000 fffffff0 aa  84 ${u24(0x20)} bb`);
    expect(readAll(new ChunkReader(limits), input).map((m) => m.timestamp)).toEqual([0xfffffff0, 0x10]);
  });

  it('delivers a zero-length message', () => {
    const [m] = readAll(new ChunkReader(limits), hex(type0(3, 0, 0, 18, 1)));
    expect(m?.payload.length).toBe(0);
  });

  it('refuses a type-2 or type-3 chunk on a chunk stream that has had no header', () => {
    expect(codeOf(() => readAll(new ChunkReader(limits), hex(`85 000010 aa`)))).toBe('chunk_stream_unknown');
    expect(codeOf(() => readAll(new ChunkReader(limits), hex(`c5 aa`)))).toBe('chunk_stream_unknown');
  });
});

describe('extended timestamps', () => {
  it('reads the extended field after a type-0 header and on every type-3 continuation of that message', () => {
    const ts = 0x0100_0000; // past 0xFFFFFF: about 4 h 40 min into a stream
    const payload = bytes(300);
    const input = Buffer.concat([
      hex(`06 ffffff ${u24(300)} 09 01000000 ${u32(ts)}`),
      payload.subarray(0, 128),
      hex(`c6 ${u32(ts)}`),
      payload.subarray(128, 256),
      hex(`c6 ${u32(ts)}`),
      payload.subarray(256),
    ]);
    const reader = new ChunkReader(limits);
    const [m] = readAll(reader, input);
    expect(m?.timestamp).toBe(ts);
    expect(m?.payload.equals(payload)).toBe(true);
    expect(reader.counters.extendedTimestampHeaders).toBe(3);
  });

  it('reads the extended field on a type-3 chunk that starts a new message, taking it as the delta', () => {
    const input = hex(`
      06 ffffff ${u24(2)} 09 01000000 00fffff0 aaaa
      c6 00000021 bbbb
      86 000021 cccc
    `);
    const out = readAll(new ChunkReader(limits), input);
    expect(out.map((m) => m.timestamp)).toEqual([0x00fffff0, 0x00fffff0 + 0x21, 0x00fffff0 + 0x42]);
    expect(out.map((m) => m.payload.toString('hex'))).toEqual(['aaaa', 'bbbb', 'cccc']);
  });

  it('reads an extended delta on a type-1 header, and stops expecting the field after a normal header', () => {
    const input = hex(`
      04 000010 ${u24(1)} 08 01000000 aa
      44 ffffff ${u24(1)} 08 ${u32(0x0100_0000)} bb
      c4 ${u32(0x20)} cc
      84 000005 dd
      c4 ee
    `);
    const out = readAll(new ChunkReader(limits), input);
    expect(out.map((m) => m.timestamp)).toEqual([0x10, 0x0100_0010, 0x0100_0030, 0x0100_0035, 0x0100_003a]);
  });

  it('reads continuations without the extended field, as librtmp and OBS write them', () => {
    // OBS sends audio and video on one chunk stream; a step back (video after later audio) is a delta of 2^32 - 10,
    // which needs the extended field, and librtmp does not repeat it on the continuation chunks.
    const payload = bytes(300, 7);
    const input = Buffer.concat([
      hex(`${type0(4, 1000, 1, 8, 1)} aa`),
      hex(`44 ffffff ${u24(300)} 09 fffffff6`),
      payload.subarray(0, 128),
      hex('c4'),
      payload.subarray(128, 256),
      hex('c4'),
      payload.subarray(256),
    ]);
    const reader = new ChunkReader(limits);
    const out = readAll(reader, input);
    expect(out.map((m) => m.timestamp)).toEqual([1000, 990]);
    expect(out[1]?.payload.equals(payload)).toBe(true);
    expect(reader.counters.extendedTimestampOmitted).toBe(2);
  });

  it('reads continuations that repeat the absolute timestamp instead of the delta', () => {
    const payload = bytes(200);
    const input = Buffer.concat([
      hex(`${type0(6, 0x10, 1, 9, 1)} aa`),
      hex(`46 ffffff ${u24(200)} 09 ${u32(0x0100_0000)}`),
      payload.subarray(0, 128),
      hex(`c6 ${u32(0x0100_0010)}`),
      payload.subarray(128),
    ]);
    const reader = new ChunkReader(limits);
    const out = readAll(reader, input);
    expect(out[1]?.timestamp).toBe(0x0100_0010);
    expect(out[1]?.payload.equals(payload)).toBe(true);
    expect(reader.counters.extendedTimestampOmitted).toBe(0);
  });

  it('crosses 0xFFFFFF within a stream of small deltas without the field (what a publisher near 4 h 40 min sends)', () => {
    const input = hex(`06 fffff0 ${u24(1)} 09 01000000 aa  86 000021 bb`);
    expect(readAll(new ChunkReader(limits), input).map((m) => m.timestamp)).toEqual([0xfffff0, 0x1000011]);
  });
});

describe('control applied by the reader', () => {
  it('applies Set Chunk Size to the chunks that follow it', () => {
    const payload = bytes(300);
    const input = Buffer.concat([
      hex(`02 000000 000004 01 00000000 00000100`), // chunk size 256
      hex(type0(6, 0, 300, 9, 1)),
      payload.subarray(0, 256),
      hex('c6'),
      payload.subarray(256),
    ]);
    const reader = new ChunkReader(limits);
    const out = readAll(reader, input);
    expect(reader.chunkSize).toBe(256);
    expect(out[1]?.payload.equals(payload)).toBe(true);
  });

  it('refuses chunk sizes 0 and past 0x7FFFFFFF', () => {
    for (const size of ['00000000', '80000000', 'ffffffff']) {
      const input = hex(`02 000000 000004 01 00000000 ${size}`);
      expect(codeOf(() => readAll(new ChunkReader(limits), input))).toBe('chunk_size_invalid');
    }
    const max = hex(`02 000000 000004 01 00000000 7fffffff`);
    const reader = new ChunkReader(limits);
    readAll(reader, max);
    expect(reader.chunkSize).toBe(0x7fffffff);
  });

  it('drops the unfinished message an Abort names', () => {
    const input = Buffer.concat([
      hex(type0(6, 0, 300, 9, 1)),
      bytes(128),
      hex(`02 000000 000004 02 00000000 00000006`),
      hex(type0(6, 0, 2, 9, 1)),
      hex('abcd'),
    ]);
    const reader = new ChunkReader(limits);
    const out = readAll(reader, input);
    expect(out.map((m) => m.typeId)).toEqual([2, 9]);
    expect(out[1]?.payload.toString('hex')).toBe('abcd');
    expect(reader.counters.droppedMessages).toBe(1);
    expect(reader.bufferedBytes).toBe(0);
  });

  it('drops an unfinished message cut short by a new full header on its chunk stream', () => {
    const input = Buffer.concat([hex(type0(6, 0, 300, 9, 1)), bytes(128), hex(type0(6, 0, 1, 9, 1)), hex('ee')]);
    const reader = new ChunkReader(limits);
    expect(readAll(reader, input).map((m) => m.payload.toString('hex'))).toEqual(['ee']);
    expect(reader.counters.droppedMessages).toBe(1);
  });
});

describe('limits', () => {
  it('refuses a message longer than the maximum message size', () => {
    const small = { ...limits, maxMessageSize: 1000 };
    expect(codeOf(() => readAll(new ChunkReader(small), hex(type0(3, 0, 1001, 20, 0))))).toBe('message_too_large');
  });

  it('refuses more chunk streams than allowed', () => {
    const few = { ...limits, maxChunkStreams: 3 };
    const input = Buffer.concat([3, 4, 5, 6].map((csid) => hex(`${type0(csid, 0, 1, 8, 1)} 00`)));
    expect(codeOf(() => readAll(new ChunkReader(few), input))).toBe('chunk_streams_exceeded');
  });

  it('refuses to hold more unfinished bytes than allowed, across chunk streams', () => {
    const tight = { ...limits, maxBufferedBytes: 1000 };
    const parts: Buffer[] = [];
    for (let csid = 3; csid < 13; csid++) parts.push(hex(type0(csid, 0, 100_000, 9, 1)), bytes(128));
    expect(codeOf(() => readAll(new ChunkReader(tight), Buffer.concat(parts)))).toBe('buffer_limit');
  });
});
