import { BitReader } from './bit.reader.js';
import { ensure } from './rtmp.error.js';

const AAC_RATES = [96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000, 11025, 8000, 7350];

/** An MPEG-4 AudioSpecificConfig: what an AAC sequence header carries. */
export interface AacConfig {
  /** Audio object type: 2 is AAC-LC, 5 HE-AAC (SBR), 29 HE-AAC v2 (PS). */
  objectType: number;
  sampleRate: number;
  /** 0 when the channel layout is in a program config element instead (not read here). */
  channels: number;
  /** RFC 6381 codec string, e.g. `mp4a.40.2`. */
  codecString: string;
}

/** Parses an AudioSpecificConfig (ISO 14496-3 1.6.2.1) far enough for type, rate and channels. */
export function parseAacConfig(asc: Buffer): AacConfig {
  ensure(asc.length >= 2, 'flv_tag_malformed', 'AAC AudioSpecificConfig too short.');
  const r = new BitReader(asc);
  let objectType = r.bits(5);
  if (objectType === 31) objectType = 32 + r.bits(6);
  const rateIndex = r.bits(4);
  const sampleRate = rateIndex === 0x0f ? r.bits(24) : AAC_RATES[rateIndex];
  ensure(sampleRate !== undefined && sampleRate > 0, 'flv_tag_malformed', `AAC sampling frequency index ${rateIndex}.`);
  const channelConfig = r.bits(4);
  const channels = channelConfig === 7 ? 8 : channelConfig <= 6 ? channelConfig : 0;
  return { objectType, sampleRate, channels, codecString: `mp4a.40.${objectType}` };
}

/** What an Opus sequence header (an OpusHead, RFC 7845 5.1) says. */
export interface OpusConfig {
  channels: number;
  /** The input sample rate the encoder was given; Opus itself always decodes at 48 kHz. */
  inputSampleRate: number;
}

/** Parses an OpusHead; throws `RtmpError` when it is not one. */
export function parseOpusHead(head: Buffer): OpusConfig {
  ensure(
    head.length >= 19 && head.toString('latin1', 0, 8) === 'OpusHead',
    'flv_tag_malformed',
    'Opus sequence header is not an OpusHead.',
  );
  return { channels: head[9]!, inputSampleRate: head.readUInt32LE(12) };
}
