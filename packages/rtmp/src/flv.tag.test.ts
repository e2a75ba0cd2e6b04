import { describe, expect, it } from 'vitest';
import { audioCodecInfo, videoCodecInfo } from './codec.info.js';
import { parseAudioTagHeader, parseVideoTagHeader } from './flv.tag.js';
import { RtmpError } from './rtmp.error.js';

const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');
const X264_SEQUENCE = hex(
  '17 00 000000 0164001effe1001a6764001eacd940a02ff970110000030001000003003c0f162d9601000668ebe3cb22c0fdf8f800',
);

describe('legacy video tags', () => {
  it('reads an AVC sequence header and its codec info', () => {
    const header = parseVideoTagHeader(X264_SEQUENCE);
    expect(header).toMatchObject({ enhanced: false, frameType: 1, keyframe: true, codec: 'h264', codecId: 7 });
    expect(header).toMatchObject({ packet: 'sequence-start', dataOffset: 5 });
    const info = videoCodecInfo(header, X264_SEQUENCE);
    expect(info).toMatchObject({ codec: 'h264', enhanced: false, width: 640, height: 360, profile: 100, level: 30 });
    expect(info).toMatchObject({ profileName: 'High', codecString: 'avc1.64001e' });
    expect(info.config.length).toBe(X264_SEQUENCE.length - 5);
  });

  it('reads an AVC inter frame with a negative composition time', () => {
    const header = parseVideoTagHeader(hex('27 01 ffffdf 00000002 4188'));
    expect(header).toMatchObject({ frameType: 2, keyframe: false, packet: 'coded-frames', compositionTime: -33 });
  });

  it('reads the end of an AVC sequence and a command frame', () => {
    expect(parseVideoTagHeader(hex('17 02 000000')).packet).toBe('sequence-end');
    expect(parseVideoTagHeader(hex('57 00')).packet).toBe('command');
  });

  it('reads codecs without a packet type byte', () => {
    expect(parseVideoTagHeader(hex('22 aabb'))).toMatchObject({ codec: 'h263', packet: 'coded-frames', dataOffset: 1 });
    expect(parseVideoTagHeader(hex('1f aa'))).toMatchObject({ codec: undefined, codecId: 15 });
  });

  it('refuses truncated headers with our error', () => {
    expect(() => parseVideoTagHeader(Buffer.alloc(0))).toThrow(RtmpError);
    expect(() => parseVideoTagHeader(hex('17 01 00'))).toThrow(RtmpError);
  });

  it('reports an unreadable configuration record instead of failing', () => {
    const header = parseVideoTagHeader(hex('17 00 000000 02'));
    expect(videoCodecInfo(header, hex('17 00 000000 02')).configError).toMatch(/too short/);
  });
});

describe('enhanced video tags', () => {
  it('reads an hvc1 sequence start (IsExHeader, key frame, FourCC)', () => {
    const body = Buffer.concat([hex('90'), Buffer.from('hvc1'), Buffer.alloc(23)]);
    const header = parseVideoTagHeader(body);
    expect(header).toMatchObject({ enhanced: true, frameType: 1, keyframe: true, codec: 'hevc', fourCc: 'hvc1' });
    expect(header).toMatchObject({ packet: 'sequence-start', dataOffset: 5 });
    expect(videoCodecInfo(header, body)).toMatchObject({ codec: 'hevc', enhanced: true, fourCc: 'hvc1' });
  });

  it('reads CodedFrames with a composition time for hvc1 and avc1, none for av01', () => {
    const hevc = Buffer.concat([hex('a1'), Buffer.from('hvc1'), hex('000021 00000001 26')]);
    expect(parseVideoTagHeader(hevc)).toMatchObject({ frameType: 2, packet: 'coded-frames', compositionTime: 33 });
    expect(parseVideoTagHeader(hevc).dataOffset).toBe(8);
    const avc = Buffer.concat([hex('91'), Buffer.from('avc1'), hex('000042 00')]);
    expect(parseVideoTagHeader(avc)).toMatchObject({ codec: 'h264', compositionTime: 66, dataOffset: 8 });
    const av1 = Buffer.concat([hex('91'), Buffer.from('av01'), hex('12 00')]);
    expect(parseVideoTagHeader(av1)).toMatchObject({ codec: 'av1', compositionTime: 0, dataOffset: 5 });
  });

  it('reads CodedFramesX (composition time zero), SequenceEnd and Metadata', () => {
    const x = Buffer.concat([hex('a3'), Buffer.from('hvc1'), hex('00')]);
    expect(parseVideoTagHeader(x)).toMatchObject({ packet: 'coded-frames', compositionTime: 0, dataOffset: 5 });
    expect(parseVideoTagHeader(Buffer.concat([hex('92'), Buffer.from('av01')])).packet).toBe('sequence-end');
    expect(parseVideoTagHeader(Buffer.concat([hex('94'), Buffer.from('hvc1'), hex('02')])).packet).toBe('metadata');
  });

  it('reads a command frame without a FourCC, and passes multitrack packets through', () => {
    expect(parseVideoTagHeader(hex('d1 00'))).toMatchObject({ enhanced: true, packet: 'command' });
    expect(parseVideoTagHeader(hex('96 00'))).toMatchObject({ enhanced: true, packet: 'other', codec: undefined });
  });

  it('refuses an enhanced header cut inside its FourCC', () => {
    expect(() => parseVideoTagHeader(hex('90 6876'))).toThrow(RtmpError);
  });
});

describe('audio tags', () => {
  it('reads an AAC sequence header and its codec info: 44.1 kHz mono', () => {
    const body = hex('af 00 1208 56e500');
    const header = parseAudioTagHeader(body);
    expect(header).toMatchObject({ soundFormat: 10, codec: 'aac', packet: 'sequence-start', dataOffset: 2 });
    expect(header).toMatchObject({ rate: 44100, sampleSize: 16, channels: 2 });
    const info = audioCodecInfo(header, body);
    // The configuration wins over the legacy flags (AAC always says 44 kHz stereo there).
    expect(info).toMatchObject({
      codec: 'aac',
      sampleRate: 44100,
      channels: 1,
      objectType: 2,
      codecString: 'mp4a.40.2',
    });
  });

  it('reads raw AAC and MP3 frames', () => {
    expect(parseAudioTagHeader(hex('af 01 2100')).packet).toBe('coded-frames');
    expect(parseAudioTagHeader(hex('2e fffb'))).toMatchObject({
      codec: 'mp3',
      rate: 44100,
      channels: 1,
      dataOffset: 1,
    });
  });

  it('reads enhanced audio: an Opus sequence start', () => {
    const head = Buffer.concat([Buffer.from('OpusHead'), hex('01 02 3801 80bb0000 0000 00')]);
    const body = Buffer.concat([hex('90'), Buffer.from('Opus'), head]);
    const header = parseAudioTagHeader(body);
    expect(header).toMatchObject({ enhanced: true, codec: 'opus', fourCc: 'Opus', packet: 'sequence-start' });
    expect(audioCodecInfo(header, body)).toMatchObject({ channels: 2, sampleRate: 48000, enhanced: true });
  });

  it('refuses a truncated AAC header', () => {
    expect(() => parseAudioTagHeader(hex('af'))).toThrow(RtmpError);
  });
});
