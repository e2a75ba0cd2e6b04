import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { flvPublish } from './flv.publish.js';
import { flvHeader, flvTag } from './flv.writer.js';
import type { MediaTag } from './media.tag.js';
import type { SessionEnd } from './publish.session.js';
import { AAC_SEQUENCE_HEADER, AVC_SEQUENCE_HEADER, aacFrame, avcFrame } from './testing/sample.media.js';

const silent = { debug() {}, info() {}, warn() {}, error() {} };

function setup() {
  const flv = new PassThrough();
  let endConnection!: (end: SessionEnd) => void;
  const ended = new Promise<SessionEnd>((resolve) => {
    endConnection = resolve;
  });
  const closed: string[] = [];
  const session = flvPublish({
    id: 'srt-1',
    app: 'live',
    key: 'k',
    handle: { channel: 'c1' },
    remoteAddress: '203.0.113.9',
    flv,
    close: (reason) => closed.push(reason),
    ended,
    logger: silent,
  });
  return { flv, session, closed, endConnection };
}

describe('flvPublish', () => {
  it('reads codecs, frames and stats from FLV bytes, split anywhere, and ends with the connection', async () => {
    const { flv, session, endConnection } = setup();
    const codecs: string[] = [];
    session.on('codec', (info) => codecs.push(`${info.kind}:${info.codec}`));
    const bytes = Buffer.concat([
      flvHeader(),
      flvTag({ type: 9, timestamp: 0, body: AVC_SEQUENCE_HEADER }),
      flvTag({ type: 8, timestamp: 0, body: AAC_SEQUENCE_HEADER }),
      ...Array.from({ length: 60 }, (_, i) => flvTag({ type: 9, timestamp: i * 33, body: avcFrame(i % 30 === 0) })),
      ...Array.from({ length: 40 }, (_, i) => flvTag({ type: 8, timestamp: i * 23, body: aacFrame() })),
    ]);
    // Arrives in 7-byte pieces: tags cut across chunks.
    for (let at = 0; at < bytes.length; at += 7) flv.write(bytes.subarray(at, at + 7));
    flv.end();
    endConnection({ reason: 'disconnected', message: 'the caller left' });
    const tags: MediaTag[] = [];
    for await (const tag of session.media()) tags.push(tag);
    expect(tags).toHaveLength(102);
    expect(codecs).toEqual(['video:h264', 'audio:aac']);
    expect(session.video).toMatchObject({ codec: 'h264', width: expect.any(Number) });
    expect(session.stats()).toMatchObject({ videoFrames: 60, audioFrames: 40, keyframes: 2 });
    expect(await session.ended).toEqual({ reason: 'disconnected', message: 'the caller left' });
  });

  it('ends with an error and closes the connection on bytes that are not FLV', async () => {
    const { flv, session, closed } = setup();
    flv.write(Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n'));
    expect(await session.ended).toEqual({ reason: 'error', message: 'The stream is not FLV.' });
    expect(closed).toEqual(['The stream is not FLV.']);
  });
});
