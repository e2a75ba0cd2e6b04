/** One reading of an upload's progress. */
export interface ProgressSample {
  /** Milliseconds, from any monotonic clock. */
  at: number;
  bytes: number;
}

/** How far back the speed looks: long enough to smooth chunk bursts, short enough to follow changes. */
export const SPEED_WINDOW_MS = 5000;

/** Keeps the samples inside the window (plus the one just before it, the window's start point). */
export function trimSamples(samples: readonly ProgressSample[], now: number, windowMs = SPEED_WINDOW_MS) {
  const first = samples.findIndex((s) => s.at >= now - windowMs);
  if (first === -1) return samples.slice(-1);
  return samples.slice(Math.max(0, first - 1));
}

/** Bytes per second over the samples; 0 until there are two readings far enough apart. */
export function bytesPerSecond(samples: readonly ProgressSample[]): number {
  if (samples.length < 2) return 0;
  const first = samples[0]!;
  const last = samples[samples.length - 1]!;
  const ms = last.at - first.at;
  if (ms < 250) return 0;
  return Math.max(0, ((last.bytes - first.bytes) * 1000) / ms);
}

/** Whole percent done, never 100 before every byte has arrived. */
export function percentOf(sent: number, total: number): number {
  if (total <= 0) return 0;
  if (sent >= total) return 100;
  return Math.min(99, Math.floor((sent / total) * 100));
}

/** Seconds left at the current speed, or null when it cannot be told yet. */
export function secondsLeft(sent: number, total: number, speed: number): number | null {
  if (speed <= 0 || total <= 0) return null;
  return Math.max(0, Math.ceil((total - sent) / speed));
}

/** "about 3 minutes left", "12 seconds left", or '' when unknown. */
export function formatTimeLeft(seconds: number | null): string {
  if (seconds === null) return '';
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'} left`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `about ${minutes} minute${minutes === 1 ? '' : 's'} left`;
  const hours = Math.round((seconds / 3600) * 10) / 10;
  return `about ${hours} hours left`;
}
