import { BitReader } from './bit.reader.js';
import { ensure, RtmpError } from './rtmp.error.js';

/** An AV1CodecConfigurationRecord, with the maximum frame size from its sequence header OBU when present. */
export interface Av1Config {
  profile: number;
  level: number;
  tier: number;
  bitDepth: number;
  monochrome: boolean;
  width?: number;
  height?: number;
}

const OBU_SEQUENCE_HEADER = 1;

/** Reads a LEB128 length from `buf` at `p`: the value and the bytes it took. */
function leb128(buf: Buffer, p: number): [number, number] {
  let value = 0;
  for (let i = 0; i < 8; i++) {
    ensure(p + i < buf.length, 'bitstream_overrun', 'OBU size truncated.');
    const byte = buf[p + i]!;
    value += (byte & 0x7f) * 2 ** (7 * i);
    if ((byte & 0x80) === 0) return [value, i + 1];
  }
  throw new RtmpError('bitstream_overrun', 'OBU size too long.');
}

/** Maximum frame size from a sequence_header_obu() payload (AV1 spec 5.5). */
export function parseAv1SequenceHeader(payload: Buffer): { width: number; height: number } {
  const r = new BitReader(payload);
  r.skip(3); // seq_profile
  r.skip(1); // still_picture
  const reduced = r.flag();
  if (reduced) {
    r.skip(5);
  } else {
    let decoderModel = false;
    let bufferDelayLength = 0;
    if (r.flag()) {
      // timing_info()
      r.skip(64);
      if (r.flag()) r.uvlc();
      decoderModel = r.flag();
      if (decoderModel) {
        bufferDelayLength = r.bits(5) + 1;
        r.skip(32 + 5 + 5);
      }
    }
    const initialDisplayDelay = r.flag();
    const operatingPoints = r.bits(5) + 1;
    for (let i = 0; i < operatingPoints; i++) {
      r.skip(12); // operating_point_idc
      if (r.bits(5) > 7) r.skip(1); // seq_level_idx, seq_tier
      if (decoderModel && r.flag()) r.skip(2 * bufferDelayLength + 1);
      if (initialDisplayDelay && r.flag()) r.skip(4);
    }
  }
  const widthBits = r.bits(4) + 1;
  const heightBits = r.bits(4) + 1;
  return { width: r.bits(widthBits) + 1, height: r.bits(heightBits) + 1 };
}

/** Parses an AV1CodecConfigurationRecord; throws `RtmpError` when it is truncated. */
export function parseAv1Config(record: Buffer): Av1Config {
  ensure(record.length >= 4, 'flv_tag_malformed', 'AV1 configuration record too short.');
  ensure((record[0]! & 0x80) !== 0, 'flv_tag_malformed', 'AV1 configuration record without its marker bit.');
  const highBitDepth = (record[2]! & 0x40) !== 0;
  const twelveBit = (record[2]! & 0x20) !== 0;
  const config: Av1Config = {
    profile: record[1]! >> 5,
    level: record[1]! & 0x1f,
    tier: record[2]! >> 7,
    bitDepth: highBitDepth ? (twelveBit ? 12 : 10) : 8,
    monochrome: (record[2]! & 0x10) !== 0,
  };
  try {
    let p = 4;
    while (p < record.length) {
      const header = record[p]!;
      const type = (header >> 3) & 0x0f;
      p += header & 0x04 ? 2 : 1;
      let size = record.length - p;
      if (header & 0x02) {
        const [value, used] = leb128(record, p);
        p += used;
        size = value;
      }
      ensure(p + size <= record.length, 'bitstream_overrun', 'OBU runs past the record.');
      if (type === OBU_SEQUENCE_HEADER) {
        Object.assign(config, parseAv1SequenceHeader(record.subarray(p, p + size)));
        break;
      }
      p += size;
    }
  } catch (err) {
    if (!(err instanceof RtmpError)) throw err;
  }
  return config;
}
