import type { TimeSeries } from './analytics.series.js';
import { formatNumber, formatPercent, stepLabel } from './analytics.words.js';

/** Where a series is highest: its index, or -1 when it is all zeros. Pure. */
export function peakOf(values: readonly number[]): number {
  let best = -1;
  values.forEach((v, i) => {
    if (v > 0 && (best < 0 || v > values[best]!)) best = i;
  });
  return best;
}

const per = { minute: 'minute', hour: 'hour', day: 'day (UTC)' } as const;

/** The views chart in words: how many in all, and its best step. Pure. */
export function viewsSummary(chart: TimeSeries, timeZone?: string): string {
  const views = chart.values[0] ?? [];
  const total = views.reduce((n, v) => n + v, 0);
  const first = chart.at[0];
  const last = chart.at.at(-1);
  if (first === undefined || last === undefined) return 'No steps to show.';
  const span = `from ${stepLabel(first, chart.granularity, timeZone)} to ${stepLabel(last, chart.granularity, timeZone)}`;
  const peak = peakOf(views);
  if (peak < 0) return `Views and watch time per ${per[chart.granularity]} ${span}: no views.`;
  const best = `the most on ${stepLabel(chart.at[peak]!, chart.granularity, timeZone)} (${formatNumber(views[peak]!)})`;
  return `Views and watch time per ${per[chart.granularity]} ${span}: ${formatNumber(total)} views in all, ${best}.`;
}

/** The retention curve in words: how many stayed to the middle and to the end. Pure. */
export function retentionSummary(curve: { sessions: number; points: readonly number[] }): string {
  const { points, sessions } = curve;
  if (points.length === 0) return 'Nobody has played this video in this range yet.';
  const middle = points[Math.floor(points.length / 2)] ?? 0;
  const end = points.at(-1) ?? 0;
  return (
    `Of ${formatNumber(sessions)} ${sessions === 1 ? 'play' : 'plays'}, ${formatPercent(points[0] ?? 0)} watched the ` +
    `start, ${formatPercent(middle)} were still watching halfway and ${formatPercent(end)} at the end.`
  );
}

/** A stream's audience and chat in words: its peak and its busiest minute of chat. Pure. */
export function streamSummary(chart: TimeSeries, timeZone?: string): string {
  const [viewers = [], chat = []] = chart.values;
  const at = (i: number) => stepLabel(chart.at[i]!, 'minute', timeZone);
  const peak = peakOf(viewers);
  const busiest = peakOf(chat);
  const audience =
    peak < 0
      ? 'No players were heard from during the stream'
      : `The most concurrent viewers were ${formatNumber(viewers[peak]!)}, at ${at(peak)}`;
  const messages = chat.reduce((n, v) => n + v, 0);
  const talk =
    busiest < 0
      ? 'nobody chatted'
      : `${formatNumber(messages)} chat ${messages === 1 ? 'message' : 'messages'}, the most (${formatNumber(chat[busiest]!)}) at ${at(busiest)}`;
  return `${audience}; ${talk}.`;
}
