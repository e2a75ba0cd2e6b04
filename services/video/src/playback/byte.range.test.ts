import { describe, expect, it } from 'vitest';
import { parseRange } from './byte.range.js';

describe('parseRange', () => {
  it('sends the whole file without a usable range', () => {
    for (const h of [undefined, 'bytes=-', 'items=0-1', 'bytes=0-1,4-5', 'nonsense', 'bytes=5-2']) {
      expect(parseRange(h, 10), String(h)).toEqual({ kind: 'whole' });
    }
  });

  it('reads the three forms', () => {
    expect(parseRange('bytes=0-3', 10)).toEqual({ kind: 'partial', start: 0, end: 3 });
    expect(parseRange('bytes=4-', 10)).toEqual({ kind: 'partial', start: 4, end: 9 });
    expect(parseRange('bytes=-3', 10)).toEqual({ kind: 'partial', start: 7, end: 9 });
    expect(parseRange('bytes=-30', 10)).toEqual({ kind: 'partial', start: 0, end: 9 });
    expect(parseRange('bytes=8-99', 10)).toEqual({ kind: 'partial', start: 8, end: 9 });
  });

  it('says when nothing of the file is asked for', () => {
    expect(parseRange('bytes=10-', 10)).toEqual({ kind: 'unsatisfiable' });
    expect(parseRange('bytes=-0', 10)).toEqual({ kind: 'unsatisfiable' });
    expect(parseRange('bytes=0-', 0)).toEqual({ kind: 'unsatisfiable' });
  });
});
