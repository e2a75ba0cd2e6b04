import { describe, expect, it } from 'vitest';
import { resolveLiveConfig } from './live.config.js';

describe('resolveLiveConfig', () => {
  it('derives the target duration, hold-backs and timeouts from the part and segment targets', () => {
    expect(resolveLiveConfig()).toEqual({
      partTarget: 0.2,
      segmentTarget: 1,
      dvrWindow: 7200,
      partWindow: 3,
      deleteGrace: 60,
      partHoldBack: 0.6,
      canSkipUntil: 6,
      maxHeldRequests: 1000,
      dashLatencyTarget: 1.6,
      targetDuration: 1,
      blockTimeoutMs: 3000,
      availabilityTimeOffset: 0.8,
    });
    expect(resolveLiveConfig({ partTarget: 0.333, segmentTarget: 2 })).toMatchObject({
      targetDuration: 2,
      partHoldBack: 0.999,
      canSkipUntil: 12,
      blockTimeoutMs: 6000,
      availabilityTimeOffset: 1.667,
      dashLatencyTarget: 1.999,
    });
  });

  it('refuses values the specifications rule out, naming each', () => {
    expect(() => resolveLiveConfig({ partTarget: 2 })).toThrow(/partTarget must not exceed segmentTarget/);
    expect(() => resolveLiveConfig({ partHoldBack: 0.5 })).toThrow(/partHoldBack must be at least 3 × partTarget/);
    expect(() => resolveLiveConfig({ canSkipUntil: 3 })).toThrow(/canSkipUntil must be at least 6/);
    expect(() => resolveLiveConfig({ dvrWindow: 4 })).toThrow(/dvrWindow must be at least canSkipUntil/);
    expect(() => resolveLiveConfig({ dvrWindow: 6, partWindow: 4 })).toThrow(/partWindow must be at most half/);
    expect(() => resolveLiveConfig({ dashLatencyTarget: 0.4 })).toThrow(/dashLatencyTarget must be at least/);
    expect(() => resolveLiveConfig({ segmentTarget: Number.NaN })).toThrow(/segmentTarget must be a positive number/);
  });
});
