import { describe, expect, it } from 'vitest';
import { box, readBoxHeader } from './mp4.boxes.js';
import { codecString } from './mp4.codecs.js';

const entry = (type: string, payload: number[]) => {
  const bytes = box(type, Uint8Array.from(payload));
  return { bytes, children: new Map([[type, readBoxHeader(bytes, 0)!]]) };
};

describe('codecString', () => {
  it('names HEVC from hvcC: profile space, compatibility bits reversed, tier, level, constraint bytes', () => {
    const { bytes, children } = entry('hvcC', [1, 0x01, 0x60, 0, 0, 0, 0xb0, 0, 0, 0, 0, 0, 93]);
    expect(codecString(bytes, 'hvc1', children)).toBe('hvc1.1.6.L93.B0');
  });

  it('names AV1 from av1C', () => {
    const { bytes, children } = entry('av1C', [0x81, 0x08, 0x0c, 0]);
    expect(codecString(bytes, 'av01', children)).toBe('av01.0.08M.08');
  });

  it('names entries without a configuration box by their code, and fails when a needed one is missing', () => {
    expect(codecString(new Uint8Array(0), 'Opus', new Map())).toBe('opus');
    expect(() => codecString(new Uint8Array(0), 'avc1', new Map())).toThrow(/avc1 has no avcC box/);
  });
});
