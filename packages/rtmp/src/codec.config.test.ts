import { describe, expect, it } from 'vitest';
import { parseAacConfig, parseOpusHead } from './audio.config.js';
import { parseAv1Config } from './av1.config.js';
import { parseAvcConfig, parseAvcSps, splitNalUnits } from './avc.config.js';
import { BitReader, unescapeRbsp } from './bit.reader.js';
import { parseHevcConfig } from './hevc.config.js';
import { RtmpError } from './rtmp.error.js';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

/** Writes bits MSB first, with Exp-Golomb codes: builds parameter sets field by field. */
class BitWriter {
  private bits: number[] = [];
  u(n: number, value: number): this {
    for (let i = n - 1; i >= 0; i--) this.bits.push(Math.floor(value / 2 ** i) % 2);
    return this;
  }
  ue(value: number): this {
    const code = value + 1;
    const len = Math.floor(Math.log2(code));
    return this.u(len, 0).u(len + 1, code);
  }
  bytes(): Buffer {
    const bits = [...this.bits, 1]; // rbsp_stop_one_bit
    while (bits.length % 8 !== 0) bits.push(0);
    return Buffer.from(
      Array.from({ length: bits.length / 8 }, (_, i) => parseInt(bits.slice(i * 8, i * 8 + 8).join(''), 2)),
    );
  }
}

/** x264's 640x360 High@3.0 sequence header as FFmpeg 5.1 muxes it into FLV (tag body after the 5-byte header). */
const X264_RECORD = hex(
  '0164001effe1001a6764001eacd940a02ff970110000030001000003003c0f162d9601000668ebe3cb22c0fdf8f800',
);
/** x265's SPS for 1920x1080 (a 1088-line coded picture cropped by the conformance window). */
const X265_SPS = hex('420101016000000300900000030000030078a003c08010e596566924caf0168080000003008000000f04');
/** libaom's sequence header OBU (with its OBU header and size) for 320x240. */
const AOM_SEQUENCE_OBU = hex('0a0b000000043cffbcdaf9004032');

describe('bit reader', () => {
  it('reads fixed bits and Exp-Golomb codes', () => {
    const r = new BitReader(new BitWriter().u(3, 5).ue(0).ue(1).ue(7).u(1, 1).ue(4).bytes());
    expect([r.bits(3), r.ue(), r.ue(), r.ue(), r.bits(1), r.se()]).toEqual([5, 0, 1, 7, 1, -2]);
  });

  it('refuses to read past the end', () => {
    const r = new BitReader(hex('ff'));
    expect(() => r.bits(9)).toThrow(RtmpError);
    expect(() => new BitReader(hex('0000')).ue()).toThrow(RtmpError);
  });

  it('removes emulation-prevention bytes', () => {
    expect(unescapeRbsp(hex('0000030100000302')).toString('hex')).toBe('000001000002');
  });
});

describe('H.264', () => {
  it('reads x264 sequence header: High profile, level 3.0, 640x360', () => {
    const config = parseAvcConfig(X264_RECORD);
    expect(config).toMatchObject({ profile: 100, level: 30, nalLengthSize: 4, codecString: 'avc1.64001e' });
    expect(config.sps).toHaveLength(1);
    expect(config.pps).toHaveLength(1);
    expect(config.picture).toMatchObject({ width: 640, height: 360, chromaFormat: 1, bitDepth: 8 });
  });

  it('applies frame cropping: a 1088-line Baseline SPS cropped to 1080', () => {
    const rbsp = new BitWriter()
      .u(8, 66)
      .u(8, 0xc0)
      .u(8, 40)
      .ue(0) // sps id
      .ue(0) // log2_max_frame_num_minus4
      .ue(2) // pic_order_cnt_type
      .ue(1) // max_num_ref_frames
      .u(1, 0) // gaps
      .ue(119) // 120 macroblocks wide
      .ue(67) // 68 map units high
      .u(1, 1) // frame_mbs_only
      .u(1, 1) // direct_8x8
      .u(1, 1) // cropping
      .ue(0)
      .ue(0)
      .ue(0)
      .ue(4)
      .u(1, 0) // no VUI
      .bytes();
    const sps = parseAvcSps(Buffer.concat([hex('67'), rbsp]));
    expect(sps).toMatchObject({ profile: 66, level: 40, width: 1920, height: 1080 });
  });

  it('keeps the record when its SPS cannot be read, and refuses a truncated record', () => {
    const broken = hex('0142c01effe100026742 0100026800');
    expect(parseAvcConfig(broken).picture).toBeUndefined();
    expect(() => parseAvcConfig(hex('0164001effe1001a67'))).toThrow(RtmpError);
  });

  it('splits length-prefixed NAL units', () => {
    const frame = hex('00000002 6588  00000003 419a01');
    expect(splitNalUnits(frame, 4).map((n) => n.toString('hex'))).toEqual(['6588', '419a01']);
    expect(() => splitNalUnits(hex('00000009 65'), 4)).toThrow(RtmpError);
  });
});

