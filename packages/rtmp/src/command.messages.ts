import { Amf0Reader } from './amf0.decode.js';
import { encodeAmf0 } from './amf0.encode.js';
import { type Amf0Limits, type AmfObject, type AmfValue, defaultAmf0Limits } from './amf0.types.js';
import { ChunkStream, MessageType, type RtmpMessage } from './chunk.types.js';
import { ensure } from './rtmp.error.js';

/** A command message (type 20, or 17 with its leading format byte): name, transaction id, object, arguments. */
export interface RtmpCommand {
  name: string;
  transactionId: number;
  object: AmfValue;
  args: AmfValue[];
}

/** A data message (type 18 or 15) such as `@setDataFrame`/`onMetaData`. */
export interface DataMessage {
  /** The handler name, `@setDataFrame` removed: `onMetaData`, `onTextData`, `@clearDataFrame`... */
  name: string;
  /** The first value after the name: the metadata object for `onMetaData`. */
  value: AmfValue;
  /** The AMF payload as an FLV script tag carries it: `@setDataFrame` removed, the rest byte for byte. */
  body: Buffer;
}

function amfPayload(message: RtmpMessage): Buffer {
  // AMF3 command and data messages start with a format byte, then (as every client sends them) AMF0 values.
  const amf3 = message.typeId === MessageType.amf3Command || message.typeId === MessageType.amf3Data;
  return amf3 && message.payload.length > 0 && message.payload[0] === 0 ? message.payload.subarray(1) : message.payload;
}

/** Decodes a command message; throws `RtmpError` when it is not AMF0 or has no name. */
export function parseCommand(message: RtmpMessage, limits: Amf0Limits = defaultAmf0Limits): RtmpCommand {
  const reader = new Amf0Reader(amfPayload(message), limits);
  const name = reader.read();
  ensure(typeof name === 'string', 'command_malformed', 'A command message must start with its name.');
  const txn = reader.remaining > 0 ? reader.read() : 0;
  const object = reader.remaining > 0 ? reader.read() : null;
  const args: AmfValue[] = [];
  while (reader.remaining > 0) args.push(reader.read());
  return { name, transactionId: typeof txn === 'number' && Number.isFinite(txn) ? txn : 0, object, args };
}

/** Decodes a data message; throws `RtmpError` when it is not AMF0 or has no handler name. */
export function parseDataMessage(message: RtmpMessage, limits: Amf0Limits = defaultAmf0Limits): DataMessage {
  const payload = amfPayload(message);
  const reader = new Amf0Reader(payload, limits);
  let name = reader.read();
  let start = 0;
  if (name === '@setDataFrame') {
    start = reader.offset;
    name = reader.remaining > 0 ? reader.read() : undefined;
  }
  ensure(typeof name === 'string', 'command_malformed', 'A data message must start with its handler name.');
  const value = reader.remaining > 0 ? reader.read() : undefined;
  while (reader.remaining > 0) reader.read(); // the whole payload must decode, not only what is used
  return { name, value, body: payload.subarray(start) };
}

function command(csid: number, streamId: number, values: AmfValue[]): RtmpMessage {
  return { csid, typeId: MessageType.amf0Command, streamId, timestamp: 0, payload: encodeAmf0(...values) };
}

/** The `_result` of `connect`: NetConnection.Connect.Success, AMF0 object encoding. */
export function connectResult(transactionId: number): RtmpMessage {
  return command(ChunkStream.command, 0, [
    '_result',
    transactionId,
    { fmsVer: 'FMS/3,0,1,123', capabilities: 31 },
    { level: 'status', code: 'NetConnection.Connect.Success', description: 'Connection succeeded.', objectEncoding: 0 },
  ]);
}

/** `_result` of any other call: a null command object and one value. */
export function commandResult(transactionId: number, value: AmfValue): RtmpMessage {
  return command(ChunkStream.command, 0, ['_result', transactionId, null, value]);
}

/** `_error` of a call the server cannot answer. */
export function commandError(transactionId: number, code: string, description: string): RtmpMessage {
  return command(ChunkStream.command, 0, ['_error', transactionId, null, { level: 'error', code, description }]);
}

/** Status codes this server sends in `onStatus`. */
export type StatusCode =
  | 'NetStream.Publish.Start'
  | 'NetStream.Publish.BadName'
  | 'NetStream.Publish.Rejected'
  | 'NetStream.Unpublish.Success'
  | 'NetStream.Play.Failed';

/** `onStatus` on a message stream: how a publisher learns its publish started, was refused or ended. */
export function onStatus(
  streamId: number,
  level: 'status' | 'error',
  code: StatusCode,
  description: string,
  extra: AmfObject = {},
): RtmpMessage {
  return command(ChunkStream.stream, streamId, ['onStatus', 0, null, { level, code, description, ...extra }]);
}

/** The `onFCPublish` / `onFCUnpublish` answers some encoders wait for after `FCPublish` / `FCUnpublish`. */
export function onFcCall(name: 'onFCPublish' | 'onFCUnpublish', streamName: string): RtmpMessage {
  const code = name === 'onFCPublish' ? 'NetStream.Publish.Start' : 'NetStream.Unpublish.Success';
  return command(ChunkStream.command, 0, [name, 0, null, { code, description: streamName }]);
}
