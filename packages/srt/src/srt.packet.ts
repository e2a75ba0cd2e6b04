import { ensure } from './srt.error.js';

/** Every SRT packet starts with this header (draft-sharabayko-srt §3): four 32-bit words. */
export const HEADER_SIZE = 16;

/** Control packet types (the 15 bits after the control flag) this package reads or writes. */
export const ControlType = {
  handshake: 0x0000,
  keepalive: 0x0001,
  ack: 0x0002,
  nak: 0x0003,
  shutdown: 0x0005,
  ackack: 0x0006,
} as const;

/** The retransmitted flag (R) of a data packet, in its second word. */
const RETRANSMITTED = 0x04000000;
/** Sequence numbers are 31 bits and wrap. */
const SEQUENCE_SPACE = 0x80000000;

export type SrtPacket =
  | { kind: 'data'; sequence: number; retransmitted: boolean; timestamp: number; destination: number }
  | { kind: 'control'; type: number; subtype: number; info: number; timestamp: number; destination: number };

/** Reads the header of any SRT datagram; the body (from `HEADER_SIZE`) is the caller's to read. */
export function parseHeader(datagram: Buffer): SrtPacket {
  ensure(datagram.length >= HEADER_SIZE, 'packet_truncated', `${datagram.length} bytes is shorter than a header`);
  const first = datagram.readUInt32BE(0);
  const second = datagram.readUInt32BE(4);
  const timestamp = datagram.readUInt32BE(8);
  const destination = datagram.readUInt32BE(12);
  if ((first & 0x80000000) === 0) {
    return { kind: 'data', sequence: first, retransmitted: (second & RETRANSMITTED) !== 0, timestamp, destination };
  }
  return {
    kind: 'control',
    type: (first >>> 16) & 0x7fff,
    subtype: first & 0xffff,
    info: second,
    timestamp,
    destination,
  };
}

/** A control packet with `body` after its header. */
export function controlPacket(type: number, destination: number, timestamp: number, body?: Buffer): Buffer {
  const packet = Buffer.alloc(HEADER_SIZE + (body?.length ?? 0));
  packet.writeUInt32BE(((0x8000 | type) << 16) >>> 0, 0);
  packet.writeUInt32BE(timestamp >>> 0, 8);
  packet.writeUInt32BE(destination >>> 0, 12);
  body?.copy(packet, HEADER_SIZE);
  return packet;
}

/**
 * How many sequence numbers a NAK (loss report) names. Its body is a list of 32-bit entries: one lost number, or,
 * with the top bit set, the first of a range whose last comes next. A range cut short by the datagram's end is not
 * counted; a range that wraps counts modulo the 31-bit space.
 */
export function lossCount(body: Buffer): number {
  let count = 0;
  for (let at = 0; at + 4 <= body.length; at += 4) {
    const entry = body.readUInt32BE(at);
    if ((entry & 0x80000000) === 0) {
      count += 1;
      continue;
    }
    if (at + 8 > body.length) break;
    const last = body.readUInt32BE(at + 4) & 0x7fffffff;
    count += ((last - (entry & 0x7fffffff) + SEQUENCE_SPACE) % SEQUENCE_SPACE) + 1;
    at += 4;
  }
  return count;
}

/**
 * The round-trip time (microseconds) a full or small ACK reports: its second body word. A light ACK (one word) has
 * none.
 */
export function ackRoundTrip(body: Buffer): number | undefined {
  return body.length >= 8 ? body.readUInt32BE(4) : undefined;
}
