import { DEFAULT_CHUNK_SIZE, EXTENDED_TIMESTAMP, MAX_MESSAGE_LENGTH, type RtmpMessage } from './chunk.types.js';

/** The 1-, 2- or 3-byte basic header for a chunk stream id (2..65599). */
export function basicHeader(fmt: number, csid: number): Buffer {
  if (csid >= 2 && csid <= 63) return Buffer.from([(fmt << 6) | csid]);
  if (csid >= 64 && csid <= 319) return Buffer.from([fmt << 6, csid - 64]);
  if (csid >= 64 && csid <= 65599) return Buffer.from([(fmt << 6) | 1, (csid - 64) & 0xff, (csid - 64) >> 8]);
  throw new RangeError(`Chunk stream id ${csid} is outside 2..65599.`);
}

interface Sent {
  timestamp: number;
  length: number;
  typeId: number;
  streamId: number;
  /** The 3-byte timestamp field last written on this chunk stream. */
  field: number;
}

/**
 * Splits messages into chunks. By default every message starts with a type-0 header, which any reader takes
 * (the server's few replies need nothing more). With `compress`, headers shrink to types 1, 2 and 3 the way FFmpeg
 * writes them (delta, then same length and type, then same delta): the test publisher uses it to exercise every
 * header form. Timestamps or deltas at or past 0xFFFFFF go in the extended field, repeated on every type-3 chunk
 * unless `librtmp` writes as librtmp (and so OBS) does: deltas even backwards (wrapping at 2^32), and
 * continuations without the extended field.
 */
export class ChunkWriter {
  chunkSize = DEFAULT_CHUNK_SIZE;
  private readonly sent = new Map<number, Sent>();

  constructor(private readonly options: { compress?: boolean; librtmp?: boolean } = {}) {}

  write(message: RtmpMessage): Buffer {
    const { csid, typeId, streamId, payload } = message;
    if (payload.length > MAX_MESSAGE_LENGTH) throw new RangeError(`A message is at most ${MAX_MESSAGE_LENGTH} bytes.`);
    const timestamp = message.timestamp >>> 0;
    const prev = this.options.compress ? this.sent.get(csid) : undefined;
    const useDelta =
      prev !== undefined &&
      prev.streamId === streamId &&
      (timestamp >= prev.timestamp || this.options.librtmp === true);
    const value = useDelta ? (timestamp - prev.timestamp) >>> 0 : timestamp;
    const field = Math.min(value, EXTENDED_TIMESTAMP);
    let fmt = 0;
    if (useDelta) {
      fmt = prev.typeId === typeId && prev.length === payload.length ? (prev.field === field ? 3 : 2) : 1;
    }
    const extended = field === EXTENDED_TIMESTAMP;
    const parts: Buffer[] = [basicHeader(fmt, csid)];
    if (fmt <= 2) {
      const header = Buffer.alloc(fmt === 0 ? 11 : fmt === 1 ? 7 : 3);
      header.writeUIntBE(field, 0, 3);
      if (fmt <= 1) {
        header.writeUIntBE(payload.length, 3, 3);
        header[6] = typeId;
      }
      if (fmt === 0) header.writeUInt32LE(streamId, 7);
      parts.push(header);
    }
    const ext = extended ? Buffer.alloc(4) : undefined;
    ext?.writeUInt32BE(value);
    if (ext) parts.push(ext);
    for (let offset = 0; ; ) {
      const end = Math.min(offset + this.chunkSize, payload.length);
      parts.push(payload.subarray(offset, end));
      offset = end;
      if (offset >= payload.length) break;
      parts.push(basicHeader(3, csid));
      if (ext && !this.options.librtmp) parts.push(ext);
    }
    this.sent.set(csid, { timestamp, length: payload.length, typeId, streamId, field });
    return Buffer.concat(parts);
  }
}
