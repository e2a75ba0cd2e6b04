import { ChunkStream, MAX_CHUNK_SIZE, MessageType, type RtmpMessage } from './chunk.types.js';
import { ensure, RtmpError } from './rtmp.error.js';

/** User Control event types. */
export const UserControl = {
  streamBegin: 0,
  streamEof: 1,
  streamDry: 2,
  setBufferLength: 3,
  streamIsRecorded: 4,
  pingRequest: 6,
  pingResponse: 7,
} as const;

/** Set Peer Bandwidth limit types. */
export const BandwidthLimit = { hard: 0, soft: 1, dynamic: 2 } as const;

/** A decoded protocol control or user control message. */
export type ControlMessage =
  | { kind: 'setChunkSize'; size: number }
  | { kind: 'abort'; csid: number }
  | { kind: 'acknowledgement'; sequence: number }
  | { kind: 'windowAckSize'; size: number }
  | { kind: 'setPeerBandwidth'; size: number; limit: number }
  | { kind: 'userControl'; event: number; value: number; extra?: number };

function need(payload: Buffer, n: number, what: string): void {
  ensure(payload.length >= n, 'control_malformed', `${what} needs ${n} bytes, got ${payload.length}.`);
}

/** The chunk size a Set Chunk Size message announces: 1..0x7FFFFFFF, anything else refused. */
export function decodeSetChunkSize(payload: Buffer): number {
  need(payload, 4, 'Set Chunk Size');
  const size = payload.readUInt32BE(0);
  if (size < 1 || size > MAX_CHUNK_SIZE) {
    throw new RtmpError('chunk_size_invalid', `Chunk size ${size} is outside 1..${MAX_CHUNK_SIZE}.`);
  }
  return size;
}

/** The chunk stream id an Abort message names. */
export function decodeAbort(payload: Buffer): number {
  need(payload, 4, 'Abort');
  return payload.readUInt32BE(0);
}

/** Decodes message types 1 to 6; undefined for any other type. */
export function decodeControl(message: RtmpMessage): ControlMessage | undefined {
  const { payload } = message;
  switch (message.typeId) {
    case MessageType.setChunkSize:
      return { kind: 'setChunkSize', size: decodeSetChunkSize(payload) };
    case MessageType.abort:
      return { kind: 'abort', csid: decodeAbort(payload) };
    case MessageType.acknowledgement:
      need(payload, 4, 'Acknowledgement');
      return { kind: 'acknowledgement', sequence: payload.readUInt32BE(0) };
    case MessageType.windowAckSize:
      need(payload, 4, 'Window Acknowledgement Size');
      return { kind: 'windowAckSize', size: payload.readUInt32BE(0) };
    case MessageType.setPeerBandwidth:
      need(payload, 5, 'Set Peer Bandwidth');
      return { kind: 'setPeerBandwidth', size: payload.readUInt32BE(0), limit: payload[4]! };
    case MessageType.userControl: {
      need(payload, 6, 'User Control');
      const event = payload.readUInt16BE(0);
      const value = payload.readUInt32BE(2);
      const extra = event === UserControl.setBufferLength && payload.length >= 10 ? payload.readUInt32BE(6) : undefined;
      return extra === undefined ? { kind: 'userControl', event, value } : { kind: 'userControl', event, value, extra };
    }
    default:
      return undefined;
  }
}

function control(typeId: number, payload: Buffer): RtmpMessage {
  return { csid: ChunkStream.control, typeId, streamId: 0, timestamp: 0, payload };
}

function u32(value: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(value >>> 0);
  return b;
}

/** Protocol control messages as the server sends them: chunk stream 2, message stream 0, timestamp 0. */
export function setChunkSizeMessage(size: number): RtmpMessage {
  if (size < 1 || size > MAX_CHUNK_SIZE) throw new RangeError(`Chunk size ${size} is outside 1..${MAX_CHUNK_SIZE}.`);
  return control(MessageType.setChunkSize, u32(size));
}

export function abortMessage(csid: number): RtmpMessage {
  return control(MessageType.abort, u32(csid));
}

export function acknowledgementMessage(sequence: number): RtmpMessage {
  return control(MessageType.acknowledgement, u32(sequence));
}

export function windowAckSizeMessage(size: number): RtmpMessage {
  return control(MessageType.windowAckSize, u32(size));
}

export function setPeerBandwidthMessage(size: number, limit: number = BandwidthLimit.dynamic): RtmpMessage {
  return control(MessageType.setPeerBandwidth, Buffer.concat([u32(size), Buffer.from([limit])]));
}

export function userControlMessage(event: number, value: number): RtmpMessage {
  const payload = Buffer.alloc(6);
  payload.writeUInt16BE(event, 0);
  payload.writeUInt32BE(value >>> 0, 2);
  return control(MessageType.userControl, payload);
}
