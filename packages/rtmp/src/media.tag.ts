import type { AmfObject, AmfValue } from './amf0.types.js';
import type { AudioTagHeader, VideoTagHeader } from './flv.tag.js';
import { type FlvTagInput, FlvTagType } from './flv.writer.js';

/**
 * One media message of a live publish, in arrival order: the body is the RTMP payload, which is exactly an FLV tag
 * body (legacy or enhanced form), with its header parsed.
 */
export type MediaTag =
  | { kind: 'video'; timestamp: number; body: Buffer; header: VideoTagHeader }
  | { kind: 'audio'; timestamp: number; body: Buffer; header: AudioTagHeader }
  /** A data message (`onMetaData`, `onTextData`, ...), `@setDataFrame` removed, as a script tag carries it. */
  | { kind: 'data'; timestamp: number; body: Buffer; name: string; value: AmfValue };

/** `onMetaData` as the publisher sent it: `width`, `height`, `framerate`, `videocodecid`, `encoder`... */
export type StreamMetadata = AmfObject;

/** The FLV tag a media tag becomes. */
export function toFlvTag(tag: MediaTag): FlvTagInput {
  const type = tag.kind === 'video' ? FlvTagType.video : tag.kind === 'audio' ? FlvTagType.audio : FlvTagType.script;
  return { type, timestamp: tag.timestamp, body: tag.body };
}
