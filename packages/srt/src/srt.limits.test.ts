import { describe, expect, it } from 'vitest';
import { defaultSrtLimits, resolveLimits } from './srt.limits.js';

describe('resolveLimits', () => {
  it('overrides the defaults', () => {
    expect(resolveLimits({ idleTimeoutMs: 1500 })).toEqual({ ...defaultSrtLimits, idleTimeoutMs: 1500 });
  });

  it('refuses limits that cannot work', () => {
    expect(() => resolveLimits({ maxSessions: 0 })).toThrow(RangeError);
    expect(() => resolveLimits({ idleTimeoutMs: Number.NaN })).toThrow(/idleTimeoutMs/);
    expect(() => resolveLimits({ maxHandshakes: 2, maxHandshakesPerAddress: 3 })).toThrow(/maxHandshakesPerAddress/);
  });
});
