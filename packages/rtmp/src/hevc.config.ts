import { BitReader, unescapeRbsp } from './bit.reader.js';
import { ensure, RtmpError } from './rtmp.error.js';

/** An HEVCDecoderConfigurationRecord (ISO 14496-15), with the picture size from its SPS when readable. */
export interface HevcConfig {
  profile: number;
  tier: 'main' | 'high';
  /** general_level_idc: 30 times the level (93 is level 3.1). */
  level: number;
  chromaFormat: number;
  bitDepth: number;
  nalLengthSize: number;
  width?: number;
  height?: number;
}

const SPS_NAL_TYPE = 33;

/** Skips profile_tier_level() after its general part (read by the caller): the sub-layer parts. */
function skipSubLayers(r: BitReader, maxSubLayersMinus1: number): void {
  const profilePresent: boolean[] = [];
  const levelPresent: boolean[] = [];
  for (let i = 0; i < maxSubLayersMinus1; i++) {
    profilePresent.push(r.flag());
    levelPresent.push(r.flag());
  }
  if (maxSubLayersMinus1 > 0) for (let i = maxSubLayersMinus1; i < 8; i++) r.skip(2);
  for (let i = 0; i < maxSubLayersMinus1; i++) {
    if (profilePresent[i]) r.skip(88);
    if (levelPresent[i]) r.skip(8);
  }
}

/** Picture size from an HEVC SPS NAL unit (2-byte header included), conformance window applied. */
export function parseHevcSps(nal: Buffer): { width: number; height: number; chromaFormat: number } {
  ensure(nal.length >= 3 && ((nal[0]! >> 1) & 0x3f) === SPS_NAL_TYPE, 'bitstream_overrun', 'Not an HEVC SPS.');
  const r = new BitReader(unescapeRbsp(nal.subarray(2)));
  r.skip(4); // sps_video_parameter_set_id
  const maxSubLayersMinus1 = r.bits(3);
  r.skip(1); // sps_temporal_id_nesting_flag
  r.skip(88 + 8); // general profile, tier, flags; general_level_idc
  skipSubLayers(r, maxSubLayersMinus1);
  r.ue(); // sps_seq_parameter_set_id
  const chromaFormat = r.ue();
  ensure(chromaFormat <= 3, 'bitstream_overrun', 'Bad chroma_format_idc.');
  const separate = chromaFormat === 3 ? r.flag() : false;
  let width = r.ue();
  let height = r.ue();
  if (r.flag()) {
    const arrayType = separate ? 0 : chromaFormat;
    const subWidth = arrayType === 1 || arrayType === 2 ? 2 : 1;
    const subHeight = arrayType === 1 ? 2 : 1;
    const [left, right, top, bottom] = [r.ue(), r.ue(), r.ue(), r.ue()];
    width -= subWidth * (left + right);
    height -= subHeight * (top + bottom);
  }
  ensure(width > 0 && height > 0, 'bitstream_overrun', 'SPS leaves no picture.');
  return { width, height, chromaFormat };
}

/** Parses an HEVCDecoderConfigurationRecord; throws `RtmpError` when it is truncated. */
export function parseHevcConfig(record: Buffer): HevcConfig {
  ensure(record.length >= 23, 'flv_tag_malformed', 'HEVC configuration record too short.');
  const config: HevcConfig = {
    profile: record[1]! & 0x1f,
    tier: record[1]! & 0x20 ? 'high' : 'main',
    level: record[12]!,
    chromaFormat: record[16]! & 0x03,
    bitDepth: (record[17]! & 0x07) + 8,
    nalLengthSize: (record[21]! & 0x03) + 1,
  };
  let p = 23;
  const arrays = record[22]!;
  for (let a = 0; a < arrays; a++) {
    ensure(record.length >= p + 3, 'flv_tag_malformed', 'HEVC configuration record truncated.');
    const type = record[p]! & 0x3f;
    const count = record.readUInt16BE(p + 1);
    p += 3;
    for (let n = 0; n < count; n++) {
      ensure(record.length >= p + 2, 'flv_tag_malformed', 'HEVC configuration record truncated.');
      const len = record.readUInt16BE(p);
      ensure(record.length >= p + 2 + len, 'flv_tag_malformed', 'HEVC configuration record truncated.');
      if (type === SPS_NAL_TYPE && config.width === undefined) {
        try {
          const sps = parseHevcSps(record.subarray(p + 2, p + 2 + len));
          config.width = sps.width;
          config.height = sps.height;
        } catch (err) {
          if (!(err instanceof RtmpError)) throw err;
        }
      }
      p += 2 + len;
    }
  }
  return config;
}
