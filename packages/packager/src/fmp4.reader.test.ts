import { describe, expect, it } from 'vitest';
import { Fmp4Reader, type ReaderItem } from './fmp4.reader.js';
import { box, concat, fullBox, Mp4FormatError, u32 } from './mp4.boxes.js';
import { buildFragment, buildInit, buildStream } from './testing/fmp4.build.js';

const video = { kind: 'video' as const, timescale: 15360, width: 640, height: 360 };
const audio = { kind: 'audio' as const, timescale: 48000, sampleRate: 48000, channels: 2 };

function readAll(bytes: Uint8Array, chunkSizes: (i: number) => number): ReaderItem[] {
  const reader = new Fmp4Reader();
  const items: ReaderItem[] = [];
  let at = 0;
  for (let i = 0; at < bytes.length; i++) {
    const n = Math.max(1, chunkSizes(i));
    items.push(...reader.push(bytes.subarray(at, at + n)));
    at += n;
  }
  reader.end();
  return items;
}

const stream = buildStream(video, { fragments: 10, perFragment: 6, sampleDuration: 512, gop: 30 });
const whole = concat([stream.init, ...stream.fragments]);

describe('Fmp4Reader', () => {
  it('reads the init segment of a video track: timescale, codec string, size, defaults', () => {
    const [first] = new Fmp4Reader().push(stream.init);
    expect(first?.type).toBe('init');
    if (first?.type !== 'init') return;
    const { bytes, ...info } = first.init;
    expect(bytes).toEqual(stream.init);
    expect(info).toEqual({
      trackId: 1,
      kind: 'video',
      timescale: 15360,
      codec: 'avc1.64001f',
      width: 640,
      height: 360,
      sar: '1:1',
      sampleRate: null,
      channels: null,
      language: 'und',
      defaults: { duration: 0, size: 0, flags: 0 },
    });
  });

  it('gives the coded size, not the display size the track header rounds to', () => {
    const [first] = new Fmp4Reader().push(buildInit({ ...video, width: 854, height: 480, displayWidth: 853 }));
    if (first?.type !== 'init') throw new Error('no init');
    expect([first.init.width, first.init.height]).toEqual([854, 480]);
  });

  it('reads an AAC track: mp4a.40.2, sample rate and channels from the sample entry', () => {
    const [first] = new Fmp4Reader().push(buildInit(audio));
    if (first?.type !== 'init') throw new Error('no init');
    expect(first.init).toMatchObject({
      kind: 'audio',
      codec: 'mp4a.40.2',
      timescale: 48000,
      sampleRate: 48000,
      channels: 2,
      width: null,
    });
  });

  it('yields each fragment with its decode time, duration, samples and sync flag, whatever the chunking', () => {
    const byBox = readAll(whole, () => whole.length);
    const byByte = readAll(whole, () => 1);
    const odd = readAll(whole, (i) => [7, 1000, 3, 64, 1][i % 5]!);
    expect(byByte).toEqual(byBox);
    expect(odd).toEqual(byBox);
    const fragments = byBox.flatMap((item) => (item.type === 'fragment' ? [item.fragment] : []));
    expect(fragments.map((f) => f.baseDecodeTime)).toEqual(Array.from({ length: 10 }, (_, i) => i * 3072));
    expect(fragments.map((f) => f.duration)).toEqual(Array(10).fill(3072));
    expect(fragments.map((f) => f.startsWithSync)).toEqual([
      true,
      false,
      false,
      false,
      false,
      true,
      false,
      false,
      false,
      false,
    ]);
    expect(fragments[3]!.bytes).toEqual(stream.fragments[3]);
    expect(fragments[3]!.sequence).toBe(4);
    // Each sample's offset points at its data: the builder fills sample i of fragment f with f + i.
    const f3 = fragments[3]!;
    expect(f3.samples.map((s) => f3.bytes[s.offset])).toEqual([3, 4, 5, 6, 7, 8]);
    expect(f3.samples.every((s) => s.size === 100 && s.duration === 512)).toBe(true);
  });

  it('keeps a styp with the fragment it precedes and ignores free boxes and the closing mfra', () => {
    const frag = buildFragment({
      sequence: 1,
      baseDecodeTime: 0,
      samples: [{ duration: 1024, sync: true }],
      styp: true,
    });
    const free = box('free', new Uint8Array(5));
    const mfra = box('mfra', fullBox('mfro', 0, 0, u32(16)));
    const items = readAll(concat([buildInit(audio), free, frag, free, mfra]), () => 50);
    const fragment = items[1]?.type === 'fragment' ? items[1].fragment : null;
    expect(items).toHaveLength(2);
    expect(fragment?.bytes).toEqual(frag);
    expect(fragment?.moofOffset).toBe(24);
  });

  it('reads per-sample durations and composition offsets', () => {
    const frag = buildFragment({
      sequence: 9,
      baseDecodeTime: 1 << 20,
      samples: [
        { duration: 500, sync: true, cto: 1000 },
        { duration: 524, sync: false, cto: -512, size: 7 },
      ],
    });
    const items = readAll(concat([buildInit(video), frag]), () => 4096);
    const f = items[1]?.type === 'fragment' ? items[1].fragment : null;
    expect(f?.samples.map(({ duration, cto, size }) => ({ duration, cto, size }))).toEqual([
      { duration: 500, cto: 1000, size: 100 },
      { duration: 524, cto: -512, size: 7 },
    ]);
    expect(f?.duration).toBe(1024);
    expect(f?.baseDecodeTime).toBe(1 << 20);
  });
});

