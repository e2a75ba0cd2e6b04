import { describe, expect, it } from 'vitest';
import { RECONNECT_MAX_MS, reconnectDelayMs } from './realtime.backoff.js';

describe('reconnect backoff', () => {
  it('doubles from half a second, with jitter between half and all of each step, up to the cap', () => {
    expect([0, 1, 2, 3].map((n) => reconnectDelayMs(n, () => 0))).toEqual([250, 500, 1000, 2000]);
    expect([0, 1, 2, 3].map((n) => reconnectDelayMs(n, () => 1))).toEqual([500, 1000, 2000, 4000]);
    expect(reconnectDelayMs(50, () => 1)).toBe(RECONNECT_MAX_MS);
    expect(reconnectDelayMs(50, () => 0)).toBe(RECONNECT_MAX_MS / 2);
  });
});
