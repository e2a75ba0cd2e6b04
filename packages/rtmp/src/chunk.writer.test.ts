import { describe, expect, it } from 'vitest';
import { ChunkReader } from './chunk.reader.js';
import type { RtmpMessage } from './chunk.types.js';
import { basicHeader, ChunkWriter } from './chunk.writer.js';
import {
  decodeControl,
  setChunkSizeMessage,
  setPeerBandwidthMessage,
  UserControl,
  userControlMessage,
  windowAckSizeMessage,
} from './control.messages.js';

const limits = { maxMessageSize: 1 << 20, maxChunkStreams: 16, maxBufferedBytes: 4 << 20 };

function roundTrip(messages: RtmpMessage[], compress: boolean, chunkSize = 128): RtmpMessage[] {
  const writer = new ChunkWriter({ compress });
  writer.chunkSize = chunkSize;
  const reader = new ChunkReader(limits);
  reader.chunkSize = chunkSize;
  const out: RtmpMessage[] = [];
  for (const message of messages) {
    reader.push(writer.write(message));
    for (let m = reader.next(); m !== undefined; m = reader.next()) out.push(m);
  }
  return out;
}

const msg = (timestamp: number, length: number, typeId = 9, csid = 6): RtmpMessage => ({
  csid,
  typeId,
  streamId: 1,
  timestamp,
  payload: Buffer.alloc(length, timestamp & 0xff),
});

describe('chunk writer', () => {
  it('encodes basic headers for the three csid ranges', () => {
    expect(basicHeader(0, 3).toString('hex')).toBe('03');
    expect(basicHeader(3, 63).toString('hex')).toBe('ff');
    expect(basicHeader(1, 64).toString('hex')).toBe('4000');
    expect(basicHeader(0, 319).toString('hex')).toBe('00ff');
    expect(basicHeader(0, 320).toString('hex')).toBe('010001');
    expect(basicHeader(2, 65599).toString('hex')).toBe('81ffff');
    expect(() => basicHeader(0, 1)).toThrow(RangeError);
  });

  it('writes a type-0 header and type-3 continuations', () => {
    const bytes = new ChunkWriter().write({
      csid: 3,
      typeId: 20,
      streamId: 0,
      timestamp: 0,
      payload: Buffer.alloc(130),
    });
    expect(bytes.length).toBe(12 + 128 + 1 + 2);
    expect(bytes.subarray(0, 12).toString('hex')).toBe('030000000000821400000000');
    expect(bytes[140]).toBe(0xc3);
  });

  it('writes the extended field on every chunk of a message past 0xFFFFFF', () => {
    const bytes = new ChunkWriter().write(msg(0x0100_0000, 200));
    expect(bytes.subarray(1, 4).toString('hex')).toBe('ffffff');
    expect(bytes.subarray(12, 16).toString('hex')).toBe('01000000');
    // After 128 bytes of payload: the type-3 header and the same extended field again.
    expect(bytes.subarray(16 + 128, 16 + 128 + 5).toString('hex')).toBe('c601000000');
  });

  for (const compress of [false, true]) {
    it(`round-trips through the reader (${compress ? 'types 0 to 3' : 'type 0 only'}), across 0xFFFFFF and 2^32`, () => {
      const messages = [
        msg(0, 10),
        msg(33, 10),
        msg(66, 10),
        msg(99, 300),
        msg(0xfffff0, 300),
        msg(0xfffff0 + 33, 300),
        msg(0xfffff0 + 66, 300),
        msg(0x0200_0000, 300),
        msg(0x0200_0000 + 0x0100_0000, 300),
        msg(0x0200_0000 + 0x0200_0000, 300),
        msg(0xffff_fff0, 5),
        msg(0x10, 5),
        msg(0x10, 5, 8, 4),
      ];
      const out = roundTrip(messages, compress);
      expect(out.map((m) => m.timestamp)).toEqual(messages.map((m) => m.timestamp));
      expect(out.every((m, i) => m.payload.equals(messages[i]!.payload))).toBe(true);
    });
  }

  it('round-trips continuations written without the extended field, as librtmp writes them', () => {
    const writer = new ChunkWriter({ compress: true, librtmp: true });
    const reader = new ChunkReader(limits);
    const messages = [msg(0x0100_0000, 500), msg(0x0100_0021, 500), msg(0x0100_0010, 500), msg(0x0300_0000, 500)];
    const out: RtmpMessage[] = [];
    for (const m of messages) {
      reader.push(writer.write(m));
      for (let r = reader.next(); r !== undefined; r = reader.next()) out.push(r);
    }
    expect(out.map((m) => m.timestamp)).toEqual(messages.map((m) => m.timestamp));
    expect(out.every((m, i) => m.payload.equals(messages[i]!.payload))).toBe(true);
    expect(reader.counters.extendedTimestampOmitted).toBeGreaterThan(0);
  });

  it('uses every header type when compressing', () => {
    const writer = new ChunkWriter({ compress: true });
    const fmts = [msg(0, 10), msg(33, 12), msg(70, 12), msg(107, 12)].map((m) => writer.write(m)[0]! >> 6);
    expect(fmts).toEqual([0, 1, 2, 3]);
  });
});

describe('control messages', () => {
  it('encode and decode', () => {
    expect(decodeControl(setChunkSizeMessage(4096))).toEqual({ kind: 'setChunkSize', size: 4096 });
    expect(decodeControl(windowAckSizeMessage(2_500_000))).toEqual({ kind: 'windowAckSize', size: 2_500_000 });
    expect(decodeControl(setPeerBandwidthMessage(2_500_000))).toEqual({
      kind: 'setPeerBandwidth',
      size: 2_500_000,
      limit: 2,
    });
    expect(decodeControl(userControlMessage(UserControl.pingRequest, 1234))).toEqual({
      kind: 'userControl',
      event: 6,
      value: 1234,
    });
  });

  it('refuses short payloads with our error', () => {
    const short = { csid: 2, typeId: 5, streamId: 0, timestamp: 0, payload: Buffer.alloc(3) };
    expect(() => decodeControl(short)).toThrow(/needs 4 bytes/);
    expect(() => decodeControl({ ...short, typeId: 4, payload: Buffer.alloc(5) })).toThrow(/needs 6 bytes/);
  });

  it('reads the buffer length of Set Buffer Length', () => {
    const payload = Buffer.from('0003000000010000012c', 'hex');
    expect(decodeControl({ csid: 2, typeId: 4, streamId: 0, timestamp: 0, payload })).toEqual({
      kind: 'userControl',
      event: 3,
      value: 1,
      extra: 300,
    });
  });
});
