import { BitReader, unescapeRbsp } from './bit.reader.js';
import { ensure, RtmpError } from './rtmp.error.js';

/** What an H.264 sequence parameter set says about the picture. */
export interface AvcSps {
  profile: number;
  constraints: number;
  level: number;
  chromaFormat: number;
  bitDepth: number;
  width: number;
  height: number;
}

/** An AVCDecoderConfigurationRecord (ISO 14496-15), with its first SPS read when it can be. */
export interface AvcConfig {
  profile: number;
  compatibility: number;
  level: number;
  /** Bytes of the length before each NAL unit in coded frames (1, 2 or 4). */
  nalLengthSize: number;
  sps: Buffer[];
  pps: Buffer[];
  /** Undefined when the record carries no SPS or one this parser cannot read. */
  picture?: AvcSps;
  /** RFC 6381 codec string, e.g. `avc1.64001f`. */
  codecString: string;
}

const HIGH_PROFILES = new Set([100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135]);

function skipScalingList(r: BitReader, size: number): void {
  let last = 8;
  let next = 8;
  for (let j = 0; j < size; j++) {
    if (next !== 0) next = (last + r.se() + 256) % 256;
    last = next === 0 ? last : next;
  }
}

/** Parses an SPS NAL unit (header byte included) far enough for the picture size. */
export function parseAvcSps(nal: Buffer): AvcSps {
  ensure(nal.length >= 4 && (nal[0]! & 0x1f) === 7, 'bitstream_overrun', 'Not an H.264 SPS.');
  const r = new BitReader(unescapeRbsp(nal.subarray(1)));
  const profile = r.bits(8);
  const constraints = r.bits(8);
  const level = r.bits(8);
  r.ue(); // seq_parameter_set_id
  let chromaFormat = 1;
  let bitDepth = 8;
  let separateColourPlane = false;
  if (HIGH_PROFILES.has(profile)) {
    chromaFormat = r.ue();
    ensure(chromaFormat <= 3, 'bitstream_overrun', 'Bad chroma_format_idc.');
    if (chromaFormat === 3) separateColourPlane = r.flag();
    bitDepth = r.ue() + 8;
    r.ue(); // bit_depth_chroma_minus8
    r.skip(1); // qpprime_y_zero_transform_bypass_flag
    if (r.flag()) {
      const lists = chromaFormat === 3 ? 12 : 8;
      for (let i = 0; i < lists; i++) if (r.flag()) skipScalingList(r, i < 6 ? 16 : 64);
    }
  }
  r.ue(); // log2_max_frame_num_minus4
  const pocType = r.ue();
  if (pocType === 0) {
    r.ue();
  } else if (pocType === 1) {
    r.skip(1);
    r.se();
    r.se();
    const cycle = r.ue();
    ensure(cycle <= 255, 'bitstream_overrun', 'Bad num_ref_frames_in_pic_order_cnt_cycle.');
    for (let i = 0; i < cycle; i++) r.se();
  }
  r.ue(); // max_num_ref_frames
  r.skip(1); // gaps_in_frame_num_value_allowed_flag
  const widthMbs = r.ue() + 1;
  const heightMapUnits = r.ue() + 1;
  const frameMbsOnly = r.flag();
  if (!frameMbsOnly) r.skip(1);
  r.skip(1); // direct_8x8_inference_flag
  let crop = [0, 0, 0, 0];
  if (r.flag()) crop = [r.ue(), r.ue(), r.ue(), r.ue()];
  const arrayType = separateColourPlane ? 0 : chromaFormat;
  const cropX = arrayType === 0 ? 1 : arrayType === 3 ? 1 : 2;
  const cropY = (arrayType === 1 ? 2 : 1) * (frameMbsOnly ? 1 : 2);
  const width = widthMbs * 16 - cropX * (crop[0]! + crop[1]!);
  const height = (frameMbsOnly ? 1 : 2) * heightMapUnits * 16 - cropY * (crop[2]! + crop[3]!);
  ensure(width > 0 && height > 0, 'bitstream_overrun', 'SPS cropping leaves no picture.');
  return { profile, constraints, level, chromaFormat, bitDepth, width, height };
}

function hex2(n: number): string {
  return n.toString(16).padStart(2, '0');
}

/** Parses an AVCDecoderConfigurationRecord; throws `RtmpError` when it is truncated. */
export function parseAvcConfig(record: Buffer): AvcConfig {
  ensure(record.length >= 7, 'flv_tag_malformed', 'AVC configuration record too short.');
  ensure(record[0] === 1, 'flv_tag_malformed', `AVC configuration version ${record[0]} (expected 1).`);
  const profile = record[1]!;
  const compatibility = record[2]!;
  const level = record[3]!;
  const nalLengthSize = (record[4]! & 0x03) + 1;
  let p = 6;
  const readSet = (count: number): Buffer[] => {
    const out: Buffer[] = [];
    for (let i = 0; i < count; i++) {
      ensure(record.length >= p + 2, 'flv_tag_malformed', 'AVC configuration record truncated.');
      const len = record.readUInt16BE(p);
      ensure(record.length >= p + 2 + len, 'flv_tag_malformed', 'AVC configuration record truncated.');
      out.push(Buffer.from(record.subarray(p + 2, p + 2 + len)));
      p += 2 + len;
    }
    return out;
  };
  const sps = readSet(record[5]! & 0x1f);
  ensure(record.length >= p + 1, 'flv_tag_malformed', 'AVC configuration record truncated.');
  const ppsCount = record[p]!;
  p += 1;
  const pps = readSet(ppsCount);
  let picture: AvcSps | undefined;
  try {
    picture = sps[0] ? parseAvcSps(sps[0]) : undefined;
  } catch (err) {
    if (!(err instanceof RtmpError)) throw err;
  }
  const codecString = `avc1.${hex2(profile)}${hex2(compatibility)}${hex2(level)}`;
  const config: AvcConfig = { profile, compatibility, level, nalLengthSize, sps, pps, codecString };
  if (picture) config.picture = picture;
  return config;
}

/** The NAL units of a coded frame (length-prefixed, `lengthSize` bytes each); throws `RtmpError` on a bad length. */
export function splitNalUnits(data: Buffer, lengthSize: number): Buffer[] {
  const out: Buffer[] = [];
  let p = 0;
  while (p < data.length) {
    ensure(data.length - p >= lengthSize, 'flv_tag_malformed', 'NAL unit length truncated.');
    const len = data.readUIntBE(p, lengthSize);
    p += lengthSize;
    ensure(data.length - p >= len, 'flv_tag_malformed', 'NAL unit runs past the frame.');
    out.push(data.subarray(p, p + len));
    p += len;
  }
  return out;
}

/** Common names of H.264 profiles, for logs and dashboards. */
export function avcProfileName(profile: number, constraints = 0): string {
  if (profile === 66) return constraints & 0x40 ? 'Constrained Baseline' : 'Baseline';
  const names: Record<number, string> = {
    77: 'Main',
    88: 'Extended',
    100: 'High',
    110: 'High 10',
    122: 'High 4:2:2',
    244: 'High 4:4:4 Predictive',
    44: 'CAVLC 4:4:4',
  };
  return names[profile] ?? `profile ${profile}`;
}
