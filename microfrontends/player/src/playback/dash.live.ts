import { FIRST_PLAYLIST_PATIENCE_MS, type LiveStats, MIN_LIVE_SLACK } from '@framecast/ui/playback';
import type { MediaPlayerSettingClass } from 'dashjs';

/** Tries, a second apart, at the first manifest of a stream that is starting: about as long as hls.js waits. */
const MANIFEST_RETRY_INTERVAL_MS = 1_000;

/**
 * dash.js for a live stream. Low latency itself comes from the MPD (`availabilityTimeComplete="false"` turns on
 * dash.js's low-latency mode: segments fetched as they are written), and so do the target latency and the catch-up
 * rates (`ServiceDescription`): nothing here overrides them. What is ours: catching up only while within
 * `MIN_LIVE_SLACK` of the target (a viewer who sought back into the DVR window is left there, as hls.js does), never
 * by jumping (`maxDrift` -1: "Back to live" is the viewer's to press), and patience with the first manifest of a
 * stream that is starting (404 before the packager exists, 503 while it holds the MPD). Pure.
 */
export function liveDashSettings(): MediaPlayerSettingClass {
  return {
    streaming: {
      delay: { liveDelay: Number.NaN, liveDelayFragmentCount: Number.NaN, useSuggestedPresentationDelay: true },
      liveCatchup: {
        enabled: true,
        maxDrift: -1,
        liveThreshold: MIN_LIVE_SLACK,
        playbackRate: { min: Number.NaN, max: Number.NaN },
      },
      retryAttempts: { MPD: Math.ceil(FIRST_PLAYLIST_PATIENCE_MS / MANIFEST_RETRY_INTERVAL_MS) },
      retryIntervals: { MPD: MANIFEST_RETRY_INTERVAL_MS },
    },
  };
}

/** What dash.js says about a live stream at one moment (its getters, read together). */
export interface DashReadings {
  /** `getCurrentLiveLatency()`: seconds between the server's clock and the position, NaN before playback. */
  latency: number;
  /** `getTargetLiveDelay()`: the latency dash.js aims for (the MPD's `Latency@target`). */
  targetLatency: number;
  /** The <video>'s position. */
  currentTime: number;
  /** Seconds of a segment of the representation playing, if known. */
  segmentDuration: number | null;
  /** `timeAsUTC()`: the wall-clock time of the position, seconds since the epoch (NaN before playback). */
  playingUtc: number;
  /** The MPD turned static: the stream ended. */
  ended: boolean;
}

const finite = (n: number | null | undefined): n is number => typeof n === 'number' && Number.isFinite(n);

/**
 * The live edge as the player reads it, from dash.js's own measures: the edge is the position plus dash.js's live
 * latency (the server's clock against the position), so the player shows the latency dash.js keeps; the sync point
 * is the target latency back from it. Pure.
 */
export function dashLiveStats(r: DashReadings): LiveStats {
  const edge = finite(r.latency) && r.currentTime > 0 ? r.currentTime + r.latency : null;
  const target = finite(r.targetLatency) && r.targetLatency > 0 ? r.targetLatency : null;
  return {
    edge,
    syncPosition: edge !== null && target !== null ? edge - target : null,
    targetLatency: target,
    targetDuration: finite(r.segmentDuration) && r.segmentDuration > 0 ? r.segmentDuration : null,
    playingDate: finite(r.playingUtc) && r.playingUtc > 0 ? Math.round(r.playingUtc * 1000) : null,
    ended: r.ended,
  };
}
