/** RTMP message type ids. */
export const MessageType = {
  setChunkSize: 1,
  abort: 2,
  acknowledgement: 3,
  userControl: 4,
  windowAckSize: 5,
  setPeerBandwidth: 6,
  audio: 8,
  video: 9,
  amf3Data: 15,
  amf3SharedObject: 16,
  amf3Command: 17,
  amf0Data: 18,
  amf0SharedObject: 19,
  amf0Command: 20,
  aggregate: 22,
} as const;

/** One reassembled RTMP message. */
export interface RtmpMessage {
  /** The chunk stream it arrived on (or is to be sent on). */
  csid: number;
  typeId: number;
  /** The message stream: 0 for the connection, the id `createStream` gave for a stream's messages. */
  streamId: number;
  /** Milliseconds, unsigned 32-bit: wraps at 2^32. */
  timestamp: number;
  payload: Buffer;
}

/** Largest chunk size either side may announce (the high bit must be zero). */
export const MAX_CHUNK_SIZE = 0x7fffffff;
/** The chunk size both sides start with. */
export const DEFAULT_CHUNK_SIZE = 128;
/** A message length is a 24-bit field. */
export const MAX_MESSAGE_LENGTH = 0xffffff;
/** Timestamps and deltas at or past this value travel in the 4-byte extended field. */
export const EXTENDED_TIMESTAMP = 0xffffff;

/** Chunk stream ids this server sends on. */
export const ChunkStream = {
  control: 2,
  command: 3,
  stream: 5,
} as const;
