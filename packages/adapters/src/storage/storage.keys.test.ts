import { describe, expect, it } from 'vitest';
import { assertPrefix, keyProblem, resolveRange } from './storage.keys.js';

describe('keyProblem', () => {
  it('accepts relative /-separated paths', () => {
    for (const key of ['a', 'avatars/u1/a.webp', 'videos/v1/hls/720p/seg-0001.m4s', 'dots.in..name', '.well-known/x']) {
      expect(keyProblem(key), key).toBeNull();
    }
  });

  it('names what is wrong with a refused key', () => {
    expect(keyProblem('')).toMatch(/empty/);
    expect(keyProblem('a/\0b')).toMatch(/NUL/);
    expect(keyProblem('/a')).toMatch(/starts with/);
    expect(keyProblem('a/../b')).toMatch(/\.\./);
    expect(keyProblem('./a')).toMatch(/segment/);
    expect(keyProblem('a//b')).toMatch(/empty segment/);
    expect(keyProblem('a/')).toMatch(/empty segment/);
    expect(keyProblem('a\\b')).toMatch(/backslash/);
    expect(keyProblem('x'.repeat(1025))).toMatch(/longer/);
  });

  it('takes folder-like prefixes only', () => {
    expect(() => assertPrefix('videos/v1/')).not.toThrow();
    expect(() => assertPrefix('videos/v1')).toThrow(/end with/);
    expect(() => assertPrefix('/')).toThrow();
  });
});

describe('resolveRange', () => {
  it('clips the end to the last byte and defaults it to the last byte', () => {
    expect(resolveRange('k', 100, { start: 10 })).toEqual({ start: 10, end: 99 });
    expect(resolveRange('k', 100, { start: 10, end: 500 })).toEqual({ start: 10, end: 99 });
    expect(resolveRange('k', 100, { start: 99, end: 99 })).toEqual({ start: 99, end: 99 });
  });

  it('refuses a start at or past the size, an end before the start and non-integers', () => {
    expect(() => resolveRange('k', 100, { start: 100 })).toThrow(/100 bytes long/);
    expect(() => resolveRange('k', 0, { start: 0 })).toThrow();
    expect(() => resolveRange('k', 100, { start: 5, end: 4 })).toThrow();
    expect(() => resolveRange('k', 100, { start: 1.5 })).toThrow();
  });
});
