import type { InitSegment } from './fmp4.init.js';

/** What the multivariant playlists and the MPD say about a rendition: its init segment and what was measured. */
export interface RenditionInfo {
  name: string;
  init: Pick<
    InitSegment,
    'kind' | 'codec' | 'width' | 'height' | 'sar' | 'sampleRate' | 'channels' | 'language' | 'timescale'
  >;
  /** Frame rate as a fraction (30/1, 30000/1001), from the video's sample durations. */
  frameRate: { num: number; den: number } | null;
  /** Highest segment bit rate so far, bits per second (`BANDWIDTH`). */
  peakBitrate: number;
  /** Bit rate over all segments so far, bits per second (`AVERAGE-BANDWIDTH`). */
  averageBitrate: number;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** The frame rate of samples lasting `duration` ticks, as a reduced fraction. Pure. */
export function frameRateOf(timescale: number, duration: number): { num: number; den: number } | null {
  if (!(duration > 0)) return null;
  const d = gcd(timescale, duration);
  return { num: timescale / d, den: duration / d };
}

/** The most common sample duration of a list (a fragment's samples), or 0 when empty. Pure. */
export function typicalDuration(durations: readonly number[]): number {
  const counts = new Map<number, number>();
  let best = 0;
  let bestCount = 0;
  for (const d of durations) {
    const n = (counts.get(d) ?? 0) + 1;
    counts.set(d, n);
    if (n > bestCount) {
      best = d;
      bestCount = n;
    }
  }
  return best;
}

/** Peak and average bit rates of the segments seen so far. */
export class BitrateMeter {
  private bytes = 0;
  private seconds = 0;
  peak = 0;

  /** Adds a segment of `bytes` lasting `seconds`. Very short segments (the last one) do not set the peak. */
  add(bytes: number, seconds: number): void {
    if (!(seconds > 0)) return;
    this.bytes += bytes;
    this.seconds += seconds;
    if (seconds >= 0.5) this.peak = Math.max(this.peak, Math.round((bytes * 8) / seconds));
  }

  get average(): number {
    return this.seconds > 0 ? Math.round((this.bytes * 8) / this.seconds) : 0;
  }
}
