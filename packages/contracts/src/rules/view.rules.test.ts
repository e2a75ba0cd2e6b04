import { describe, expect, it } from 'vitest';
import { viewThreshold } from './view.rules.js';

describe('the view rule', () => {
  it('needs 10 s played, or the whole of a shorter video', () => {
    expect(viewThreshold(200)).toBe(10);
    expect(viewThreshold(10.25)).toBe(10);
    expect(viewThreshold(0)).toBe(10);
  });

  it('lets the last quarter second of a shorter video go unreported, never more than half of it', () => {
    expect(viewThreshold(10)).toBe(9.75);
    expect(viewThreshold(8)).toBe(7.75);
    expect(viewThreshold(4)).toBe(3.75);
    expect(viewThreshold(0.4)).toBe(0.2);
  });
});
