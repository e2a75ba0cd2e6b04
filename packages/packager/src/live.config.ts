/** The timing rules of a live stream: how long parts and segments are, how much stays listed, how long requests wait. */
export interface LiveConfig {
  /** Seconds. The declared `PART-TARGET`: no part is longer. FFmpeg's `-frag_duration` should be a little shorter. */
  partTarget: number;
  /**
   * Seconds. Segments start at the first keyframe at or after each multiple of this (from media time 0), which is
   * where `-force_key_frames "expr:gte(t,n_forced*S)"` puts keyframes; so renditions cut at the same instants.
   */
  segmentTarget: number;
  /** Seconds of segments the playlists and the MPD keep listed (`timeShiftBufferDepth`). */
  dvrWindow: number;
  /** Seconds: segments ending within this of the live edge list their parts; older ones are listed whole. */
  partWindow: number;
  /** Seconds a segment stays stored after leaving the window, for clients still holding an older playlist. */
  deleteGrace: number;
  /** `PART-HOLD-BACK`, seconds: how far behind the live edge LL-HLS players sit. At least 3 × `partTarget`. */
  partHoldBack: number;
  /** `CAN-SKIP-UNTIL`, seconds: how much of the end of a playlist a delta update keeps. At least 6 × target duration. */
  canSkipUntil: number;
  /** Playlist requests a rendition holds at once (blocking reload and preload hints); more are answered 503. */
  maxHeldRequests: number;
  /**
   * Seconds: how far behind the live edge low-latency DASH players aim to sit (the MPD's `ServiceDescription`
   * `Latency@target`). At least `partHoldBack`.
   */
  dashLatencyTarget: number;
}

/** `LiveConfig` with what follows from it. */
export interface ResolvedLiveConfig extends LiveConfig {
  /** `EXT-X-TARGETDURATION`, whole seconds: no segment rounds to more. */
  targetDuration: number;
  /** How long a blocking request waits before 503, milliseconds: 3 target durations. */
  blockTimeoutMs: number;
  /**
   * Seconds before its end that a segment may be requested (the MPD's `availabilityTimeOffset`): all but its first
   * part, which is then being delivered as it is written.
   */
  availabilityTimeOffset: number;
}

/** Defaults of the settings that do not follow from others: 200 ms parts, 1 s segments, a 2 hour window. */
export const defaultLiveConfig = {
  partTarget: 0.2,
  segmentTarget: 1,
  dvrWindow: 2 * 60 * 60,
  deleteGrace: 60,
  maxHeldRequests: 1000,
} as const;

/** A configuration the packager cannot honour. */
export class LiveConfigError extends Error {
  override name = 'LiveConfigError';
}

/** Fills the defaults in and checks the rules the specifications set between the values. Pure. */
export function resolveLiveConfig(partial: Partial<LiveConfig> = {}): ResolvedLiveConfig {
  const partTarget = partial.partTarget ?? defaultLiveConfig.partTarget;
  const segmentTarget = partial.segmentTarget ?? defaultLiveConfig.segmentTarget;
  const targetDuration = Math.max(1, Math.ceil(segmentTarget));
  const config: ResolvedLiveConfig = {
    partTarget,
    segmentTarget,
    dvrWindow: partial.dvrWindow ?? defaultLiveConfig.dvrWindow,
    partWindow: partial.partWindow ?? 3 * targetDuration,
    deleteGrace: partial.deleteGrace ?? defaultLiveConfig.deleteGrace,
    partHoldBack: partial.partHoldBack ?? round3(3 * partTarget),
    canSkipUntil: partial.canSkipUntil ?? 6 * targetDuration,
    maxHeldRequests: partial.maxHeldRequests ?? defaultLiveConfig.maxHeldRequests,
    dashLatencyTarget: 0,
    targetDuration,
    blockTimeoutMs: 3 * targetDuration * 1000,
    availabilityTimeOffset: round3(segmentTarget - partTarget),
  };
  // PART-HOLD-BACK and a second more: dash.js keeps less exact time than an LL-HLS player (it learns of segments from
  // the MPD, refreshed once a segment, and of the clock from the time route).
  config.dashLatencyTarget = partial.dashLatencyTarget ?? round3(config.partHoldBack + 1);
  const problems: string[] = [];
  const positive = (name: keyof LiveConfig) => {
    if (!(Number.isFinite(config[name]) && config[name] > 0)) problems.push(`${name} must be a positive number`);
  };
  for (const name of ['partTarget', 'segmentTarget', 'dvrWindow', 'partWindow', 'maxHeldRequests'] as const)
    positive(name);
  if (!(config.deleteGrace >= 0)) problems.push('deleteGrace must be zero or more');
  if (partTarget > segmentTarget) problems.push('partTarget must not exceed segmentTarget');
  if (config.partHoldBack < 3 * partTarget - 1e-9) problems.push('partHoldBack must be at least 3 × partTarget');
  if (!(config.dashLatencyTarget >= config.partHoldBack - 1e-9)) {
    problems.push('dashLatencyTarget must be at least partHoldBack');
  }
  if (config.canSkipUntil < 6 * targetDuration) problems.push('canSkipUntil must be at least 6 × the target duration');
  if (config.dvrWindow < config.canSkipUntil) problems.push('dvrWindow must be at least canSkipUntil');
  // Parts are kept twice as long as they are listed, and always inside the window.
  if (2 * config.partWindow > config.dvrWindow) problems.push('partWindow must be at most half the dvrWindow');
  if (problems.length > 0) throw new LiveConfigError(`Invalid live configuration: ${problems.join('; ')}.`);
  return config;
}

function round3(n: number): number {
  return Math.round(n * 1000) / 1000;
}
