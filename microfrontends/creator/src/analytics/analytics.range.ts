import type { AnalyticsRange } from '@framecast/client';

/**
 * The range a report covers, as the creator picks it: the last 7, 28 or 90 days, or from one day to another. Days are
 * UTC days, as the analytics module counts them (its daily points and unique viewers are per UTC day), so the chart's
 * days and the totals cover exactly the days picked.
 */
export type RangeChoice = { kind: 'last'; days: RangePreset } | { kind: 'custom'; from: string; to: string };

export const RANGE_PRESETS = [7, 28, 90] as const;
export type RangePreset = (typeof RANGE_PRESETS)[number];
export const DEFAULT_RANGE = { kind: 'last', days: 28 } as const satisfies RangeChoice;
/** The most the API reports at once. */
export const MAX_RANGE_DAYS = 366;

const DAY = 24 * 3600_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** `2026-06-10` → its UTC midnight in ms, or NaN for anything that is not a real date. Pure. */
export function utcDay(date: string): number {
  if (!DATE.test(date)) return Number.NaN;
  const ms = Date.parse(`${date}T00:00:00.000Z`);
  return Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== date ? Number.NaN : ms;
}

/** The UTC date of an instant, `2026-06-10`. Pure. */
export const dateOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Why a custom range cannot be asked, in words, or null. `today` is today's UTC date. Pure. */
export function customRangeProblem(from: string, to: string, today: string): string | null {
  const start = utcDay(from);
  const end = utcDay(to);
  if (Number.isNaN(start) || Number.isNaN(end)) return 'Pick a first and a last day.';
  if (start > end) return 'The first day must come before the last day.';
  if (start > utcDay(today)) return 'The range must start today or earlier.';
  if ((end - start) / DAY + 1 > MAX_RANGE_DAYS) return `A report covers at most ${MAX_RANGE_DAYS} days.`;
  return null;
}

/** The range the query string names (`?days=7`, `?from=2026-06-01&to=2026-06-14`); the last 28 days otherwise. Pure. */
export function rangeFromSearch(search: string): RangeChoice {
  const params = new URLSearchParams(search);
  const from = params.get('from');
  const to = params.get('to');
  if (from && to && !Number.isNaN(utcDay(from)) && !Number.isNaN(utcDay(to)) && utcDay(from) <= utcDay(to)) {
    if ((utcDay(to) - utcDay(from)) / DAY + 1 <= MAX_RANGE_DAYS) return { kind: 'custom', from, to };
  }
  const days = Number(params.get('days'));
  const preset = RANGE_PRESETS.find((d) => d === days);
  return preset ? { kind: 'last', days: preset } : DEFAULT_RANGE;
}

/** The query string that names a range: empty for the default, so the plain page is the last 28 days. Pure. */
export function searchOfRange(choice: RangeChoice): string {
  if (choice.kind === 'custom') return `?from=${choice.from}&to=${choice.to}`;
  return choice.days === DEFAULT_RANGE.days ? '' : `?days=${choice.days}`;
}

/** The first and last UTC day of a range (inclusive), `now` deciding which days are "the last N". Pure. */
export function daysOf(choice: RangeChoice, now: number): { from: string; to: string } {
  if (choice.kind === 'custom') return { from: choice.from, to: choice.to };
  const today = Math.floor(now / DAY) * DAY;
  return { from: dateOf(today - (choice.days - 1) * DAY), to: dateOf(today) };
}

/**
 * What the API is asked: from the first day's UTC midnight to the midnight after the last day. The last day may be
 * today, still going on: the API counts what there is so far. Pure.
 */
export function apiRangeOf(choice: RangeChoice, now: number): Required<AnalyticsRange> {
  const { from, to } = daysOf(choice, now);
  return { from: new Date(utcDay(from)).toISOString(), to: new Date(utcDay(to) + DAY).toISOString() };
}

const shortDate = new Intl.DateTimeFormat('en', { month: 'short', day: 'numeric', timeZone: 'UTC' });
const longDate = new Intl.DateTimeFormat('en', { month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' });

/** "these 28 days", "Jun 10, 2026", "Jun 1 – Jun 14, 2026": the range in a sentence. Pure. */
export function rangeWords(choice: RangeChoice): string {
  if (choice.kind === 'last') return `these ${choice.days} days`;
  const from = utcDay(choice.from);
  const to = utcDay(choice.to);
  if (from === to) return longDate.format(from);
  return `${shortDate.format(from)} – ${longDate.format(to)}`;
}

/** "No views in these 28 days yet", "No views on Jun 10, 2026", "No views from Jun 1 – Jun 14, 2026". Pure. */
export function noViewsWords(choice: RangeChoice): string {
  if (choice.kind === 'last') return `No views in these ${choice.days} days yet`;
  return `No views ${choice.from === choice.to ? 'on' : 'in'} ${rangeWords(choice)}`;
}
