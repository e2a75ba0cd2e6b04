import { describe, expect, it } from 'vitest';
import type { LiveStats } from './engine.js';
import { formatLatency, lastRange, liveEdgeStatus, liveLatency, liveSeekWindow, liveSyncTarget } from './live-edge.js';

/** What hls.js reports of our LL-HLS: 2 s segments, 200 ms parts, PART-HOLD-BACK 0.6 s. */
const stats = (overrides: Partial<LiveStats> = {}): LiveStats => ({
  edge: 120.4,
  syncPosition: 119.8,
  targetLatency: 0.6,
  targetDuration: 2,
  playingDate: null,
  ended: false,
  ...overrides,
});

describe('liveLatency', () => {
  it('is the distance from the edge to the position', () => {
    expect(liveLatency({ stats: stats(), currentTime: 119.6, now: 0 })).toBeCloseTo(0.8);
    expect(liveLatency({ stats: stats(), currentTime: 115.4, now: 0 })).toBeCloseTo(5);
  });
  it('is never negative (a position read just after a newer part played)', () => {
    expect(liveLatency({ stats: stats(), currentTime: 120.5, now: 0 })).toBe(0);
  });
  it('falls back to the program date time against the clock', () => {
    const now = Date.parse('2026-12-01T12:00:10.000Z');
    const playingDate = Date.parse('2026-12-01T12:00:08.500Z');
    expect(liveLatency({ stats: stats({ edge: null, playingDate }), currentTime: 30, now })).toBeCloseTo(1.5);
    // Before the first frame there is no position to measure from.
    expect(liveLatency({ stats: stats({ playingDate }), currentTime: 0, now })).toBeCloseTo(1.5);
  });
  it('is unknown without a playlist or a date', () => {
    expect(liveLatency({ stats: null, currentTime: 10, now: 0 })).toBeNull();
    expect(liveLatency({ stats: stats({ edge: null }), currentTime: 10, now: 0 })).toBeNull();
  });
});

describe('liveEdgeStatus', () => {
  it('is live while playing near the target latency', () => {
    expect(liveEdgeStatus({ latency: 0.7, paused: false, stats: stats() })).toBe('live');
    // A stall put the viewer 2 s behind: hls.js catches up by itself, still live.
    expect(liveEdgeStatus({ latency: 2.5, paused: false, stats: stats() })).toBe('live');
  });
  it('is behind once sought back into the DVR window', () => {
    expect(liveEdgeStatus({ latency: 5.6, paused: false, stats: stats() })).toBe('behind');
    expect(liveEdgeStatus({ latency: 2.7, paused: false, stats: stats() })).toBe('behind');
  });
  it('is behind while paused, however close', () => {
    expect(liveEdgeStatus({ latency: 0.6, paused: true, stats: stats() })).toBe('behind');
  });
  it('takes at least 1.5 s of slack, and 3 s of target when the stream does not say', () => {
    const short = stats({ targetDuration: 1 });
    expect(liveEdgeStatus({ latency: 2, paused: false, stats: short })).toBe('live');
    expect(liveEdgeStatus({ latency: 2.2, paused: false, stats: short })).toBe('behind');
    expect(liveEdgeStatus({ latency: 4.4, paused: false, stats: null })).toBe('live');
    expect(liveEdgeStatus({ latency: 4.6, paused: false, stats: null })).toBe('behind');
  });
  it('counts as live while the latency is not known yet', () => {
    expect(liveEdgeStatus({ latency: null, paused: false, stats: null })).toBe('live');
  });
});

describe('lastRange', () => {
  const ranges = (list: [number, number][]) => ({
    length: list.length,
    start: (i: number) => list[i]![0],
    end: (i: number) => list[i]![1],
  });
  it('reads the last seekable range', () => {
    expect(lastRange(ranges([[10, 70]]))).toEqual({ start: 10, end: 70 });
    expect(
      lastRange(
        ranges([
          [0, 5],
          [10, 70],
        ]),
      ),
    ).toEqual({ start: 10, end: 70 });
    expect(lastRange(ranges([]))).toBeNull();
  });
});

describe('liveSyncTarget', () => {
  it('goes where the engine would start playing', () => {
    expect(liveSyncTarget(stats(), { start: 0, end: 120.4 })).toBe(119.8);
  });
  it('never goes before the window', () => {
    expect(liveSyncTarget(stats({ syncPosition: 1 }), { start: 4, end: 5 })).toBe(4);
  });
  it('goes the target latency back from the end of the window without a sync point', () => {
    expect(liveSyncTarget(stats({ syncPosition: null }), { start: 0, end: 60 })).toBeCloseTo(59.4);
    expect(liveSyncTarget(null, { start: 0, end: 60 })).toBe(57);
    expect(liveSyncTarget(null, { start: 0, end: 2 })).toBe(0);
    expect(liveSyncTarget(null, null)).toBeNull();
  });
});

describe('liveSeekWindow', () => {
  it('covers the DVR window up to the sync point', () => {
    expect(liveSeekWindow(stats(), { start: 0, end: 120.4 })).toEqual({ start: 0, end: 119.8 });
    expect(liveSeekWindow(stats({ syncPosition: 200 }), { start: 0, end: 120.4 })).toEqual({ start: 0, end: 120.4 });
  });
  it('is none before there is a seekable range', () => {
    expect(liveSeekWindow(stats(), null)).toBeNull();
  });
});

describe('formatLatency', () => {
  it('reads in tenths of a second close to the edge, then seconds, then as a time', () => {
    expect(formatLatency(0.84)).toBe('0.8 s');
    expect(formatLatency(9.96)).toBe('9.9 s');
    expect(formatLatency(12.7)).toBe('12 s');
    expect(formatLatency(65)).toBe('1:05');
    expect(formatLatency(3723)).toBe('1:02:03');
    expect(formatLatency(0)).toBe('0.0 s');
  });
});
