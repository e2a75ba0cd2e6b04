import type { AnalyticsPoint, RetentionCurve } from '@framecast/client';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export type Granularity = 'minute' | 'hour' | 'day';
const steps: { [g in Granularity]: number } = { minute: MINUTE, hour: HOUR, day: DAY };

/**
 * A chart's data: `at` in ms, one value a step for each series. Days are UTC days (as the API counts them), hours
 * and minutes are instants; how they are labelled is up to `timeZoneOf`.
 */
export interface TimeSeries {
  granularity: Granularity;
  at: number[];
  values: number[][];
}

/**
 * One step for every minute, hour or UTC day from `from` to `to` (and none after `now`: the rest of today cannot have
 * happened), the given points' values summed into their step and zeros where nothing was counted. Points outside the
 * range are left out. Pure.
 */
export function filledSteps<P>(
  points: readonly P[],
  opts: { from: string; to: string; now: number; granularity: Granularity },
  at: (point: P) => string,
  values: readonly ((point: P) => number)[],
): TimeSeries {
  const step = steps[opts.granularity];
  const start = Math.floor(Date.parse(opts.from) / step) * step;
  const end = Math.min(Date.parse(opts.to), opts.now + 1);
  const times: number[] = [];
  for (let t = start; t < end; t += step) times.push(t);
  const sums = values.map(() => new Array<number>(times.length).fill(0));
  for (const point of points) {
    const i = (Math.floor(Date.parse(at(point)) / step) * step - start) / step;
    if (!(i >= 0 && i < times.length)) continue;
    values.forEach((value, s) => {
      sums[s]![i]! += value(point);
    });
  }
  return { granularity: opts.granularity, at: times, values: sums };
}

/** How watch time is counted on a chart's axis: in minutes while it is small, else in hours. */
export type WatchUnit = 'minutes' | 'hours';

/** Hours once the biggest step reaches two hours, so the axis reads "2.5" rather than "150". Pure. */
export const watchUnitOf = (maxSeconds: number): WatchUnit => (maxSeconds >= 2 * 3600 ? 'hours' : 'minutes');

const round = (n: number, digits: number) => Math.round(n * 10 ** digits) / 10 ** digits;

/**
 * A report's `series` as the chart of views and watch time draws it: every step of the range filled (the API fills
 * them too; a missing one still reads as zero), watch time in minutes or hours. Pure.
 */
export function viewsChartOf(
  report: { from: string; to: string; granularity: 'hour' | 'day'; series: readonly AnalyticsPoint[] },
  now: number,
): TimeSeries & { watchUnit: WatchUnit } {
  const filled = filledSteps(report.series, { ...report, now }, (p) => p.at, [
    (p) => p.views,
    (p) => p.watchTimeSeconds,
  ]);
  const [views = [], watchSeconds = []] = filled.values;
  const watchUnit = watchUnitOf(Math.max(0, ...watchSeconds));
  const perUnit = watchUnit === 'hours' ? 3600 : 60;
  return { ...filled, values: [views, watchSeconds.map((s) => round(s / perUnit, 2))], watchUnit };
}

/**
 * A stream's audience and chat, minute by minute over its span (to its end, or now while it is on air): the API
 * lists only minutes with players heard from or messages sent, so the others are zeros here. Pure.
 */
export function streamChartOf(
  report: {
    from: string;
    to: string;
    startedAt: string | null;
    endedAt: string | null;
    concurrentViewers: readonly { at: string; count: number }[];
    chatMessagesPerMinute: readonly { at: string; count: number }[];
  },
  now: number,
): TimeSeries {
  const from = report.startedAt && report.startedAt > report.from ? report.startedAt : report.from;
  const to = report.endedAt && report.endedAt < report.to ? report.endedAt : report.to;
  const opts = { from, to, now, granularity: 'minute' as const };
  const count = (p: { count: number }) => p.count;
  const viewers = filledSteps(report.concurrentViewers, opts, (p) => p.at, [count]);
  const chat = filledSteps(report.chatMessagesPerMinute, opts, (p) => p.at, [count]);
  return { granularity: 'minute', at: viewers.at, values: [viewers.values[0] ?? [], chat.values[0] ?? []] };
}

/**
 * The audience-retention curve as a chart draws it: x is the position in the video in seconds (the start of each
 * hundredth), y the percent of playback sessions still watching there. Empty while the curve is. Pure.
 */
export function retentionChartOf(curve: RetentionCurve): { position: number[]; percent: number[] } {
  const n = curve.points.length;
  return {
    position: curve.points.map((_, i) => round((i / n) * curve.durationSeconds, 2)),
    percent: curve.points.map((share) => round(share * 100, 1)),
  };
}
