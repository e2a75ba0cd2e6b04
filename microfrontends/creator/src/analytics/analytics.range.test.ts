import { describe, expect, it } from 'vitest';
import {
  apiRangeOf,
  customRangeProblem,
  DEFAULT_RANGE,
  daysOf,
  noViewsWords,
  rangeFromSearch,
  searchOfRange,
  utcDay,
} from './analytics.range.js';

// 2026-06-10 at 23:30 in UTC: already June 11 in Tokyo, still June 10 in New York.
const now = Date.parse('2026-06-10T23:30:00.000Z');

describe('the report range', () => {
  it('is the last 7, 28 or 90 UTC days ending today, asked from the first midnight to the one after today', () => {
    expect(daysOf({ kind: 'last', days: 7 }, now)).toEqual({ from: '2026-06-04', to: '2026-06-10' });
    expect(apiRangeOf({ kind: 'last', days: 7 }, now)).toEqual({
      from: '2026-06-04T00:00:00.000Z',
      to: '2026-06-11T00:00:00.000Z',
    });
    expect(apiRangeOf({ kind: 'last', days: 90 }, now).from).toBe('2026-03-13T00:00:00.000Z');
    // The same all day long, so the page keeps its cached report until the day turns.
    expect(apiRangeOf(DEFAULT_RANGE, Date.parse('2026-06-10T00:00:00.000Z'))).toEqual(apiRangeOf(DEFAULT_RANGE, now));
  });

  it('takes a custom range as whole days, the last one included', () => {
    expect(apiRangeOf({ kind: 'custom', from: '2026-02-27', to: '2026-03-01' }, now)).toEqual({
      from: '2026-02-27T00:00:00.000Z',
      to: '2026-03-02T00:00:00.000Z',
    });
  });

  it('round-trips through the query string, the default being the plain page', () => {
    for (const choice of [
      { kind: 'last', days: 7 },
      { kind: 'last', days: 90 },
      { kind: 'custom', from: '2026-01-01', to: '2026-01-31' },
    ] as const) {
      expect(rangeFromSearch(searchOfRange(choice))).toEqual(choice);
    }
    expect(searchOfRange(DEFAULT_RANGE)).toBe('');
    expect(rangeFromSearch('')).toEqual(DEFAULT_RANGE);
  });

  it('falls back to 28 days for a query string that names no range it can ask', () => {
    for (const search of [
      '?days=14',
      '?days=abc',
      '?from=2026-02-30&to=2026-03-01',
      '?from=2026-03-10&to=2026-03-01',
      '?from=2024-01-01&to=2026-01-01',
      '?from=2026-03-01',
      '?from=20260301&to=20260302',
    ]) {
      expect(rangeFromSearch(search)).toEqual(DEFAULT_RANGE);
    }
  });

  it('says what is wrong with a custom range in words', () => {
    expect(customRangeProblem('2026-06-01', '2026-06-10', '2026-06-10')).toBeNull();
    expect(customRangeProblem('2026-06-10', '2026-06-10', '2026-06-10')).toBeNull();
    expect(customRangeProblem('', '2026-06-10', '2026-06-10')).toBe('Pick a first and a last day.');
    expect(customRangeProblem('2026-06-09', '2026-06-01', '2026-06-10')).toBe(
      'The first day must come before the last day.',
    );
    expect(customRangeProblem('2026-06-11', '2026-06-12', '2026-06-10')).toBe('The range must start today or earlier.');
    expect(customRangeProblem('2025-06-01', '2026-06-10', '2026-06-10')).toBe('A report covers at most 366 days.');
    expect(customRangeProblem('2025-06-10', '2026-06-10', '2026-06-10')).toBeNull();
  });

  it('reads only real calendar dates', () => {
    expect(utcDay('2028-02-29')).toBe(Date.parse('2028-02-29T00:00:00.000Z'));
    expect(utcDay('2026-02-29')).toBeNaN();
    expect(utcDay('2026-6-1')).toBeNaN();
  });

  it('says there were no views in the words of the range', () => {
    expect(noViewsWords({ kind: 'last', days: 28 })).toBe('No views in these 28 days yet');
    expect(noViewsWords({ kind: 'custom', from: '2026-06-01', to: '2026-06-14' })).toBe(
      'No views in Jun 1 – Jun 14, 2026',
    );
    expect(noViewsWords({ kind: 'custom', from: '2026-06-01', to: '2026-06-01' })).toBe('No views on Jun 1, 2026');
  });
});
