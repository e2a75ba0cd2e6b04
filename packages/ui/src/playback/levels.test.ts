import { describe, expect, it } from 'vitest';
import { matchLevel } from './levels.js';

describe('matchLevel', () => {
  it('finds the chosen height among reloaded levels whose indexes moved', () => {
    // 240p was index 1 of [360p, 240p]; after the upper rungs arrive it is index 3.
    const reloaded = [
      { index: 0, height: 720, bitrate: 2_800_000 },
      { index: 1, height: 480, bitrate: 1_400_000 },
      { index: 2, height: 360, bitrate: 800_000 },
      { index: 3, height: 240, bitrate: 400_000 },
    ];
    expect(matchLevel(reloaded, { height: 240, bitrate: 400_000 })).toBe(3);
  });
  it('takes the closest bitrate when a height has two levels, and null when the height is gone', () => {
    const levels = [
      { index: 0, height: 720, bitrate: 2_000_000 },
      { index: 1, height: 720, bitrate: 4_000_000 },
    ];
    expect(matchLevel(levels, { height: 720, bitrate: 3_500_000 })).toBe(1);
    expect(matchLevel(levels, { height: 1080, bitrate: 5_000_000 })).toBeNull();
  });
});
