import { isIPv4 } from 'node:net';
import { ensure } from './srt.error.js';
import { ControlType, controlPacket, HEADER_SIZE } from './srt.packet.js';

/**
 * The SRT handshake (draft-sharabayko-srt §3.2.1): a control packet whose body is the UDT handshake (48 bytes) and,
 * in a version 5 conclusion, extensions. Offsets below are from the start of the datagram.
 */
const AT = {
  version: 16,
  encryption: 20,
  extensionFlags: 22,
  initialSequence: 24,
  mtu: 28,
  flowWindow: 32,
  type: 36,
  socketId: 40,
  cookie: 44,
  peerIp: 48,
  extensions: 64,
} as const;

/** Size of a handshake without extensions: what an induction is. */
export const HANDSHAKE_SIZE = AT.extensions;

/** Handshake types (`ReqType`); a rejection is 1000 plus its reason. */
export const HandshakeType = { induction: 1, conclusion: 0xffffffff } as const;
/** The listener's induction answer carries this in the extension field: "I speak version 5". */
export const SRT_MAGIC = 0x4a17;
/** What a caller's induction carries in the extension field (the legacy socket type). */
export const UDT_DGRAM = 2;
/** Extension types of a conclusion this package reads. */
export const ExtensionType = { hsreq: 1, kmreq: 3, sid: 5 } as const;
/** The first rejection type: `1000 + reason` on the wire. */
export const REJECTION_BASE = 1000;
/** A Stream ID is at most 512 bytes (SRTO_STREAMID). */
export const MAX_STREAM_ID = 512;

export interface HandshakeExtension {
  type: number;
  body: Buffer;
}

/** A parsed handshake: the header words it matters to relay, the UDT fields, the extensions in order. */
export interface Handshake {
  timestamp: number;
  destination: number;
  version: number;
  encryption: number;
  extensionFlags: number;
  initialSequence: number;
  mtu: number;
  flowWindow: number;
  type: number;
  socketId: number;
  cookie: number;
  extensions: HandshakeExtension[];
}

/** Reads a handshake control packet (the caller checked the header says so). */
export function parseHandshake(datagram: Buffer): Handshake {
  ensure(datagram.length >= HANDSHAKE_SIZE, 'handshake_truncated', `${datagram.length} bytes is shorter than 64`);
  const extensions: HandshakeExtension[] = [];
  for (let at: number = AT.extensions; at < datagram.length; ) {
    ensure(at + 4 <= datagram.length, 'extension_malformed', 'an extension header is cut short');
    const type = datagram.readUInt16BE(at);
    const end = at + 4 + datagram.readUInt16BE(at + 2) * 4;
    ensure(end <= datagram.length, 'extension_malformed', `extension ${type} runs past the datagram`);
    extensions.push({ type, body: datagram.subarray(at + 4, end) });
    at = end;
  }
  return {
    timestamp: datagram.readUInt32BE(8),
    destination: datagram.readUInt32BE(12),
    version: datagram.readUInt32BE(AT.version),
    encryption: datagram.readUInt16BE(AT.encryption),
    extensionFlags: datagram.readUInt16BE(AT.extensionFlags),
    initialSequence: datagram.readUInt32BE(AT.initialSequence),
    mtu: datagram.readUInt32BE(AT.mtu),
    flowWindow: datagram.readUInt32BE(AT.flowWindow),
    type: datagram.readUInt32BE(AT.type),
    socketId: datagram.readUInt32BE(AT.socketId),
    cookie: datagram.readUInt32BE(AT.cookie),
    extensions,
  };
}

/**
 * A string extension (Stream ID, congestion control): zero-padded to whole 32-bit words, and libsrt writes each word
 * byte-reversed (it copies the string into host-order words and swaps them to network order).
 */
export function decodeStreamId(body: Buffer): string {
  ensure(body.length <= MAX_STREAM_ID, 'stream_id_invalid', `a ${body.length}-byte Stream ID is over 512 bytes`);
  const bytes = Buffer.from(body);
  for (let at = 0; at + 4 <= bytes.length; at += 4) bytes.subarray(at, at + 4).reverse();
  let end = bytes.length;
  while (end > 0 && bytes[end - 1] === 0) end--;
  const text = bytes.subarray(0, end).toString('utf8');
  ensure(!text.includes('\uFFFD') && !text.includes('\0'), 'stream_id_invalid', 'the Stream ID is not clean UTF-8');
  return text;
}

/** The inverse of `decodeStreamId`, for test callers. */
export function encodeStreamId(streamId: string): Buffer {
  const text = Buffer.from(streamId, 'utf8');
  const bytes = Buffer.alloc(Math.ceil(text.length / 4) * 4);
  text.copy(bytes);
  for (let at = 0; at < bytes.length; at += 4) bytes.subarray(at, at + 4).reverse();
  return bytes;
}

/** What a caller's conclusion asks for, as far as routing and the listener's settings go. */
export interface ConclusionRequest {
  /** The SID extension; `''` when the caller sent none. */
  streamId: string;
  /** Whether a key material request (KMREQ) came: the caller set a passphrase. */
  encrypted: boolean;
  /** The stream key's length in bytes (16, 24 or 32) from the KMREQ, for the listener's `pbkeylen`. */
  keyLength: 16 | 24 | 32 | undefined;
}

/**
 * Reads the Stream ID and the key material request. The KM message is in network order (libsrt swaps it back), its
 * key length at byte 15 in 4-byte units.
 */
