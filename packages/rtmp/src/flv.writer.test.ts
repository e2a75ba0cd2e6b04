import { describe, expect, it } from 'vitest';
import { splitAggregate } from './aggregate.split.js';
import type { RtmpMessage } from './chunk.types.js';
import { flvHeader, flvStream, flvTag } from './flv.writer.js';
import { RtmpError } from './rtmp.error.js';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

describe('FLV writer', () => {
  it('writes the header and PreviousTagSize0', () => {
    expect(flvHeader().toString('hex')).toBe('464c5601050000000900000000');
    expect(flvHeader({ audio: false, video: true })[4]).toBe(0x01);
  });

  it('writes a tag with its previous-tag-size', () => {
    const tag = flvTag({ type: 9, timestamp: 0x21, body: hex('1701000000') });
    expect(tag.toString('hex')).toBe('09 000005 000021 00 000000 1701000000 00000010'.replace(/ /g, ''));
  });

  it('puts timestamps past 0xFFFFFF in TimestampExtended', () => {
    const tag = flvTag({ type: 8, timestamp: 0x0100_0021, body: hex('af01') });
    expect(tag.subarray(4, 8).toString('hex')).toBe('00002101');
    const wrapped = flvTag({ type: 8, timestamp: 2 ** 32 + 5, body: hex('af01') });
    expect(wrapped.subarray(4, 8).toString('hex')).toBe('00000500');
  });

  it('streams the header then every tag', async () => {
    async function* tags() {
      yield { type: 18 as const, timestamp: 0, body: hex('02000a6f6e4d65746144617461') };
      yield { type: 9 as const, timestamp: 40, body: hex('2701000000') };
    }
    const chunks: Buffer[] = [];
    for await (const chunk of flvStream(tags())) chunks.push(chunk);
    const all = Buffer.concat(chunks);
    expect(all.length).toBe(13 + (11 + 13 + 4) + (11 + 5 + 4));
    // Each PreviousTagSize matches the tag before it.
    expect(all.readUInt32BE(13 + 11 + 13)).toBe(24);
    expect(all.readUInt32BE(all.length - 4)).toBe(16);
  });
});

/** An FLV tag as an aggregate message carries it, back pointer included. */
function subTag(type: number, timestamp: number, body: Buffer, backPointer = true): Buffer {
  const tag = flvTag({ type: type as 8 | 9 | 18, timestamp, body });
  return backPointer ? tag : tag.subarray(0, tag.length - 4);
}

describe('aggregate messages', () => {
  const aggregate = (timestamp: number, payload: Buffer): RtmpMessage => ({
    csid: 6,
    typeId: 22,
    streamId: 1,
    timestamp,
    payload,
  });

  it('splits into sub-messages rebased on the aggregate timestamp', () => {
    const payload = Buffer.concat([
      subTag(9, 5000, hex('1701000000aa')),
      subTag(8, 5010, hex('af01bb')),
      subTag(9, 5033, hex('2701000000cc')),
    ]);
    const parts = splitAggregate(aggregate(100, payload));
    expect(parts.map((m) => [m.typeId, m.timestamp, m.streamId, m.payload.toString('hex')])).toEqual([
      [9, 100, 1, '1701000000aa'],
      [8, 110, 1, 'af01bb'],
      [9, 133, 1, '2701000000cc'],
    ]);
  });

  it('rebases across 2^32 and reads sub-tag timestamps past 0xFFFFFF', () => {
    const payload = Buffer.concat([subTag(9, 0x0100_0000, hex('27')), subTag(9, 0x0100_0020, hex('27'))]);
    expect(splitAggregate(aggregate(0xffff_fff0, payload)).map((m) => m.timestamp)).toEqual([0xffff_fff0, 0x10]);
  });

  it('skips tags of other types and tolerates a missing last back pointer', () => {
    const payload = Buffer.concat([subTag(7, 0, hex('00')), subTag(8, 0, hex('af01'), false)]);
    expect(splitAggregate(aggregate(0, payload)).map((m) => m.typeId)).toEqual([8]);
  });

  it('refuses a tag running past the payload', () => {
    const payload = subTag(9, 0, hex('2701000000'));
    expect(() => splitAggregate(aggregate(0, payload.subarray(0, 14)))).toThrow(RtmpError);
    expect(() => splitAggregate(aggregate(0, payload.subarray(0, 5)))).toThrow(RtmpError);
  });
});
