import { MessageType, type RtmpMessage } from './chunk.types.js';
import { ensure } from './rtmp.error.js';

const TAG_HEADER = 11;
const BACK_POINTER = 4;
const CARRIED = new Set<number>([MessageType.audio, MessageType.video, MessageType.amf0Data]);

/**
 * Splits an aggregate message (type 22) into the messages its FLV tags carry. Each keeps its offset from the first
 * tag's timestamp, rebased on the aggregate's own timestamp (sums wrap at 2^32), and the aggregate's message stream.
 * Tags of other types are skipped; a tag running past the payload is refused with `RtmpError`. A missing last back
 * pointer is tolerated: some writers leave it out.
 */
export function splitAggregate(message: RtmpMessage): RtmpMessage[] {
  const { payload } = message;
  const out: RtmpMessage[] = [];
  let first: number | undefined;
  let p = 0;
  while (p < payload.length) {
    ensure(payload.length - p >= TAG_HEADER, 'aggregate_malformed', 'Aggregate message ends inside a tag header.');
    const typeId = payload[p]! & 0x1f;
    const size = payload.readUIntBE(p + 1, 3);
    const timestamp = (payload.readUIntBE(p + 4, 3) | (payload[p + 7]! << 24)) >>> 0;
    const start = p + TAG_HEADER;
    ensure(payload.length - start >= size, 'aggregate_malformed', 'Aggregate message ends inside a tag body.');
    first ??= timestamp;
    if (CARRIED.has(typeId)) {
      out.push({
        csid: message.csid,
        typeId,
        streamId: message.streamId,
        timestamp: (message.timestamp + (timestamp - first)) >>> 0,
        payload: payload.subarray(start, start + size),
      });
    }
    p = Math.min(payload.length, start + size + BACK_POINTER);
  }
  return out;
}