describe('Fmp4Reader on malformed input', () => {
  const fails = (bytes: Uint8Array, message: RegExp, limits?: { maxMdatSize: number; maxBoxSize: number }) => {
    const reader = new Fmp4Reader(limits);
    expect(() => {
      reader.push(bytes);
      reader.end();
    }).toThrow(message);
    // Once failed, it stays failed.
    expect(() => reader.push(new Uint8Array(8))).toThrow(Mp4FormatError);
  };
  const init = buildInit(video);
  const frag = stream.fragments[0]!;

  it('refuses a box smaller than its header, and size 0', () => {
    fails(Uint8Array.of(0, 0, 0, 4, 0x66, 0x74, 0x79, 0x70), /ftyp declares a size of 4 at byte 0/);
    fails(Uint8Array.of(0, 0, 0, 0, 0x6d, 0x64, 0x61, 0x74), /runs to the end of the stream/);
  });

  it('refuses a box over the limit as soon as its header arrives', () => {
    const reader = new Fmp4Reader({ maxMdatSize: 1000, maxBoxSize: 100 });
    reader.push(init.subarray(0, 0));
    expect(() => reader.push(Uint8Array.of(0, 0x10, 0, 0, 0x66, 0x74, 0x79, 0x70))).toThrow(
      /larger than the limit of 100/,
    );
  });

  it('refuses fragments before the init segment, an mdat without moof, two moofs in a row', () => {
    fails(frag, /expected ftyp, found moof/);
    fails(concat([init, box('mdat', new Uint8Array(4))]), /mdat without a moof/);
    const moof = frag.subarray(0, frag.length - (100 * 6 + 8));
    fails(concat([init, moof, moof]), /expected the mdat of a moof, found moof/);
    fails(concat([init, frag, init]), /a second ftyp/);
  });

  it('fails at the end of a stream cut inside a box, before its init, or after a lone moof', () => {
    fails(concat([init, frag.subarray(0, 50)]), /ended inside a moof box \(50 of \d+ bytes\)/);
    fails(new Uint8Array(0), /ended before its init segment/);
    const moof = frag.subarray(0, frag.length - (100 * 6 + 8));
    fails(concat([init, moof]), /after a moof box, without its mdat/);
  });

  it('refuses samples outside the mdat, a foreign track and a sample count the trun cannot hold', () => {
    const short = frag.slice(0, frag.length - 10);
    new DataView(short.buffer).setUint32(frag.length - (100 * 6 + 8), 100 * 6 + 8 - 10);
    fails(concat([init, short]), /outside its mdat/);
    fails(
      concat([
        init,
        buildFragment({ trackId: 2, sequence: 1, baseDecodeTime: 0, samples: [{ duration: 1, sync: true }] }),
      ]),
      /track 2/,
    );
    const lying = frag.slice();
    const trunAt = Buffer.from(lying).indexOf('trun') - 4;
    new DataView(lying.buffer).setUint32(trunAt + 12, 0x7fffffff);
    fails(concat([init, lying]), /trun declares 2147483647 samples/);
  });
});
