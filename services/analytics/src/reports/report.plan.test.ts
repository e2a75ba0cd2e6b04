import { describe, expect, it } from 'vitest';
import { qoeOf, resolveRange, retentionOf, type Sums, seriesOf, totalsOf } from './report.plan.js';

const now = new Date('2026-03-10T12:30:00Z');
const sums = (over: Partial<Sums>): Sums => ({
  views: 0,
  sessions: 0,
  watch_seconds: 0,
  startup_ms: 0,
  startups: 0,
  stall_ms: 0,
  stalls: 0,
  errors: 0,
  fatal_errors: 0,
  switches: 0,
  bitrate_seconds: 0,
  bitrate_known_seconds: 0,
  ...over,
});

describe('a report range', () => {
  it('is the last 28 days by day unless given, by hour up to 3 days', () => {
    expect(resolveRange({}, now)).toEqual({
      from: new Date('2026-02-10T12:30:00Z'),
      to: now,
      granularity: 'day',
    });
    expect(resolveRange({ from: '2026-03-08T12:30:00Z' }, now).granularity).toBe('hour');
    const span = { from: new Date('2026-03-10T10:00:00Z'), to: new Date('2026-03-10T11:00:00Z') };
    expect(resolveRange({}, now, span)).toEqual({ ...span, granularity: 'hour' });
  });

  it('refuses a backward, empty or too long range', () => {
    expect(() => resolveRange({ from: now.toISOString(), to: now.toISOString() }, now)).toThrow(/before/);
    expect(() => resolveRange({ from: '2025-01-01T00:00:00Z' }, now)).toThrow(/366 days/);
  });
});

describe('the numbers', () => {
  it('average watch time per view, and say nothing is 0 rather than NaN', () => {
    expect(totalsOf(sums({ views: 3, watch_seconds: 100 }))).toEqual({
      views: 3,
      watchTimeSeconds: 100,
      averageViewDurationSeconds: 33.333,
    });
    expect(totalsOf(sums({}))).toEqual({ views: 0, watchTimeSeconds: 0, averageViewDurationSeconds: 0 });
    expect(qoeOf(sums({}))).toEqual({
      startupTimeMs: null,
      startupSamples: 0,
      rebufferRatio: 0,
      rebufferEvents: 0,
      errors: 0,
      fatalErrors: 0,
      bitrateSwitches: 0,
      averageBitrate: null,
    });
    expect(qoeOf(sums({ watch_seconds: 90, stall_ms: 10_000, stalls: 2 })).rebufferRatio).toBe(0.1);
  });

  it('fill every hour or day of the series', () => {
    const range = resolveRange({ from: '2026-03-10T09:00:00Z', to: '2026-03-10T12:00:00Z' }, now);
    const rows = [{ hour: new Date('2026-03-10T10:00:00Z'), views: 2, watch_seconds: 30 }];
    expect(seriesOf(rows, range)).toEqual([
      { at: '2026-03-10T09:00:00.000Z', views: 0, watchTimeSeconds: 0 },
      { at: '2026-03-10T10:00:00.000Z', views: 2, watchTimeSeconds: 30 },
      { at: '2026-03-10T11:00:00.000Z', views: 0, watchTimeSeconds: 0 },
    ]);
    const days = seriesOf(
      [
        { hour: new Date('2026-03-09T01:00:00Z'), views: 1, watch_seconds: 1 },
        { hour: new Date('2026-03-09T23:00:00Z'), views: 1, watch_seconds: 2 },
      ],
      resolveRange({ from: '2026-03-01T00:00:00Z' }, now),
    );
    expect(days).toHaveLength(10);
    expect(days[8]).toEqual({ at: '2026-03-09T00:00:00.000Z', views: 2, watchTimeSeconds: 3 });
  });

  it('give a retention curve only with a duration and sessions', () => {
    expect(retentionOf([{ bucket: 0, sessions: 4 }], 0, 60).points).toEqual([]);
    expect(retentionOf([{ bucket: 0, sessions: 4 }], 4, 0).points).toEqual([]);
    const curve = retentionOf(
      [
        { bucket: 0, sessions: 4 },
        { bucket: 50, sessions: 1 },
      ],
      4,
      60,
    );
    expect(curve.points).toHaveLength(100);
    expect([curve.points[0], curve.points[1], curve.points[50]]).toEqual([1, 0, 0.25]);
  });
});
