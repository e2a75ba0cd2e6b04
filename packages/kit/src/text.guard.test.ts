import { describe, expect, it } from 'vitest';
import { findNul, rejectNul } from './text.guard.js';

describe('findNul', () => {
  it('finds the path of the first text holding a NUL', () => {
    expect(findNul('a\u0000')).toBe('');
    expect(findNul({ a: 'ok', b: ['x', 'y\u0000'] })).toBe('b.1');
    expect(findNul({ 'key\u0000': 1 })).toBe('key\u0000');
    expect(findNul({ a: 'ok', n: 1, t: true, z: null, list: [1, 'two'] })).toBeNull();
    expect(findNul(undefined)).toBeNull();
  });

  it('looks only into parsed JSON, not into bytes or other objects', () => {
    expect(findNul(Buffer.from([0, 0, 0]))).toBeNull();
    const cyclic: { self?: unknown; text: string } = { text: 'ok' };
    cyclic.self = new Map([['k', '\u0000']]);
    expect(findNul(cyclic)).toBeNull();
  });

  it('walks very deep values without exhausting the stack', () => {
    let deep: unknown = 'end\u0000';
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(findNul(deep)).toMatch(/^0(\.0)+$/);
  });
});

describe('rejectNul', () => {
  it('throws a 400 naming the field', () => {
    expect(() => rejectNul({ title: 'a\u0000' })).toThrowError(
      expect.objectContaining({ status: 400, code: 'validation_failed', message: expect.stringContaining('"title"') }),
    );
    expect(() => rejectNul({ title: 'fine' })).not.toThrow();
  });
});
