import { describe, expect, it } from 'vitest';
import { addWatchTime } from './watch-time.js';

describe('addWatchTime', () => {
  it('adds the time played between updates', () => {
    let total = 0;
    for (let t = 0.25; t <= 5; t += 0.25) total = addWatchTime(total, t - 0.25, t);
    expect(total).toBeCloseTo(5);
  });
  it('counts nothing for seeks forward or back', () => {
    expect(addWatchTime(2, 10, 40)).toBe(2);
    expect(addWatchTime(2, 40, 10)).toBe(2);
  });
});
