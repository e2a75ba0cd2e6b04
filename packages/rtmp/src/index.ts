export { Amf0Reader, decodeAmf0 } from './amf0.decode.js';
export { encodeAmf0 } from './amf0.encode.js';
export { type Amf0Limits, type AmfObject, type AmfValue, defaultAmf0Limits, EcmaArray } from './amf0.types.js';
export { type AacConfig, type OpusConfig, parseAacConfig, parseOpusHead } from './audio.config.js';
export { type Av1Config, parseAv1Config } from './av1.config.js';
export {
  type AvcConfig,
  type AvcSps,
  avcProfileName,
  parseAvcConfig,
  parseAvcSps,
  splitNalUnits,
} from './avc.config.js';
export { ChunkReader, type ChunkReaderLimits } from './chunk.reader.js';
export { MessageType, type RtmpMessage } from './chunk.types.js';
export { ChunkWriter } from './chunk.writer.js';
export { type AudioCodecInfo, audioCodecInfo, type VideoCodecInfo, videoCodecInfo } from './codec.info.js';
export type { StatusCode } from './command.messages.js';
export type { PublishRequest } from './connection.commands.js';
export { FlvFeed, type FlvRun } from './flv.feed.js';
export { type FlvPublishOptions, flvPublish } from './flv.publish.js';
export {
  type AudioCodecName,
  type AudioTagHeader,
  parseAudioTagHeader,
  parseVideoTagHeader,
  type TagPacket,
  type VideoCodecName,
  type VideoTagHeader,
} from './flv.tag.js';
export { type FlvTagInput, FlvTagType, flvHeader, flvStream, flvTag } from './flv.writer.js';
export { type HevcConfig, parseHevcConfig } from './hevc.config.js';
export { type MediaTag, type StreamMetadata, toFlvTag } from './media.tag.js';
export type { PublishSession, PublishSessionEvents, SessionEnd, SessionEndReason } from './publish.session.js';
export type { PublishStats } from './publish.stats.js';
export { type ConnectionHooks, type ConnectionLimits, RtmpConnection } from './rtmp.connection.js';
export { RtmpError, type RtmpErrorCode } from './rtmp.error.js';
export { defaultRtmpLimits, type RtmpLimits } from './rtmp.limits.js';
export type { RtmpLogger } from './rtmp.logger.js';
export { createRtmpServer, type RtmpServer, type RtmpServerOptions } from './rtmp.server.js';
export type { Authorize, AuthorizeRequest, AuthorizeResult } from './rtmp.socket.js';
