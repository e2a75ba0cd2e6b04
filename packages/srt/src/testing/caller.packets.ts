import { randomBytes } from 'node:crypto';
import { ExtensionType, encodeStreamId, HandshakeType, peerIpField } from '../srt.handshake.js';
import { ControlType, controlPacket } from '../srt.packet.js';

/** What a scripted caller's handshake says. */
export interface CallerHandshake {
  socketId: number;
  cookie?: number;
  /** Omitted: no SID extension. */
  streamId?: string;
  /** A KMREQ of this key length (its key is random bytes: no listener could decrypt it); none when omitted. */
  keyLength?: 16 | 24 | 32;
  version?: number;
}

function extension(type: number, body: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt16BE(type, 0);
  head.writeUInt16BE(body.length / 4, 2);
  return Buffer.concat([head, body]);
}

/** A KM message as libsrt lays it out: version 1, type KMmsg, even key, AES-CTR, 16-byte salt, wrapped key. */
function keyMaterial(keyLength: number): Buffer {
  const head = Buffer.from([0x12, 0x20, 0x29, 0x01, 0, 0, 0, 0, 0x02, 0x00, 0x02, 0x00, 0, 0, 4, keyLength / 4]);
  return Buffer.concat([head, randomBytes(16), randomBytes(keyLength + 8)]);
}

function handshake(fields: CallerHandshake, type: number, extensionFlags: number, extensions: Buffer[]): Buffer {
  const body = Buffer.alloc(48);
  body.writeUInt32BE(fields.version ?? (type === HandshakeType.induction ? 4 : 5), 0);
  body.writeUInt16BE(extensionFlags, 6);
  body.writeUInt32BE(0x1234567, 8);
  body.writeUInt32BE(1500, 12);
  body.writeUInt32BE(8192, 16);
  body.writeUInt32BE(type >>> 0, 20);
  body.writeUInt32BE(fields.socketId >>> 0, 24);
  body.writeUInt32BE((fields.cookie ?? 0) >>> 0, 28);
  peerIpField('127.0.0.1').copy(body, 32);
  return controlPacket(ControlType.handshake, 0, 100, Buffer.concat([body, ...extensions]));
}

/** The induction a caller opens with. */
export function callerInductionPacket(fields: CallerHandshake): Buffer {
  return handshake(fields, HandshakeType.induction, 2, []);
}

/** A version 5 conclusion: HSREQ, then the Stream ID and key material when given. */
export function callerConclusionPacket(fields: CallerHandshake): Buffer {
  const hsreq = Buffer.alloc(12);
  hsreq.writeUInt32BE(0x010501, 0);
  hsreq.writeUInt32BE(0xbf, 4);
  hsreq.writeUInt32BE(0x00780000, 8);
  const extensions = [extension(ExtensionType.hsreq, hsreq)];
  let flags = 0x1;
  if (fields.streamId !== undefined) {
    extensions.push(extension(ExtensionType.sid, encodeStreamId(fields.streamId)));
    flags |= 0x4;
  }
  if (fields.keyLength !== undefined) {
    extensions.push(extension(ExtensionType.kmreq, keyMaterial(fields.keyLength)));
    flags |= 0x2;
  }
  return handshake(fields, HandshakeType.conclusion, flags, extensions);
}
