/**
 * FLV tag bodies of a tiny H.264 + AAC stream, for tests that need media without an encoder: x264's 640x360
 * High@3.0 sequence header and FFmpeg's 44.1 kHz mono AAC-LC one, then frames whose payload is filler (nothing here
 * decodes them).
 */
const hex = (s: string) => Buffer.from(s.replace(/\s+/g, ''), 'hex');

export const AVC_SEQUENCE_HEADER = hex(
  '17 00 000000 0164001effe1001a6764001eacd940a02ff970110000030001000003003c0f162d9601000668ebe3cb22c0fdf8f800',
);
export const AAC_SEQUENCE_HEADER = hex('af 00 1208 56e500');

/** A video frame tag body: key or inter frame, one NAL unit of `size` filler bytes. */
export function avcFrame(keyframe: boolean, size = 200, compositionTime = 0): Buffer {
  const head = Buffer.alloc(9);
  head[0] = keyframe ? 0x17 : 0x27;
  head[1] = 1;
  head.writeIntBE(compositionTime, 2, 3);
  head.writeUInt32BE(size, 5);
  const nal = Buffer.alloc(size, 0xab);
  nal[0] = keyframe ? 0x65 : 0x41;
  return Buffer.concat([head, nal]);
}

export function aacFrame(size = 100): Buffer {
  return Buffer.concat([hex('af 01'), Buffer.alloc(size, 0x21)]);
}

/** An enhanced-RTMP HEVC sequence start (an hvcC without parameter sets): what a newer OBS or FFmpeg sends. */
export function hevcSequenceStart(): Buffer {
  const record = Buffer.alloc(23);
  record[0] = 1;
  record[1] = 0x01;
  record[12] = 93;
  record[21] = 0x0f;
  return Buffer.concat([hex('90'), Buffer.from('hvc1'), record]);
}
