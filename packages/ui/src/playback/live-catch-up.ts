// Self-contained (no imports): the live benchmark's player page loads this file as it is, so it plays our streams
// the way our player does.

/**
 * hls.js as the catch-up reads it: structurally an `Hls`. `latency` is how far the frame on screen is behind hls.js's
 * estimate of the live edge (0 until known); `targetLatency` where it aims to be (the stream's `PART-HOLD-BACK` in
 * low-latency mode).
 */
export interface LiveLatencySource {
  readonly latency: number;
  readonly targetLatency: number | null;
  /** Where the target latency is on the media timeline: the edge less the target. */
  readonly liveSyncPosition: number | null;
  readonly latestLevelDetails: {
    readonly live: boolean;
    readonly partTarget: number;
    readonly targetduration: number;
  } | null;
}

export interface CatchUpInput {
  /** Seconds behind the live edge now. */
  latency: number;
  /** Seconds behind the edge to play at. */
  target: number;
  /** Seconds buffered ahead of the position. */
  forwardBuffer: number;
  /** The stream's part target (0 without parts) and target duration, seconds. */
  partTarget: number;
  targetDuration: number;
  /** The playback rate now: catching up goes on to closer to the target than it starts. */
  current: number;
  maxRate: number;
}

/**
 * The catch-up rate: a viewer who fell a little behind (a slow start, a stall) plays at up to this speed until back at
 * the target latency. High enough to close a second in a few, low enough that voices do not sound off.
 */
export const LIVE_CATCH_UP_RATE = 1.25;

/** Behind the target by more than this (seconds), a player at normal speed starts catching up... */
const START_BEYOND = 0.1;
/** ...and one catching up goes on until this close. */
const STOP_WITHIN = 0.03;
/** Extra speed per second behind the target: 0.5 s behind plays at 1.25×, at most `maxRate`. */
const GAIN = 0.5;
/** Seconds buffered ahead that catching up never eats into, whatever the part size. */
const MIN_RESERVE = 0.3;

/**
 * Whether a viewer `behind` seconds past the target is still within reach of live: at most a target duration past it,
 * the line hls.js draws too. Further back, a viewer sought back into the DVR window. Pure.
 */
export function withinLiveRange(behind: number, target: number, targetDuration: number): boolean {
  return behind <= target + targetDuration;
}

/**
 * The playback rate that brings a live viewer who fell behind the target latency back to it: a little faster, the
 * further behind, up to `maxRate`, while the buffer ahead holds more than two parts (a target duration without parts),
 * so catching up never runs it dry; 1 when at the target or out of live range (sought back). hls.js's own catch-up does
 * the same but only while more than a second is buffered ahead, which a player 0.6 s from the edge never has: it stays
 * wherever it started, a keyframe back. Rounded to 0.05, so the rate does not change at every reading. Pure.
 */
export function catchUpRate(input: CatchUpInput): number {
  const behind = input.latency - input.target;
  if (!withinLiveRange(behind, input.target, input.targetDuration)) return 1;
  const reserve = Math.max(MIN_RESERVE, input.partTarget > 0 ? 2 * input.partTarget : input.targetDuration);
  if (input.forwardBuffer <= reserve) return 1;
  if (behind <= (input.current > 1 ? STOP_WITHIN : START_BEYOND)) return 1;
  const rate = 1 + Math.min(input.maxRate - 1, behind * GAIN);
  return Math.max(1, Math.round(rate * 20) / 20);
}

/**
 * Keeps a live `video` near `source`'s target latency, read at each `timeupdate` (about four times a second while
 * playing): a player that starts out of live range (a slow first load) jumps to the target once; from then on it
 * plays at `catchUpRate`. For hls.js with its own catch-up off (`maxLiveSyncPlaybackRate: 1`). Returns the detach.
 */
export function keepNearLiveEdge(video: HTMLVideoElement, source: LiveLatencySource, maxRate: number): () => void {
  let started = false;
  const onTimeUpdate = () => {
    const details = source.latestLevelDetails;
    const target = source.targetLatency;
    let rate = 1;
    if (details?.live && target !== null && !video.paused && source.latency > 0) {
      const behind = source.latency - target;
      if (!started) {
        started = true;
        const sync = source.liveSyncPosition;
        if (!withinLiveRange(behind, target, details.targetduration) && sync !== null && sync > video.currentTime) {
          video.currentTime = sync;
          return;
        }
      }
      const ranges = video.buffered;
      const forwardBuffer = ranges.length > 0 ? ranges.end(ranges.length - 1) - video.currentTime : 0;
      rate = catchUpRate({
        latency: source.latency,
        target,
        forwardBuffer,
        partTarget: details.partTarget,
        targetDuration: details.targetduration,
        current: video.playbackRate,
        maxRate,
      });
    }
    if (video.playbackRate !== rate) video.playbackRate = rate;
  };
  video.addEventListener('timeupdate', onTimeUpdate);
  return () => video.removeEventListener('timeupdate', onTimeUpdate);
}
