import { ensure } from './rtmp.error.js';

/** Video codecs as named here: legacy FLV codec ids and enhanced-RTMP FourCCs map onto these. */
export type VideoCodecName = 'h264' | 'hevc' | 'av1' | 'vp9' | 'vp8' | 'h263' | 'screen' | 'vp6' | 'vp6a' | 'screen2';
/** Audio codecs as named here, from legacy SoundFormat values and enhanced-RTMP FourCCs. */
export type AudioCodecName =
  | 'aac'
  | 'mp3'
  | 'opus'
  | 'flac'
  | 'ac3'
  | 'eac3'
  | 'pcm'
  | 'adpcm'
  | 'nellymoser'
  | 'g711a'
  | 'g711u'
  | 'speex';

/** What a tag carries: a decoder configuration, frames, the end of a sequence, or something else. */
export type TagPacket =
  | 'sequence-start'
  | 'coded-frames'
  | 'sequence-end'
  | 'metadata'
  | 'command'
  | 'mpeg2ts-sequence-start'
  | 'multichannel-config'
  | 'other';

/** The header of a video tag (message type 9), legacy or enhanced. */
export interface VideoTagHeader {
  /** The enhanced-RTMP form (IsExHeader bit, FourCC). */
  enhanced: boolean;
  /** 1 key, 2 inter, 3 disposable inter, 4 generated key, 5 info/command. */
  frameType: number;
  keyframe: boolean;
  /** Undefined for a codec id or FourCC this package does not know (and for multitrack or ModEx packets). */
  codec: VideoCodecName | undefined;
  codecId?: number;
  fourCc?: string;
  packet: TagPacket;
  /** Composition time offset in milliseconds (presentation minus decoding time). */
  compositionTime: number;
  /** Where the codec payload (configuration record or frames) starts in the tag body. */
  dataOffset: number;
}

/** The header of an audio tag (message type 8), legacy or enhanced. */
export interface AudioTagHeader {
  enhanced: boolean;
  /** The legacy SoundFormat field (9 announces the enhanced form). */
  soundFormat: number;
  codec: AudioCodecName | undefined;
  fourCc?: string;
  packet: TagPacket;
  /** The legacy header's rate, size and channel flags; the codec's configuration, when it has one, wins. */
  rate?: number;
  sampleSize?: 8 | 16;
  channels?: 1 | 2;
  dataOffset: number;
}

const LEGACY_VIDEO: Record<number, VideoCodecName> = {
  2: 'h263',
  3: 'screen',
  4: 'vp6',
  5: 'vp6a',
  6: 'screen2',
  7: 'h264',
  12: 'hevc', // not in the FLV spec: the widespread extension some Chinese encoders use
};
const VIDEO_FOURCC: Record<string, VideoCodecName> = {
  avc1: 'h264',
  hvc1: 'hevc',
  av01: 'av1',
  vp09: 'vp9',
  vp08: 'vp8',
};
const LEGACY_AUDIO: Record<number, AudioCodecName> = {
  0: 'pcm',
  1: 'adpcm',
  2: 'mp3',
  3: 'pcm',
  4: 'nellymoser',
  5: 'nellymoser',
  6: 'nellymoser',
  7: 'g711a',
  8: 'g711u',
  10: 'aac',
  11: 'speex',
  14: 'mp3',
};
const AUDIO_FOURCC: Record<string, AudioCodecName> = {
  mp4a: 'aac',
  Opus: 'opus',
  fLaC: 'flac',
  'ac-3': 'ac3',
  'ec-3': 'eac3',
  '.mp3': 'mp3',
};
const EX_PACKET: Record<number, TagPacket> = {
  0: 'sequence-start',
  1: 'coded-frames',
  2: 'sequence-end',
  3: 'coded-frames',
  4: 'metadata',
  5: 'mpeg2ts-sequence-start',
};
const LEGACY_RATES = [5512, 11025, 22050, 44100] as const;

function lookup<T>(table: Record<string, T>, key: string): T | undefined {
  return Object.hasOwn(table, key) ? table[key] : undefined;
}

