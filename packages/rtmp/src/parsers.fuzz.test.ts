import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitAggregate } from './aggregate.split.js';
import { decodeAmf0 } from './amf0.decode.js';
import { encodeAmf0 } from './amf0.encode.js';
import { type AmfValue, EcmaArray } from './amf0.types.js';
import { parseAacConfig } from './audio.config.js';
import { parseAv1Config } from './av1.config.js';
import { parseAvcConfig, parseAvcSps } from './avc.config.js';
import { ChunkReader, type ChunkReaderLimits } from './chunk.reader.js';
import type { RtmpMessage } from './chunk.types.js';
import { ChunkWriter } from './chunk.writer.js';
import { audioCodecInfo, videoCodecInfo } from './codec.info.js';
import { parseAudioTagHeader, parseVideoTagHeader } from './flv.tag.js';
import { flvTag } from './flv.writer.js';
import { HANDSHAKE_SIZE } from './handshake.digest.js';
import { ServerHandshake } from './handshake.server.js';
import { parseHevcConfig } from './hevc.config.js';
import { type ConnectionLimits, RtmpConnection } from './rtmp.connection.js';
import { RtmpError } from './rtmp.error.js';
import { mutated, onlyErrorsOf } from './testing/fuzz.js';
import { PublisherScript } from './testing/publisher.script.js';
import { AAC_SEQUENCE_HEADER, AVC_SEQUENCE_HEADER, avcFrame, hevcSequenceStart } from './testing/sample.media.js';

/** Each target runs a fixed number of cases, and stops early past a few seconds on a busy machine. */
const budget = { numRuns: 1500, interruptAfterTimeLimit: 4000 };

/** Runs `fn`; only our parse error may escape it. */
const onlyOurError = (fn: () => void) => onlyErrorsOf(RtmpError, fn);

const randomBytes = (maxLength: number) => fc.uint8Array({ maxLength }).map((a) => Buffer.from(a));
/** Splits a buffer at arbitrary points, as TCP does. */
const splits = fc.array(fc.integer({ min: 1, max: 300 }), { minLength: 1, maxLength: 20 });
function pieces(buf: Buffer, sizes: number[]): Buffer[] {
  const out: Buffer[] = [];
  for (let p = 0, i = 0; p < buf.length; i++) {
    const n = sizes[i % sizes.length]!;
    out.push(buf.subarray(p, p + n));
    p += n;
  }
  return out;
}

describe('fuzz: handshake', () => {
  it('takes any byte stream: a reply once 1537 bytes are in, our error otherwise, and never holds more than C0+C1+C2', () => {
    const input = fc.oneof(
      randomBytes(4000),
      randomBytes(4000).map((b) => Buffer.concat([Buffer.from([3]), b])),
    );
    fc.assert(
      fc.property(input, splits, (bytes, sizes) => {
        const hs = new ServerHandshake();
        let replies = 0;
        onlyOurError(() => {
          for (const piece of pieces(bytes, sizes)) {
            const step = hs.push(piece);
            if (step.reply) {
              replies += 1;
              expect(step.reply.bytes.length).toBe(1 + 2 * HANDSHAKE_SIZE);
            }
            if (step.rest !== undefined) break;
          }
        });
        expect(replies).toBeLessThanOrEqual(1);
      }),
      budget,
    );
  });
});

const readerLimits: ChunkReaderLimits = { maxMessageSize: 64 * 1024, maxChunkStreams: 8, maxBufferedBytes: 128 * 1024 };

