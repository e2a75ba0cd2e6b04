import { describe, expect, it } from 'vitest';
import type { Fragment } from './fmp4.fragment.js';
import { Fmp4Reader } from './fmp4.reader.js';
import { renumberFragment, sliceFragment } from './fmp4.write.js';
import { concat } from './mp4.boxes.js';
import { buildFragment, buildInit } from './testing/fmp4.build.js';

const init = buildInit({ kind: 'video', timescale: 15360 });

function read(...fragments: Uint8Array[]): Fragment[] {
  const reader = new Fmp4Reader();
  const items = reader.push(concat([init, ...fragments]));
  reader.end();
  return items.flatMap((i) => (i.type === 'fragment' ? [i.fragment] : []));
}

const sampleData = (f: Fragment) => f.samples.map((s) => Array.from(f.bytes.subarray(s.offset, s.offset + s.size)));
const timing = (f: Fragment) => f.samples.map(({ duration, flags, cto, size }) => ({ duration, flags, cto, size }));

const original = read(
  buildFragment({
    sequence: 3,
    baseDecodeTime: 30720,
    marker: 10,
    styp: true,
    samples: [
      { duration: 512, sync: true, size: 40, cto: 1024 },
      { duration: 512, sync: false, size: 30, cto: -512 },
      { duration: 500, sync: false, size: 20, cto: 0 },
      { duration: 524, sync: false, size: 10, cto: 512 },
    ],
  }),
)[0]!;

describe('sliceFragment', () => {
  it('writes a range of samples as a fragment of their own: decode time, timing, flags and data kept', () => {
    const [tail] = read(sliceFragment(original, 1, 3, 8));
    expect(tail!.sequence).toBe(8);
    expect(tail!.baseDecodeTime).toBe(30720 + 512);
    expect(timing(tail!)).toEqual(timing(original).slice(1));
    expect(sampleData(tail!)).toEqual(sampleData(original).slice(1));
    expect(tail!.startsWithSync).toBe(false);
  });

  it('keeps the boxes before the moof with the piece that starts the fragment', () => {
    const head = sliceFragment(original, 0, 1, 7);
    expect(Buffer.from(head.subarray(4, 8)).toString()).toBe('styp');
    const [parsed] = read(head);
    expect(timing(parsed!)).toEqual(timing(original).slice(0, 1));
    expect(sampleData(parsed!)).toEqual(sampleData(original).slice(0, 1));
  });

  it('renumbers a whole fragment without rewriting it, and refuses ranges outside it', () => {
    const whole = sliceFragment(original, 0, 4, 42);
    expect(whole).toEqual(renumberFragment(original, 42));
    expect(whole.length).toBe(original.bytes.length);
    expect(read(whole)[0]!.sequence).toBe(42);
    expect(original.sequence).toBe(3);
    expect(() => sliceFragment(original, 3, 2, 1)).toThrow(RangeError);
  });

  it('writes the decode time a moved fragment carries, in place or, past 32 bits, in a rewritten 64-bit tfdt', () => {
    const moved = read(renumberFragment({ ...original, baseDecodeTime: 90_000 }, 5))[0]!;
    expect(moved.baseDecodeTime).toBe(90_000);
    expect(timing(moved)).toEqual(timing(original));
    const narrow = read(
      buildFragment({ sequence: 1, baseDecodeTime: 7, tfdtVersion: 0, samples: [{ duration: 5, sync: true }] }),
    )[0]!;
    expect(narrow.decodeTimeField.size).toBe(4);
    const far = read(renumberFragment({ ...narrow, baseDecodeTime: 2 ** 33 }, 2))[0]!;
    expect([far.baseDecodeTime, far.decodeTimeField.size, far.sequence]).toEqual([2 ** 33, 8, 2]);
    expect(sampleData(far)).toEqual(sampleData(narrow));
  });

  it('makes pieces whose concatenation reads back as the original samples', () => {
    const pieces = [
      sliceFragment(original, 0, 2, 1),
      sliceFragment(original, 2, 1, 2),
      sliceFragment(original, 3, 1, 3),
    ];
    const parsed = read(...pieces);
    expect(parsed.flatMap(timing)).toEqual(timing(original));
    expect(parsed.flatMap(sampleData)).toEqual(sampleData(original));
    expect(parsed.map((f) => f.baseDecodeTime)).toEqual([30720, 31744, 32244]);
  });
});
