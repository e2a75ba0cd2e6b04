import { formatDuration } from '../format.js';
import type { LiveStats, SeekWindow } from './engine.js';

/** Where the viewer is in a live stream: at the live edge, or behind it (paused, or sought back into the DVR window). */
export type LiveEdgeStatus = 'live' | 'behind';

/** How far behind the edge a player sits when the stream does not say (plain HLS players keep about 3 segments). */
export const DEFAULT_TARGET_LATENCY = 3;
/**
 * Seconds past the target latency still counted as live: a target duration, never less than this, so a stall of a
 * second does not turn the indicator grey. The catch-up (`withinLiveRange`) reaches a little further, to the target
 * latency plus a target duration past the target, as hls.js's own does.
 */
export const MIN_LIVE_SLACK = 1.5;

export interface LatencyInput {
  stats: LiveStats | null;
  currentTime: number;
  /** `Date.now()`. */
  now: number;
}

/**
 * Seconds between the live edge and the frame on screen: the engine's estimate of the edge against the position
 * (what hls.js calls `latency`), else the program date time of the frame against the clock. Null while unknown. Pure.
 */
export function liveLatency({ stats, currentTime, now }: LatencyInput): number | null {
  if (!stats) return null;
  if (stats.edge !== null && Number.isFinite(stats.edge) && currentTime > 0) {
    return Math.max(0, stats.edge - currentTime);
  }
  if (stats.playingDate !== null && Number.isFinite(stats.playingDate))
    return Math.max(0, (now - stats.playingDate) / 1000);
  return null;
}

export interface EdgeStatusInput {
  latency: number | null;
  paused: boolean;
  stats: Pick<LiveStats, 'targetLatency' | 'targetDuration'> | null;
}

/** Live while playing within reach of the target latency; behind when paused or further back. Pure. */
export function liveEdgeStatus({ latency, paused, stats }: EdgeStatusInput): LiveEdgeStatus {
  if (paused) return 'behind';
  if (latency === null) return 'live';
  const target = stats?.targetLatency ?? DEFAULT_TARGET_LATENCY;
  const slack = Math.max(MIN_LIVE_SLACK, stats?.targetDuration ?? 0);
  return latency > target + slack ? 'behind' : 'live';
}

/** The last range of `video.seekable` (a live stream's DVR window), or null before there is one. */
export function lastRange(ranges: Pick<TimeRanges, 'length' | 'start' | 'end'>): SeekWindow | null {
  if (ranges.length === 0) return null;
  return { start: ranges.start(ranges.length - 1), end: ranges.end(ranges.length - 1) };
}

/**
 * Where "Back to live" goes: the engine's sync point (the edge less the target latency), else the target latency back
 * from the end of the seekable window; never before its start. Null while nothing is known. Pure.
 */
export function liveSyncTarget(stats: LiveStats | null, seekable: SeekWindow | null): number | null {
  if (stats?.syncPosition !== null && stats?.syncPosition !== undefined && Number.isFinite(stats.syncPosition)) {
    return seekable ? Math.max(seekable.start, stats.syncPosition) : stats.syncPosition;
  }
  if (!seekable) return null;
  const back = stats?.targetLatency ?? DEFAULT_TARGET_LATENCY;
  return Math.max(seekable.start, seekable.end - back);
}

/**
 * The window a live viewer may seek in: the DVR window, up to the sync point (there is nothing to play closer to the
 * edge than that). Pure.
 */
export function liveSeekWindow(stats: LiveStats | null, seekable: SeekWindow | null): SeekWindow | null {
  if (!seekable) return null;
  const end = liveSyncTarget(stats, seekable) ?? seekable.end;
  return { start: seekable.start, end: Math.max(seekable.start, Math.min(end, seekable.end)) };
}

/** "0.8 s", "12 s", then "1:05" and "1:02:03": how far behind the edge, as the player shows it. Pure. */
export function formatLatency(seconds: number): string {
  if (seconds < 10) return `${(Math.floor(seconds * 10) / 10).toFixed(1)} s`;
  if (seconds < 60) return `${Math.floor(seconds)} s`;
  return formatDuration(seconds);
}
