import { describe, expect, it } from 'vitest';
import { peakOf, retentionSummary, streamSummary, viewsSummary } from './analytics.summary.js';

const DAY = 24 * 3600_000;
const june1 = Date.parse('2026-06-01T00:00:00.000Z');

describe('charts in words', () => {
  it('finds the first highest step, or none when all are zero', () => {
    expect(peakOf([0, 3, 7, 7, 1])).toBe(2);
    expect(peakOf([0, 0])).toBe(-1);
    expect(peakOf([])).toBe(-1);
  });

  it('says the views in all and the best day, in UTC days', () => {
    const chart = { granularity: 'day' as const, at: [0, 1, 2].map((d) => june1 + d * DAY), values: [[4, 9, 0], []] };
    expect(viewsSummary(chart, 'America/Los_Angeles')).toBe(
      'Views and watch time per day (UTC) from Jun 1 to Jun 3: 13 views in all, the most on Jun 2 (9).',
    );
    expect(viewsSummary({ ...chart, values: [[0, 0, 0], []] })).toBe(
      'Views and watch time per day (UTC) from Jun 1 to Jun 3: no views.',
    );
  });

  it('says how many stayed to the middle and the end of a video', () => {
    const points = Array.from({ length: 100 }, (_, i) => (i < 50 ? 1 : i < 99 ? 0.5 : 0.25));
    expect(retentionSummary({ sessions: 4, points })).toBe(
      'Of 4 plays, 100 % watched the start, 50 % were still watching halfway and 25 % at the end.',
    );
    expect(retentionSummary({ sessions: 0, points: [] })).toBe('Nobody has played this video in this range yet.');
  });

  it('says a stream’s peak and its busiest minute of chat in the creator’s time zone', () => {
    const start = Date.parse('2026-06-10T18:00:00.000Z');
    const chart = {
      granularity: 'minute' as const,
      at: [0, 1, 2].map((m) => start + m * 60_000),
      values: [
        [2, 5, 3],
        [0, 1, 6],
      ],
    };
    expect(streamSummary(chart, 'Europe/Berlin')).toBe(
      'The most concurrent viewers were 5, at 8:01 PM; 7 chat messages, the most (6) at 8:02 PM.',
    );
    expect(
      streamSummary({
        ...chart,
        values: [
          [0, 0, 0],
          [0, 0, 0],
        ],
      }),
    ).toBe('No players were heard from during the stream; nobody chatted.');
  });
});
