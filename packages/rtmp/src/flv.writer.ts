/** FLV tag types: the same numbers as the RTMP message types they come from. */
export const FlvTagType = { audio: 8, video: 9, script: 18 } as const;
/** 8, 9 or 18. */
export type FlvTagTypeId = (typeof FlvTagType)[keyof typeof FlvTagType];

/** A tag to write: a type, a timestamp in milliseconds (32-bit, wraps) and the body exactly as RTMP carried it. */
export interface FlvTagInput {
  type: FlvTagTypeId;
  timestamp: number;
  body: Buffer;
}

const MAX_TAG_BODY = 0xffffff;

/** The 9-byte FLV header followed by PreviousTagSize0 (zero): what an FLV stream starts with. */
export function flvHeader(flags: { audio: boolean; video: boolean } = { audio: true, video: true }): Buffer {
  const out = Buffer.alloc(13);
  out.write('FLV', 0, 'latin1');
  out[3] = 1;
  out[4] = (flags.audio ? 0x04 : 0) | (flags.video ? 0x01 : 0);
  out.writeUInt32BE(9, 5);
  return out;
}

/**
 * One tag: the 11-byte header (the timestamp's low 24 bits, then its high 8 bits in TimestampExtended), the body,
 * then PreviousTagSize (11 + body length).
 */
export function flvTag(tag: FlvTagInput): Buffer {
  const { body } = tag;
  if (body.length > MAX_TAG_BODY) throw new RangeError(`An FLV tag body is at most ${MAX_TAG_BODY} bytes.`);
  const timestamp = tag.timestamp >>> 0;
  const head = Buffer.alloc(11);
  head[0] = tag.type;
  head.writeUIntBE(body.length, 1, 3);
  head.writeUIntBE(timestamp & 0xffffff, 4, 3);
  head[7] = timestamp >>> 24;
  const tail = Buffer.alloc(4);
  tail.writeUInt32BE(11 + body.length);
  return Buffer.concat([head, body, tail]);
}

/**
 * The FLV byte stream of a sequence of tags: the header once, then each tag. Feed it to `ffmpeg -f flv -i pipe:0`.
 * Tags pass through unchanged (legacy and enhanced forms alike); see `VideoCodecInfo.enhanced` for what FFmpeg 5.1
 * cannot read.
 */
export async function* flvStream(
  tags: AsyncIterable<FlvTagInput>,
  flags: { audio: boolean; video: boolean } = { audio: true, video: true },
): AsyncGenerator<Buffer> {
  yield flvHeader(flags);
  for await (const tag of tags) yield flvTag(tag);
}