describe('HEVC', () => {
  it('reads an hvcC record built around x265 SPS: Main profile, level 4.0, 1920x1080', () => {
    const head = Buffer.alloc(23);
    head[0] = 1;
    head[1] = 0x01; // profile space 0, main tier, Main profile
    head[12] = 120;
    head[16] = 0xfd; // 4:2:0
    head[17] = 0xf8;
    head[18] = 0xf8;
    head[21] = 0x0f; // 4-byte NAL lengths
    head[22] = 1; // one array
    const array = Buffer.concat([Buffer.from([0x80 | 33, 0, 1, 0, X265_SPS.length]), X265_SPS]);
    const config = parseHevcConfig(Buffer.concat([head, array]));
    expect(config).toMatchObject({ profile: 1, tier: 'main', level: 120, bitDepth: 8, nalLengthSize: 4 });
    expect(config).toMatchObject({ width: 1920, height: 1080 });
  });

  it('refuses a truncated record', () => {
    const head = Buffer.alloc(23);
    head[22] = 2;
    expect(() => parseHevcConfig(head)).toThrow(RtmpError);
  });
});

describe('AV1', () => {
  it('reads an av1C record with libaom sequence header: 320x240', () => {
    const record = Buffer.concat([hex('81 00 0c 00'), AOM_SEQUENCE_OBU]);
    expect(parseAv1Config(record)).toMatchObject({ profile: 0, level: 0, bitDepth: 8, width: 320, height: 240 });
  });

  it('reads the record fields without config OBUs', () => {
    expect(parseAv1Config(hex('81 2d 40 00'))).toEqual({
      profile: 1,
      level: 13,
      tier: 0,
      bitDepth: 10,
      monochrome: false,
    });
  });
});

describe('audio configurations', () => {
  it('reads FFmpeg AAC-LC AudioSpecificConfig: 44.1 kHz mono', () => {
    expect(parseAacConfig(hex('120856e500'))).toEqual({
      objectType: 2,
      sampleRate: 44100,
      channels: 1,
      codecString: 'mp4a.40.2',
    });
    expect(parseAacConfig(hex('1190'))).toMatchObject({ sampleRate: 48000, channels: 2 });
  });

  it('reads an explicit sampling frequency and refuses a reserved index', () => {
    // AOT 2, index 15, 24-bit rate 12345, 2 channels.
    const asc = new BitWriter().u(5, 2).u(4, 15).u(24, 12345).u(4, 2).bytes();
    expect(parseAacConfig(asc)).toMatchObject({ sampleRate: 12345, channels: 2 });
    expect(() => parseAacConfig(hex('1680'))).toThrow(RtmpError);
  });

  it('reads an OpusHead', () => {
    const head = Buffer.concat([Buffer.from('OpusHead'), hex('01 02 3801 80bb0000 0000 00')]);
    expect(parseOpusHead(head)).toEqual({ channels: 2, inputSampleRate: 48000 });
  });
});