function need(body: Buffer, n: number, what: string): void {
  ensure(body.length >= n, 'flv_tag_malformed', `${what} tag header needs ${n} bytes, got ${body.length}.`);
}

/** Parses the header of a video tag body; throws `RtmpError` when it is truncated. */
export function parseVideoTagHeader(body: Buffer): VideoTagHeader {
  need(body, 1, 'Video');
  const b0 = body[0]!;
  if ((b0 & 0x80) === 0) {
    const frameType = b0 >> 4;
    const codecId = b0 & 0x0f;
    const base = { enhanced: false, frameType, keyframe: frameType === 1 || frameType === 4, codecId };
    const codec = LEGACY_VIDEO[codecId];
    if (frameType === 5) return { ...base, codec, packet: 'command', compositionTime: 0, dataOffset: 1 };
    if (codec === 'h264' || codec === 'hevc') {
      need(body, 5, 'Video');
      const packet =
        body[1] === 0 ? 'sequence-start' : body[1] === 1 ? 'coded-frames' : body[1] === 2 ? 'sequence-end' : 'other';
      return { ...base, codec, packet, compositionTime: body.readIntBE(2, 3), dataOffset: 5 };
    }
    return { ...base, codec, packet: 'coded-frames', compositionTime: 0, dataOffset: 1 };
  }
  const frameType = (b0 >> 4) & 0x07;
  const packetType = b0 & 0x0f;
  const base = { enhanced: true, frameType, keyframe: frameType === 1 || frameType === 4 };
  if (packetType !== 4 && frameType === 5) {
    return { ...base, codec: undefined, packet: 'command', compositionTime: 0, dataOffset: 1 };
  }
  const packet = EX_PACKET[packetType];
  if (packet === undefined) {
    // Multitrack, ModEx and reserved types: passed through, not interpreted.
    return { ...base, codec: undefined, packet: 'other', compositionTime: 0, dataOffset: 1 };
  }
  need(body, 5, 'Enhanced video');
  const fourCc = body.toString('latin1', 1, 5);
  const codec = lookup(VIDEO_FOURCC, fourCc);
  const header = { ...base, codec, fourCc, packet };
  if (packetType === 1 && (fourCc === 'avc1' || fourCc === 'hvc1')) {
    need(body, 8, 'Enhanced video');
    return { ...header, compositionTime: body.readIntBE(5, 3), dataOffset: 8 };
  }
  return { ...header, compositionTime: 0, dataOffset: 5 };
}

/** Parses the header of an audio tag body; throws `RtmpError` when it is truncated. */
export function parseAudioTagHeader(body: Buffer): AudioTagHeader {
  need(body, 1, 'Audio');
  const b0 = body[0]!;
  const soundFormat = b0 >> 4;
  if (soundFormat !== 9) {
    const header: AudioTagHeader = {
      enhanced: false,
      soundFormat,
      codec: LEGACY_AUDIO[soundFormat],
      packet: 'coded-frames',
      rate: LEGACY_RATES[(b0 >> 2) & 0x03]!,
      sampleSize: b0 & 0x02 ? 16 : 8,
      channels: b0 & 0x01 ? 2 : 1,
      dataOffset: 1,
    };
    if (soundFormat === 10) {
      need(body, 2, 'AAC audio');
      header.packet = body[1] === 0 ? 'sequence-start' : body[1] === 1 ? 'coded-frames' : 'other';
      header.dataOffset = 2;
    }
    return header;
  }
  const packetType = b0 & 0x0f;
  const packet: TagPacket | undefined =
    packetType === 4 ? 'multichannel-config' : packetType <= 2 ? EX_PACKET[packetType] : undefined;
  if (packet === undefined) return { enhanced: true, soundFormat, codec: undefined, packet: 'other', dataOffset: 1 };
  need(body, 5, 'Enhanced audio');
  const fourCc = body.toString('latin1', 1, 5);
  return { enhanced: true, soundFormat, codec: lookup(AUDIO_FOURCC, fourCc), fourCc, packet, dataOffset: 5 };
}
