import { describe, expect, it } from 'vitest';
import { filledSteps, retentionChartOf, streamChartOf, viewsChartOf, watchUnitOf } from './analytics.series.js';

const DAY = 24 * 3600_000;
const at = (iso: string) => Date.parse(iso);

describe('views and watch time over time', () => {
  it('gives every UTC day of the range a point, zeros where the API left one out', () => {
    const chart = viewsChartOf(
      {
        from: '2026-06-01T00:00:00.000Z',
        to: '2026-06-05T00:00:00.000Z',
        granularity: 'day',
        series: [
          { at: '2026-06-01T00:00:00.000Z', views: 3, watchTimeSeconds: 120 },
          { at: '2026-06-04T00:00:00.000Z', views: 1, watchTimeSeconds: 30 },
        ],
      },
      at('2026-06-20T00:00:00.000Z'),
    );
    expect(chart.at).toEqual([0, 1, 2, 3].map((d) => at('2026-06-01T00:00:00.000Z') + d * DAY));
    expect(chart.values).toEqual([
      [3, 0, 0, 1],
      [2, 0, 0, 0.5],
    ]);
    expect(chart.watchUnit).toBe('minutes');
  });

  it('keys days by their UTC midnight whatever the offset an instant is written with', () => {
    const chart = viewsChartOf(
      {
        from: '2026-06-01T00:00:00.000Z',
        to: '2026-06-03T00:00:00.000Z',
        granularity: 'day',
        // 2026-06-02T01:00+02:00 is June 1 at 23:00 UTC.
        series: [{ at: '2026-06-02T01:00:00+02:00', views: 2, watchTimeSeconds: 7200 }],
      },
      at('2026-06-20T00:00:00.000Z'),
    );
    expect(chart.values[0]).toEqual([2, 0]);
    expect(chart.watchUnit).toBe('hours');
    expect(chart.values[1]).toEqual([2, 0]);
  });

  it('stops at now: the rest of today has no points', () => {
    const chart = viewsChartOf(
      { from: '2026-06-10T00:00:00.000Z', to: '2026-06-11T00:00:00.000Z', granularity: 'hour', series: [] },
      at('2026-06-10T05:30:00.000Z'),
    );
    expect(chart.at.map((t) => new Date(t).toISOString())).toEqual([
      '2026-06-10T00:00:00.000Z',
      '2026-06-10T01:00:00.000Z',
      '2026-06-10T02:00:00.000Z',
      '2026-06-10T03:00:00.000Z',
      '2026-06-10T04:00:00.000Z',
      '2026-06-10T05:00:00.000Z',
    ]);
    expect(chart.values[0]).toEqual([0, 0, 0, 0, 0, 0]);
  });

  it('sums points that fall in one step and leaves out points outside the range', () => {
    const series = filledSteps(
      [
        { t: '2026-06-01T10:00:00.000Z', n: 1 },
        { t: '2026-06-01T22:00:00.000Z', n: 2 },
        { t: '2026-05-31T22:00:00.000Z', n: 50 },
        { t: '2026-06-03T00:00:00.000Z', n: 70 },
      ],
      { from: '2026-06-01T00:00:00.000Z', to: '2026-06-03T00:00:00.000Z', now: Infinity, granularity: 'day' },
      (p) => p.t,
      [(p) => p.n],
    );
    expect(series.values).toEqual([[3, 0]]);
  });

  it('counts watch time in hours once a step reaches two hours', () => {
    expect(watchUnitOf(0)).toBe('minutes');
    expect(watchUnitOf(7199)).toBe('minutes');
    expect(watchUnitOf(7200)).toBe('hours');
  });
});

describe('a stream minute by minute', () => {
  it('fills every minute of the stream’s span, viewers and chat side by side', () => {
    const chart = streamChartOf(
      {
        from: '2026-06-10T18:00:00.000Z',
        to: '2026-06-10T18:05:00.001Z',
        startedAt: '2026-06-10T18:00:20.000Z',
        endedAt: '2026-06-10T18:04:10.000Z',
        concurrentViewers: [
          { at: '2026-06-10T18:01:00.000Z', count: 4 },
          { at: '2026-06-10T18:02:00.000Z', count: 6 },
        ],
        chatMessagesPerMinute: [{ at: '2026-06-10T18:04:00.000Z', count: 9 }],
      },
      at('2026-06-11T00:00:00.000Z'),
    );
    expect(chart.at.map((t) => new Date(t).toISOString().slice(11, 16))).toEqual([
      '18:00',
      '18:01',
      '18:02',
      '18:03',
      '18:04',
    ]);
    expect(chart.values).toEqual([
      [0, 4, 6, 0, 0],
      [0, 0, 0, 0, 9],
    ]);
  });

  it('runs to now while the stream is on air', () => {
    const chart = streamChartOf(
      {
        from: '2026-06-10T18:00:00.000Z',
        to: '2026-06-10T18:10:00.001Z',
        startedAt: '2026-06-10T18:00:00.000Z',
        endedAt: null,
        concurrentViewers: [],
        chatMessagesPerMinute: [],
      },
      at('2026-06-10T18:02:30.000Z'),
    );
    expect(chart.at).toHaveLength(3);
  });
});

describe('the audience-retention curve', () => {
  it('puts each hundredth at its position in the video, as a percent still watching', () => {
    const points = Array.from({ length: 100 }, (_, i) => (i < 50 ? 1 : 0.25));
    const chart = retentionChartOf({ durationSeconds: 200, sessions: 4, points });
    expect(chart.position.slice(0, 3)).toEqual([0, 2, 4]);
    expect(chart.position.at(-1)).toBe(198);
    expect(chart.percent[0]).toBe(100);
    expect(chart.percent[99]).toBe(25);
  });

  it('is empty while nobody played the video', () => {
    expect(retentionChartOf({ durationSeconds: 200, sessions: 0, points: [] })).toEqual({ position: [], percent: [] });
  });
});