export function conclusionRequest(handshake: Handshake): ConclusionRequest {
  const sid = handshake.extensions.find((e) => e.type === ExtensionType.sid);
  const km = handshake.extensions.find((e) => e.type === ExtensionType.kmreq);
  const length = km !== undefined && km.body.length >= 16 ? km.body[15]! * 4 : undefined;
  const keyLength = length === 16 || length === 24 || length === 32 ? length : undefined;
  return { streamId: sid === undefined ? '' : decodeStreamId(sid.body), encrypted: km !== undefined, keyLength };
}

/**
 * The peer address field: four 32-bit words, each written byte-reversed as libsrt does (an IPv4 address fills the
 * first word). Informative only: no SRT implementation acts on it.
 */
export function peerIpField(address: string): Buffer {
  const field = Buffer.alloc(16);
  const v4 = isIPv4(address) ? address : address.startsWith('::ffff:') ? address.slice(7) : undefined;
  if (v4 !== undefined && isIPv4(v4)) {
    Buffer.from(v4.split('.').map(Number)).copy(field);
  } else {
    ipv6Bytes(address).copy(field);
  }
  for (let at = 0; at < 16; at += 4) field.subarray(at, at + 4).reverse();
  return field;
}

function ipv6Bytes(address: string): Buffer {
  const bytes = Buffer.alloc(16);
  const [head = '', tail = ''] = address.split('%')[0]!.split('::');
  const left = head === '' ? [] : head.split(':');
  const right = address.includes('::') ? (tail === '' ? [] : tail.split(':')) : [];
  const groups = [...left, ...Array(Math.max(0, 8 - left.length - right.length)).fill('0'), ...right];
  for (const [i, g] of groups.slice(0, 8).entries()) bytes.writeUInt16BE(Number.parseInt(g, 16) || 0, i * 2);
  return bytes;
}

interface UdtFields {
  version: number;
  encryption: number;
  extensionFlags: number;
  type: number;
  socketId: number;
  cookie: number;
}

/** A 64-byte handshake with `request`'s sequence, MTU and window, and the given fields. */
function udtHandshake(request: Handshake, fields: UdtFields, peerIp: Buffer, destination: number, timestamp: number) {
  const body = Buffer.alloc(HANDSHAKE_SIZE - HEADER_SIZE);
  const at = (offset: number) => offset - HEADER_SIZE;
  body.writeUInt32BE(fields.version, at(AT.version));
  body.writeUInt16BE(fields.encryption, at(AT.encryption));
  body.writeUInt16BE(fields.extensionFlags, at(AT.extensionFlags));
  body.writeUInt32BE(request.initialSequence, at(AT.initialSequence));
  body.writeUInt32BE(request.mtu, at(AT.mtu));
  body.writeUInt32BE(request.flowWindow, at(AT.flowWindow));
  body.writeUInt32BE(fields.type >>> 0, at(AT.type));
  body.writeUInt32BE(fields.socketId >>> 0, at(AT.socketId));
  body.writeUInt32BE(fields.cookie >>> 0, at(AT.cookie));
  peerIp.copy(body, at(AT.peerIp));
  return controlPacket(ControlType.handshake, destination, timestamp, body);
}

/**
 * A version 5 listener's answer to an induction, as libsrt makes it: the caller's socket id echoed, our cookie, no
 * key length advertised (the caller keeps its own `pbkeylen`).
 */
export function inductionResponse(request: Handshake, cookie: number, callerAddress: string, timestamp: number) {
  const fields = { version: 5, encryption: 0, extensionFlags: SRT_MAGIC, type: HandshakeType.induction };
  return udtHandshake(
    request,
    { ...fields, socketId: request.socketId, cookie },
    peerIpField(callerAddress),
    request.socketId,
    timestamp,
  );
}

/** A rejection of `request` (a conclusion) with an SRT reject reason: the handshake type is 1000 + reason. */
export function rejection(request: Handshake, reason: number, socketId: number, callerAddress: string, timestamp = 0) {
  const fields = {
    version: 5,
    encryption: request.encryption,
    extensionFlags: request.extensionFlags,
    type: REJECTION_BASE + reason,
    socketId,
    cookie: request.cookie,
  };
  return udtHandshake(request, fields, peerIpField(callerAddress), request.socketId, timestamp);
}

/** The induction a version 5 caller opens with (version 4, UDT_DGRAM, no cookie), for the same caller socket. */
export function inductionRequest(conclusion: Handshake, listenerAddress: string, timestamp = 0): Buffer {
  const fields = { version: 4, encryption: 0, extensionFlags: UDT_DGRAM, type: HandshakeType.induction, cookie: 0 };
  return udtHandshake(
    conclusion,
    { ...fields, socketId: conclusion.socketId },
    peerIpField(listenerAddress),
    0,
    timestamp,
  );
}

/** A copy of a handshake datagram with another SYN cookie: all the relay changes in what it passes on. */
export function withCookie(datagram: Buffer, cookie: number): Buffer {
  const copy = Buffer.from(datagram);
  copy.writeUInt32BE(cookie >>> 0, AT.cookie);
  return copy;
}

/** The handshake type of a datagram already known to be a handshake of at least 64 bytes. */
export function handshakeTypeOf(datagram: Buffer): number {
  return datagram.readUInt32BE(AT.type);
}
