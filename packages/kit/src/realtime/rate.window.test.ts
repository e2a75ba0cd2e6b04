import { describe, expect, it } from 'vitest';
import { createRateWindow } from './rate.window.js';

describe('rate window', () => {
  it('allows the limit within a window, refuses the next, and starts again in the next window', () => {
    const window = createRateWindow(3, 1_000);
    expect([0, 100, 200, 300].map((t) => window.hit(t))).toEqual([true, true, true, false]);
    expect(window.hit(1_000)).toBe(true);
    expect(window.hit(1_500)).toBe(true);
  });
});
