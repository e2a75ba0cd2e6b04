import { describe, expect, it } from 'vitest';
import { type CatchUpInput, catchUpRate, LIVE_CATCH_UP_RATE, withinLiveRange } from './live-catch-up.js';

/** A viewer of a low-latency stream (parts of 200 ms, 1 s segments, `PART-HOLD-BACK` 0.6 s) at normal speed. */
const viewer = (over: Partial<CatchUpInput>): CatchUpInput => ({
  latency: 0.6,
  target: 0.6,
  forwardBuffer: 0.8,
  partTarget: 0.2,
  targetDuration: 1,
  current: 1,
  maxRate: LIVE_CATCH_UP_RATE,
  ...over,
});

describe('catchUpRate', () => {
  it('plays at normal speed at the target latency', () => {
    expect(catchUpRate(viewer({}))).toBe(1);
    expect(catchUpRate(viewer({ latency: 0.68 }))).toBe(1);
  });

  it('plays faster the further behind, up to the maximum rate', () => {
    expect(catchUpRate(viewer({ latency: 0.8 }))).toBe(1.1);
    expect(catchUpRate(viewer({ latency: 1.1, forwardBuffer: 1 }))).toBe(1.25);
    expect(catchUpRate(viewer({ latency: 1.5, forwardBuffer: 1.4 }))).toBe(LIVE_CATCH_UP_RATE);
    expect(catchUpRate(viewer({ latency: 1.5, forwardBuffer: 1.4, maxRate: 1.5 }))).toBe(1.45);
  });

  it('catches up where hls.js would not: with less than a second buffered ahead', () => {
    // A keyframe back from where it asked to start: 1.1 s behind, 0.9 s buffered.
    expect(catchUpRate(viewer({ latency: 1.1, forwardBuffer: 0.9 }))).toBeGreaterThan(1);
  });

  it('goes on catching up until close to the target, and starts only when further off', () => {
    expect(catchUpRate(viewer({ latency: 0.65, current: 1.05 }))).toBe(1.05);
    expect(catchUpRate(viewer({ latency: 0.65, current: 1 }))).toBe(1);
    expect(catchUpRate(viewer({ latency: 0.62, current: 1.05 }))).toBe(1);
  });

  it('never eats into the last two parts buffered ahead', () => {
    expect(catchUpRate(viewer({ latency: 1, forwardBuffer: 0.4 }))).toBe(1);
    expect(catchUpRate(viewer({ latency: 1, forwardBuffer: 0.45 }))).toBeGreaterThan(1);
    // Parts of 333 ms: two are 0.67 s.
    expect(catchUpRate(viewer({ latency: 1.5, target: 1, partTarget: 0.333, forwardBuffer: 0.6 }))).toBe(1);
  });

  it('keeps a segment ahead on a stream without parts', () => {
    const plain = { partTarget: 0, targetDuration: 2, target: 6 };
    expect(catchUpRate(viewer({ ...plain, latency: 7, forwardBuffer: 1.9 }))).toBe(1);
    expect(catchUpRate(viewer({ ...plain, latency: 7, forwardBuffer: 3 }))).toBe(1.25);
  });

  it('leaves a viewer who sought back into the DVR window be', () => {
    expect(catchUpRate(viewer({ latency: 5, forwardBuffer: 30 }))).toBe(1);
    expect(catchUpRate(viewer({ latency: 2.1, forwardBuffer: 2 }))).toBe(1.25);
  });
});

describe('withinLiveRange', () => {
  it('reaches a target duration past the target', () => {
    expect(withinLiveRange(1.6, 0.6, 1)).toBe(true);
    expect(withinLiveRange(1.7, 0.6, 1)).toBe(false);
  });
});
