import { type Amf0Limits, type AmfObject, isAmfObject } from './amf0.types.js';
import { MessageType, type RtmpMessage } from './chunk.types.js';
import { type AudioCodecInfo, audioCodecInfo, type VideoCodecInfo, videoCodecInfo } from './codec.info.js';
import { parseDataMessage } from './command.messages.js';
import { parseAudioTagHeader, parseVideoTagHeader } from './flv.tag.js';
import type { MediaTag } from './media.tag.js';

/** What one media message of a live publish brings: its tag, and codec info or metadata when it carries news. */
export interface Classified {
  tag?: MediaTag;
  /** New or changed codec: a sequence header with another configuration, or the first frame of a codec without one. */
  codec?: VideoCodecInfo | AudioCodecInfo;
  metadata?: AmfObject;
}

function sameCodec(a: VideoCodecInfo | AudioCodecInfo | undefined, b: VideoCodecInfo | AudioCodecInfo): boolean {
  return a !== undefined && a.codec === b.codec && a.enhanced === b.enhanced && a.config.equals(b.config);
}

/**
 * Parses the audio, video and data messages of one publish, and keeps the current codecs so that each is reported
 * once, when it appears or changes. Throws `RtmpError` on a malformed tag header or data message.
 */
export class MediaClassifier {
  video: VideoCodecInfo | undefined;
  audio: AudioCodecInfo | undefined;
  metadata: AmfObject | undefined;

  constructor(private readonly amfLimits: Amf0Limits) {}

  classify(message: RtmpMessage): Classified {
    const { payload: body, timestamp } = message;
    switch (message.typeId) {
      case MessageType.video: {
        const header = parseVideoTagHeader(body);
        const tag: MediaTag = { kind: 'video', timestamp, body, header };
        const first = this.video === undefined && header.packet === 'coded-frames';
        if (header.packet !== 'sequence-start' && !first) return { tag };
        const info = videoCodecInfo(header, body);
        if (sameCodec(this.video, info)) return { tag };
        this.video = info;
        return { tag, codec: info };
      }
      case MessageType.audio: {
        const header = parseAudioTagHeader(body);
        const tag: MediaTag = { kind: 'audio', timestamp, body, header };
        const first = this.audio === undefined && header.packet === 'coded-frames';
        if (header.packet !== 'sequence-start' && !first) return { tag };
        const info = audioCodecInfo(header, body);
        if (sameCodec(this.audio, info)) return { tag };
        this.audio = info;
        return { tag, codec: info };
      }
      case MessageType.amf0Data:
      case MessageType.amf3Data: {
        const data = parseDataMessage(message, this.amfLimits);
        if (data.name === '@clearDataFrame') return {};
        const tag: MediaTag = { kind: 'data', timestamp, body: data.body, name: data.name, value: data.value };
        if (data.name !== 'onMetaData' || !isAmfObject(data.value)) return { tag };
        this.metadata = data.value;
        return { tag, metadata: data.value };
      }
      default:
        return {};
    }
  }
}
