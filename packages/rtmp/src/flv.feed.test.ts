import type { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { FlvFeed } from './flv.feed.js';
import { parseAudioTagHeader, parseVideoTagHeader } from './flv.tag.js';
import type { MediaTag } from './media.tag.js';

const hex = (s: string) => Buffer.from(s, 'hex');
const video = (timestamp: number, body: string): MediaTag => {
  const bytes = hex(body);
  return { kind: 'video', timestamp, body: bytes, header: parseVideoTagHeader(bytes) };
};
const audio = (timestamp: number, body: string): MediaTag => {
  const bytes = hex(body);
  return { kind: 'audio', timestamp, body: bytes, header: parseAudioTagHeader(bytes) };
};
const meta: MediaTag = {
  kind: 'data',
  timestamp: 0,
  body: hex('02000a6f6e4d65746144617461'),
  name: 'onMetaData',
  value: { videocodecid: 7, audiocodecid: 10 },
};
const avcConfig = (t: number) => video(t, '1700000000aa');
const aacConfig = (t: number) => audio(t, 'af001190');
const key = (t: number) => video(t, '1701000000bb');
const inter = (t: number) => video(t, '2701000000cc');
const aac = (t: number) => audio(t, 'af01dd');

/** A source of tags the test pushes one at a time, like a publisher. */
function publisher() {
  const queue: MediaTag[] = [];
  let wake: (() => void) | null = null;
  let ended = false;
  async function* tags(): AsyncGenerator<MediaTag> {
    for (;;) {
      const tag = queue.shift();
      if (tag) yield tag;
      else if (ended) return;
      else await new Promise<void>((resolve) => (wake = resolve));
    }
  }
  return {
    tags: tags(),
    send(...more: MediaTag[]) {
      queue.push(...more);
      wake?.();
    },
    end() {
      ended = true;
      wake?.();
    },
  };
}

/** The tags of an FLV byte stream, read to its end: [type, timestamp, body hex]. */
async function readFlv(stream: Readable): Promise<{ flags: number; tags: [number, number, string][] }> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  const all = Buffer.concat(chunks);
  expect(all.subarray(0, 3).toString('latin1')).toBe('FLV');
  const tags: [number, number, string][] = [];
  for (let at = 13; at < all.length; ) {
    const size = all.readUIntBE(at + 1, 3);
    const timestamp = (all.readUIntBE(at + 4, 3) | (all[at + 7]! << 24)) >>> 0;
    tags.push([all[at]!, timestamp, all.subarray(at + 11, at + 11 + size).toString('hex')]);
    expect(all.readUInt32BE(at + 11 + size)).toBe(11 + size);
    at += 11 + size + 4;
  }
  return { flags: all[4]!, tags };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 10));

describe('FLV feed', () => {
  it('gives the first run every tag from the start, and its first frames', async () => {
    const source = publisher();
    const feed = new FlvFeed(source.tags);
    const run = feed.open();
    source.send(meta, avcConfig(0), aacConfig(0), key(0), aac(10), inter(33));
    source.end();
    const { flags, tags } = await readFlv(run.stream);
    expect(flags).toBe(0x05);
    expect(tags.map(([type, t]) => [type, t])).toEqual([
      [18, 0],
      [9, 0],
      [8, 0],
      [9, 0],
      [8, 10],
      [9, 33],
    ]);
    expect(await run.first('video')).toBe(0);
    expect(await run.first('audio')).toBe(10);
  });

  it('starts a restarted run on the next keyframe, with the metadata and configurations retimed to it', async () => {
    const source = publisher();
    const feed = new FlvFeed(source.tags);
    const first = feed.open();
    const firstRead = readFlv(first.stream);
    source.send(meta, avcConfig(0), aacConfig(0), key(0), aac(10), inter(33));
    await settle();
    const second = feed.open();
    expect(feed.runs).toBe(2);
    // Before the next keyframe: dropped. An audio frame older than the keyframe, sent after it: dropped too.
    source.send(inter(66), aac(90), key(2000), aac(1990), aac(2010), inter(2033));
    source.end();
    expect((await firstRead).tags).toHaveLength(6);
    const { tags } = await readFlv(second.stream);
    expect(tags).toEqual([
      [18, 2000, meta.body.toString('hex')],
      [9, 2000, '1700000000aa'],
      [8, 2000, 'af001190'],
      [9, 2000, '1701000000bb'],
      [8, 2010, 'af01dd'],
      [9, 2033, '2701000000cc'],
    ]);
    expect(await second.first('video')).toBe(2000);
    expect(await second.first('audio')).toBe(2010);
  });

  it('keeps reading while no reader is there, and ends every run when the publish ends', async () => {
    const source = publisher();
    const feed = new FlvFeed(source.tags);
    const run = feed.open();
    // Nobody reads this run: far more than its buffer waits for it, until its reader goes away.
    for (let i = 0; i < 2000; i++) source.send(video(i * 33, `2701000000${'ee'.repeat(512)}`));
    await settle();
    run.stream.destroy();
    expect(await run.first('video')).toBe(0);
    const next = feed.open();
    source.send(key(70_000));
    source.end();
    const { flags, tags } = await readFlv(next.stream);
    expect(flags).toBe(0x01);
    expect(tags.map(([type, t]) => [type, t])).toEqual([[9, 70_000]]);
    expect(await next.first('audio')).toBeNull();
    const late = feed.open();
    const bytes: Buffer[] = [];
    for await (const chunk of late.stream) bytes.push(chunk as Buffer);
    expect(bytes).toEqual([]);
    expect(await late.first('video')).toBeNull();
  });
});
