import {
  type AnalyticsPoint,
  type AnalyticsRange,
  type QoeReport,
  RETENTION_POINTS,
  type RetentionCurve,
} from '@framecast/contracts';
import { AppError } from '@framecast/kit';

const HOUR = 3600_000;
const DAY = 24 * HOUR;
export const DEFAULT_RANGE_DAYS = 28;
export const MAX_RANGE_DAYS = 366;
/** Ranges up to this long get hourly series; longer ones daily. */
const HOURLY_UP_TO = 3 * DAY;

export interface Range {
  from: Date;
  to: Date;
  granularity: 'hour' | 'day';
}

/** The report's range: the query's, else `fallback` (the last 28 days unless the caller knows better). Pure. */
export function resolveRange(query: AnalyticsRange, now: Date, fallback?: { from: Date; to: Date }): Range {
  const to = query.to ? new Date(query.to) : (fallback?.to ?? now);
  const from = query.from
    ? new Date(query.from)
    : (fallback?.from ?? new Date(to.getTime() - DEFAULT_RANGE_DAYS * DAY));
  if (!(from < to)) throw AppError.badRequest('invalid_range', '"from" must be before "to".', { field: 'from' });
  if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * DAY) {
    throw AppError.badRequest('invalid_range', `A report covers at most ${MAX_RANGE_DAYS} days.`, { field: 'from' });
  }
  return { from, to, granularity: to.getTime() - from.getTime() <= HOURLY_UP_TO ? 'hour' : 'day' };
}

/** Sums of the rollup's columns over a range. */
export interface Sums {
  views: number;
  sessions: number;
  watch_seconds: number;
  startup_ms: number;
  startups: number;
  stall_ms: number;
  stalls: number;
  errors: number;
  fatal_errors: number;
  switches: number;
  bitrate_seconds: number;
  bitrate_known_seconds: number;
}

const round = (n: number, digits = 3) => Math.round(n * 10 ** digits) / 10 ** digits;

/** Pure. */
export function qoeOf(s: Sums): QoeReport {
  const stalled = s.stall_ms / 1000;
  return {
    startupTimeMs: s.startups > 0 ? round(s.startup_ms / s.startups, 1) : null,
    startupSamples: s.startups,
    rebufferRatio: stalled + s.watch_seconds > 0 ? round(stalled / (stalled + s.watch_seconds), 4) : 0,
    rebufferEvents: s.stalls,
    errors: s.errors,
    fatalErrors: s.fatal_errors,
    bitrateSwitches: s.switches,
    averageBitrate: s.bitrate_known_seconds > 0 ? Math.round(s.bitrate_seconds / s.bitrate_known_seconds) : null,
  };
}

/** Views, watch time and their average per view. Pure. */
export function totalsOf(s: Sums) {
  return {
    views: s.views,
    watchTimeSeconds: round(s.watch_seconds),
    averageViewDurationSeconds: s.views > 0 ? round(s.watch_seconds / s.views) : 0,
  };
}

const floorTo = (ms: number, granularity: Range['granularity']) =>
  granularity === 'hour' ? Math.floor(ms / HOUR) * HOUR : Math.floor(ms / DAY) * DAY;

/** One point per hour or day of the range (UTC), zeros where nothing was counted. Pure. */
export function seriesOf(
  rows: readonly { hour: Date; views: number; watch_seconds: number }[],
  range: Range,
): AnalyticsPoint[] {
  const step = range.granularity === 'hour' ? HOUR : DAY;
  const points = new Map<number, AnalyticsPoint>();
  for (let at = floorTo(range.from.getTime(), range.granularity); at < range.to.getTime(); at += step) {
    points.set(at, { at: new Date(at).toISOString(), views: 0, watchTimeSeconds: 0 });
  }
  for (const row of rows) {
    const point = points.get(floorTo(row.hour.getTime(), range.granularity));
    if (!point) continue;
    point.views += row.views;
    point.watchTimeSeconds = round(point.watchTimeSeconds + row.watch_seconds);
  }
  return [...points.values()];
}

/** The retention curve from sessions per bucket over sessions that played. Pure. */
export function retentionOf(
  buckets: readonly { bucket: number; sessions: number }[],
  sessions: number,
  durationSeconds: number,
): RetentionCurve {
  if (durationSeconds <= 0 || sessions <= 0) return { durationSeconds, sessions, points: [] };
  const points = new Array<number>(RETENTION_POINTS).fill(0);
  for (const b of buckets) {
    if (b.bucket >= 0 && b.bucket < RETENTION_POINTS) points[b.bucket] = Math.min(1, round(b.sessions / sessions, 4));
  }
  return { durationSeconds, sessions, points };
}
