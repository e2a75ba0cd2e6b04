import { parseAacConfig, parseOpusHead } from './audio.config.js';
import { parseAv1Config } from './av1.config.js';
import { avcProfileName, parseAvcConfig } from './avc.config.js';
import type { AudioCodecName, AudioTagHeader, VideoCodecName, VideoTagHeader } from './flv.tag.js';
import { parseHevcConfig } from './hevc.config.js';
import { RtmpError } from './rtmp.error.js';

/**
 * A publisher's video codec, known from its sequence header (or first frame, for codecs without one). The caller
 * decides whether to take it: FFmpeg has to decode what the FLV output carries.
 */
export interface VideoCodecInfo {
  kind: 'video';
  /** Undefined for a codec id or FourCC this package does not know. */
  codec: VideoCodecName | undefined;
  codecId?: number;
  fourCc?: string;
  /**
   * The tags use the enhanced-RTMP form (FourCC), and so does the FLV output, byte for byte. Debian 12's FFmpeg 5.1
   * cannot read enhanced FLV (HEVC, AV1, VP9, or H.264 sent as `avc1`); newer FFmpeg releases can. A caller whose
   * FFmpeg is older should refuse such a stream (`session.close(reason)`).
   */
  enhanced: boolean;
  width?: number;
  height?: number;
  /** Profile and level as the codec numbers them (H.264 profile_idc and level_idc, HEVC general_*, AV1 seq_*). */
  profile?: number;
  level?: number;
  profileName?: string;
  bitDepth?: number;
  /** RFC 6381 codec string when known (H.264: `avc1.64001f`). */
  codecString?: string;
  /** The decoder configuration record as received; empty when the codec has none. */
  config: Buffer;
  /** Why the configuration record could not be read, when it could not: the fields above are then missing. */
  configError?: string;
}

/** A publisher's audio codec, known from its sequence header (or first frame, for codecs without one). */
export interface AudioCodecInfo {
  kind: 'audio';
  codec: AudioCodecName | undefined;
  fourCc?: string;
  /** Enhanced-RTMP audio (FourCC): like enhanced video, not readable by FFmpeg 5.1. */
  enhanced: boolean;
  sampleRate?: number;
  channels?: number;
  sampleSize?: number;
  /** AAC audio object type (2 for AAC-LC). */
  objectType?: number;
  codecString?: string;
  config: Buffer;
  configError?: string;
}

function describeError(err: unknown): string {
  if (err instanceof RtmpError) return err.message;
  throw err;
}

/** Codec info from a video tag: its header and body (the configuration record follows `header.dataOffset`). */
export function videoCodecInfo(header: VideoTagHeader, body: Buffer): VideoCodecInfo {
  const config = header.packet === 'sequence-start' ? Buffer.from(body.subarray(header.dataOffset)) : Buffer.alloc(0);
  const info: VideoCodecInfo = { kind: 'video', codec: header.codec, enhanced: header.enhanced, config };
  if (header.codecId !== undefined) info.codecId = header.codecId;
  if (header.fourCc !== undefined) info.fourCc = header.fourCc;
  if (config.length === 0) return info;
  try {
    if (header.codec === 'h264') {
      const avc = parseAvcConfig(config);
      Object.assign(info, {
        profile: avc.profile,
        level: avc.level,
        profileName: avcProfileName(avc.profile, avc.picture?.constraints ?? avc.compatibility),
        codecString: avc.codecString,
      });
      if (avc.picture) {
        Object.assign(info, { width: avc.picture.width, height: avc.picture.height, bitDepth: avc.picture.bitDepth });
      }
    } else if (header.codec === 'hevc') {
      const hevc = parseHevcConfig(config);
      Object.assign(info, { profile: hevc.profile, level: hevc.level, bitDepth: hevc.bitDepth });
      if (hevc.width !== undefined) Object.assign(info, { width: hevc.width, height: hevc.height });
    } else if (header.codec === 'av1') {
      const av1 = parseAv1Config(config);
      Object.assign(info, { profile: av1.profile, level: av1.level, bitDepth: av1.bitDepth });
      if (av1.width !== undefined) Object.assign(info, { width: av1.width, height: av1.height });
    } else if (header.codec === 'vp9' && config.length >= 3) {
      // VPCodecConfigurationRecord: version and flags, then profile, level, bit depth.
      const p = config.length >= 7 && config[0] === 1 ? 4 : 0;
      Object.assign(info, { profile: config[p], level: config[p + 1], bitDepth: (config[p + 2] ?? 0) >> 4 });
    }
  } catch (err) {
    info.configError = describeError(err);
  }
  return info;
}

/** Codec info from an audio tag: its header and body (the configuration follows `header.dataOffset`). */
export function audioCodecInfo(header: AudioTagHeader, body: Buffer): AudioCodecInfo {
  const config = header.packet === 'sequence-start' ? Buffer.from(body.subarray(header.dataOffset)) : Buffer.alloc(0);
  const info: AudioCodecInfo = { kind: 'audio', codec: header.codec, enhanced: header.enhanced, config };
  if (header.fourCc !== undefined) info.fourCc = header.fourCc;
  if (header.rate !== undefined) info.sampleRate = header.rate;
  if (header.channels !== undefined) info.channels = header.channels;
  if (header.sampleSize !== undefined) info.sampleSize = header.sampleSize;
  if (config.length === 0) return info;
  try {
    if (header.codec === 'aac') {
      const aac = parseAacConfig(config);
      Object.assign(info, { objectType: aac.objectType, codecString: aac.codecString, sampleRate: aac.sampleRate });
      if (aac.channels > 0) info.channels = aac.channels;
    } else if (header.codec === 'opus') {
      const opus = parseOpusHead(config);
      Object.assign(info, { channels: opus.channels, sampleRate: 48000 });
    }
  } catch (err) {
    info.configError = describeError(err);
  }
  return info;
}
