import { isApiError } from '@framecast/client';
import type { Granularity } from './analytics.series.js';

/**
 * How a step of a chart is named. Days are the API's UTC days, so they are named in UTC (a creator west of Greenwich
 * would otherwise see every day named after the one before); hours and minutes are instants, named in the creator's
 * own time zone (`timeZone`, the browser's unless given). Pure.
 */
export function stepLabel(at: number, granularity: Granularity, timeZone?: string): string {
  const zone = granularity === 'day' ? 'UTC' : timeZone;
  const options: Intl.DateTimeFormatOptions =
    granularity === 'day'
      ? { month: 'short', day: 'numeric' }
      : granularity === 'hour'
        ? { month: 'short', day: 'numeric', hour: 'numeric' }
        : { hour: 'numeric', minute: '2-digit' };
  return new Intl.DateTimeFormat('en', { ...options, ...(zone ? { timeZone: zone } : {}) }).format(at);
}

/** The time zone a chart's steps are named in, to say beside it. Pure. */
export const timeZoneOf = (granularity: Granularity, timeZone?: string) =>
  granularity === 'day' ? 'UTC' : (timeZone ?? Intl.DateTimeFormat().resolvedOptions().timeZone);

const count = new Intl.NumberFormat('en');
const decimal = new Intl.NumberFormat('en', { maximumFractionDigits: 1 });

/** "1,234": counts in full on the analytics page, where the exact number is the point. Pure. */
export const formatNumber = (n: number) => count.format(n);

/** "45 s", "12 min", "3.5 h", "1,204 h": watch time, in the unit that reads best. Pure. */
export function formatWatchTime(seconds: number): string {
  if (seconds < 60) return `${Math.round(seconds)} s`;
  if (seconds < 3600) return `${Math.round(seconds / 60)} min`;
  return `${decimal.format(seconds / 3600)} h`;
}

/** "0:42", "3:05", "1:02:03": an average view's length, as players show times. Pure. */
export function formatClock(seconds: number): string {
  const total = Math.max(0, Math.round(seconds));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = String(total % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

/** "0.4 %", "12 %": a share from 0 to 1. Pure. */
export function formatPercent(share: number): string {
  const percent = share * 100;
  const digits = percent > 0 && percent < 10 ? 1 : 0;
  return `${percent.toFixed(digits).replace(/\.0$/, '')} %`;
}

/** "640 ms", "1.2 s": time to the first frame; "No data" without samples. Pure. */
export function formatStartup(ms: number | null): string {
  if (ms === null) return 'No data';
  return ms < 1000 ? `${Math.round(ms)} ms` : `${decimal.format(ms / 1000)} s`;
}

/** "850 kbps", "2.4 Mbps"; "No data" when no rendition was reported. Pure. */
export function formatBitrate(bitsPerSecond: number | null): string {
  if (bitsPerSecond === null) return 'No data';
  return bitsPerSecond < 1_000_000
    ? `${Math.round(bitsPerSecond / 1000)} kbps`
    : `${decimal.format(bitsPerSecond / 1_000_000)} Mbps`;
}

/** What a report is of, for the words of a failure. */
export type ReportSubject = 'channel' | 'video' | 'stream';

const subjects: { [s in ReportSubject]: string } = { channel: 'channel', video: 'video', stream: 'stream' };

/**
 * A refusal worth its own words: someone else's analytics (403), or a video, stream or channel analytics does not
 * know (404). Anything else is null: the failed state with "Try again". Pure.
 */
export function reportRefusal(
  error: unknown,
  subject: ReportSubject,
): { status: 403 | 404; title: string; message: string } | null {
  if (!isApiError(error)) return null;
  if (error.status === 403) {
    return {
      status: 403,
      title: 'These analytics are not yours',
      message: `Only the ${subjects[subject]}’s owner and admins can see its analytics.`,
    };
  }
  if (error.status === 404) {
    return {
      status: 404,
      title: `No analytics for this ${subjects[subject]}`,
      message:
        subject === 'channel'
          ? 'Analytics does not know your channel yet. Try again in a minute.'
          : `The ${subjects[subject]} may have been deleted, or the link is not quite right.`,
    };
  }
  return null;
}