const message: fc.Arbitrary<RtmpMessage> = fc.record({
  csid: fc.oneof(fc.integer({ min: 2, max: 10 }), fc.constantFrom(63, 64, 319, 320, 65599)),
  typeId: fc.constantFrom(8, 9, 18, 20, 22, 4, 5),
  streamId: fc.constantFrom(0, 1, 2),
  timestamp: fc.oneof(fc.nat(0x1000), fc.integer({ min: 0xfffff0, max: 0x1000100 }), fc.nat({ max: 0xffffffff })),
  payload: fc.uint8Array({ maxLength: 700 }).map((a) => Buffer.from(a)),
});
/** Valid chunk streams: messages through the compressing writer, with a chunk size change in front sometimes. */
const chunkStream = fc
  .tuple(fc.array(message, { maxLength: 12 }), fc.constantFrom(128, 60, 1000))
  .map(([messages, size]) => {
    const writer = new ChunkWriter({ compress: true });
    const head = Buffer.from([0x02, 0, 0, 0, 0, 0, 4, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
    head.writeUInt32BE(size, 12);
    writer.chunkSize = size;
    return Buffer.concat([head, ...messages.map((m) => writer.write(m))]);
  });

describe('fuzz: chunk stream', () => {
  it('reads random and mutated chunk streams within its limits, throwing only our error', () => {
    fc.assert(
      fc.property(fc.oneof(randomBytes(3000), mutated(chunkStream), chunkStream), splits, (bytes, sizes) => {
        const reader = new ChunkReader(readerLimits);
        onlyOurError(() => {
          for (const piece of pieces(bytes, sizes)) {
            reader.push(piece);
            for (let m = reader.next(); m !== undefined; m = reader.next()) {
              expect(m.payload.length).toBeLessThanOrEqual(readerLimits.maxMessageSize);
            }
            expect(reader.bufferedBytes).toBeLessThanOrEqual(readerLimits.maxBufferedBytes);
          }
        });
      }),
      budget,
    );
  });

  it('reads back exactly what the writer wrote, whatever the split', () => {
    fc.assert(
      fc.property(fc.array(message, { maxLength: 10 }), splits, (messages, sizes) => {
        const writer = new ChunkWriter({ compress: true });
        const bytes = Buffer.concat(messages.map((m) => writer.write(m)));
        const reader = new ChunkReader({ ...readerLimits, maxChunkStreams: 64 });
        const out: RtmpMessage[] = [];
        for (const piece of pieces(bytes, sizes)) {
          reader.push(piece);
          for (let m = reader.next(); m !== undefined; m = reader.next()) out.push(m);
        }
        expect(out.map((m) => [m.csid, m.typeId, m.streamId, m.timestamp, m.payload.toString('hex')])).toEqual(
          messages.map((m) => [m.csid, m.typeId, m.streamId, m.timestamp >>> 0, m.payload.toString('hex')]),
        );
      }),
      budget,
    );
  });
});

const amfValue: fc.Arbitrary<AmfValue> = fc.letrec<{ value: AmfValue }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    fc.double({ noNaN: true }),
    fc.boolean(),
    fc.string({ maxLength: 20 }),
    fc.constant(null),
    fc.constant(undefined),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(fc.string({ maxLength: 8 }), tie('value'), { maxKeys: 4 }),
    fc.dictionary(fc.string({ maxLength: 8 }), tie('value'), { maxKeys: 4 }).map((d) => new EcmaArray(d)),
  ),
})).value;

function depthOf(value: AmfValue): number {
  if (Array.isArray(value)) return 1 + Math.max(0, ...value.map(depthOf));
  if (value instanceof EcmaArray) return depthOf(value.properties);
  if (value !== null && typeof value === 'object' && !(value instanceof Date)) {
    return 1 + Math.max(0, ...Object.values(value).map(depthOf));
  }
  return 0;
}

describe('fuzz: AMF0', () => {
  const limits = { maxDepth: 6, maxItems: 200 };
  const encoded = fc.array(amfValue, { minLength: 1, maxLength: 4 }).map((values) => encodeAmf0(...values));

  it('decodes random and mutated payloads within depth and item limits, throwing only our error', () => {
    fc.assert(
      fc.property(fc.oneof(randomBytes(600), mutated(encoded)), (bytes) => {
        onlyOurError(() => {
          const values = decodeAmf0(bytes, limits);
          for (const v of values) expect(depthOf(v)).toBeLessThanOrEqual(limits.maxDepth);
          expect(values.length).toBeLessThanOrEqual(limits.maxItems);
        });
      }),
      budget,
    );
  });

  it('refuses hostile nesting without exhausting the stack', () => {
    fc.assert(
      fc.property(fc.integer({ min: 7, max: 100_000 }), fc.constantFrom(0x03, 0x0a, 0x08), (depth, marker) => {
        const open =
          marker === 0x03
            ? [0x03, 0x00, 0x01, 0x61]
            : marker === 0x0a
              ? [0x0a, 0, 0, 0, 1]
              : [8, 0, 0, 0, 1, 0, 1, 0x61];
        const bytes = Buffer.from(Array.from({ length: depth }, () => open).flat());
        expect(() => decodeAmf0(bytes, limits)).toThrow(RtmpError);
      }),
      { ...budget, numRuns: 50 },
    );
  });
});

describe('fuzz: FLV tags and codec configurations', () => {
  const tags = fc.constantFrom(AVC_SEQUENCE_HEADER, AAC_SEQUENCE_HEADER, avcFrame(true, 40), hevcSequenceStart());

  it('parses random and mutated tag bodies; codec info reports what it cannot read instead of throwing', () => {
    fc.assert(
      fc.property(fc.oneof(randomBytes(200), mutated(tags)), (body) => {
        onlyOurError(() => {
          const header = parseVideoTagHeader(body);
          expect(header.dataOffset).toBeLessThanOrEqual(body.length);
          videoCodecInfo({ ...header, packet: 'sequence-start' }, body);
        });
        onlyOurError(() => {
          const header = parseAudioTagHeader(body);
          expect(header.dataOffset).toBeLessThanOrEqual(body.length);
          audioCodecInfo({ ...header, packet: 'sequence-start' }, body);
        });
      }),
      budget,
    );
  });

  it('parses random and mutated configuration records and parameter sets, throwing only our error', () => {
    const records = fc.constantFrom(AVC_SEQUENCE_HEADER.subarray(5), hevcSequenceStart().subarray(5));
    fc.assert(
      fc.property(fc.oneof(randomBytes(120), mutated(records)), (bytes) => {
        for (const parse of [parseAvcConfig, parseHevcConfig, parseAv1Config, parseAacConfig, parseAvcSps]) {
          onlyOurError(() => void parse(bytes));
        }
        onlyOurError(() => void parseAvcSps(Buffer.concat([Buffer.from([0x67]), bytes])));
      }),
      budget,
    );
  });

  it('splits random and mutated aggregate messages, throwing only our error', () => {
    const aggregate = fc
      .array(fc.tuple(fc.constantFrom(8, 9, 18), fc.nat({ max: 0xffffffff }), randomBytes(50)), { maxLength: 6 })
      .map((parts) => Buffer.concat(parts.map(([type, ts, body]) => flvTag({ type: type as 8, timestamp: ts, body }))));
    fc.assert(
      fc.property(fc.oneof(randomBytes(300), mutated(aggregate)), fc.nat({ max: 0xffffffff }), (payload, ts) => {
        onlyOurError(() => {
          const parts = splitAggregate({ csid: 6, typeId: 22, streamId: 1, timestamp: ts, payload });
          for (const p of parts) expect(p.payload.length).toBeLessThanOrEqual(payload.length);
        });
      }),
      budget,
    );
  });
});

describe('fuzz: a whole connection', () => {
  const limits: ConnectionLimits = {
    ...readerLimits,
    maxDepth: 8,
    maxItems: 500,
    outChunkSize: 4096,
    windowAckSize: 1e6,
  };

  it('takes random and mutated input after a live publish, throwing only our error', () => {
    const script = new PublisherScript();
    const media = Buffer.concat([
      script.setChunkSize(300),
      script.metadata({ width: 640, height: 360 }),
      script.media(9, 0, AVC_SEQUENCE_HEADER),
      script.media(8, 0, AAC_SEQUENCE_HEADER),
      script.media(9, 0xfffff0, avcFrame(true, 900)),
      script.media(9, 0x1000020, avcFrame(false, 100)),
      script.command('FCUnpublish', null, 'k'),
    ]);
    fc.assert(
      fc.property(fc.oneof(randomBytes(2000), mutated(fc.constant(media))), splits, (bytes, sizes) => {
        const client = new PublisherScript();
        const conn = new RtmpConnection(limits, {
          send: (b) => {
            const c2 = client.receive(b);
            if (c2) conn.receive(c2);
          },
          publish: () => {},
          codec: () => {},
          metadata: () => {},
          media: () => {},
          unpublished: () => {},
          end: () => {},
        });
        conn.receive(client.start('simple'));
        conn.receive(Buffer.concat([client.connect('live', 'k'), client.publish('k')]));
        conn.accept();
        onlyOurError(() => {
          for (const piece of pieces(bytes, sizes)) conn.receive(piece);
        });
        expect(conn.bufferedBytes).toBeLessThanOrEqual(limits.maxBufferedBytes);
      }),
      budget,
    );
  });
});
