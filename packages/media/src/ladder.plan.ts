import type { SourceInfo } from './probe.validate.js';

export interface Rung {
  name: string;
  /** The picture's shorter side (height for landscape). */
  size: number;
  /** Peak bits per second (VBV `-maxrate`); quality itself is CRF-driven under this cap. */
  maxrate: number;
  /** x264 preset: small rungs cost little, so they can afford a slower, better one. */
  preset: string;
}

export interface LadderPolicy {
  rungs: readonly Rung[];
  /** x264 constant rate factor under each rung's cap. */
  crf: number;
  audioBitrate: number;
  segmentSeconds: number;
  maxFrameRate: number;
  /**
   * How many of the lowest rungs (with the audio) are encoded and published first, by a run of their own, before the
   * rest of the ladder. A ladder of no more rungs than this is encoded in one run.
   */
  firstRungs: number;
}

export const defaultLadderPolicy: LadderPolicy = {
  rungs: [
    { name: '1080p', size: 1080, maxrate: 5_000_000, preset: 'veryfast' },
    { name: '720p', size: 720, maxrate: 2_800_000, preset: 'veryfast' },
    { name: '480p', size: 480, maxrate: 1_400_000, preset: 'faster' },
    { name: '360p', size: 360, maxrate: 800_000, preset: 'faster' },
    { name: '240p', size: 240, maxrate: 400_000, preset: 'faster' },
  ],
  crf: 23,
  audioBitrate: 128_000,
  segmentSeconds: 4,
  maxFrameRate: 60,
  firstRungs: 2,
};

export interface VideoRendition {
  name: string;
  width: number;
  height: number;
  maxrate: number;
  preset: string;
}

/** One ffmpeg run of the ladder: some of its renditions, written under `dir` (relative to the output folder). */
export interface LadderRun {
  /** `media/run1`, `media/run2`: each run's files have their own folder, so the runs' names never collide. */
  dir: string;
  /** Highest first; each is scaled from the one before it. */
  video: VideoRendition[];
  audio: boolean;
}

export interface LadderPlan {
  /** Highest first. */
  video: VideoRendition[];
  /**
   * The runs, in the order they are made: the lowest `firstRungs` rungs and the audio first (what becomes playable
   * first), then the rest of the ladder. One run when the ladder is that short.
   */
  runs: LadderRun[];
  audio: { bitrate: number } | null;
  frameRate: number;
  /** Frames between keyframes: one segment, so every rendition cuts at the same instants. */
  gop: number;
  segmentSeconds: number;
  crf: number;
  duration: number;
}

const even = (n: number) => Math.max(2, Math.round(n / 2) * 2);

/** Fits the source into a rung whose shorter side is `size`, keeping the aspect ratio, in even pixels. */
function fit(source: SourceInfo, size: number): { width: number; height: number } {
  const landscape = source.width >= source.height;
  const short = landscape ? source.height : source.width;
  const scale = size / short;
  const width = landscape ? even(source.width * scale) : even(size);
  const height = landscape ? even(size) : even(source.height * scale);
  return { width, height };
}

/** The renditions for one source: never upscaled, at least one rung, audio when the source has sound. Pure. */
export function planLadder(source: SourceInfo, policy: LadderPolicy = defaultLadderPolicy): LadderPlan {
  const short = Math.min(source.width, source.height);
  const fitting = policy.rungs.filter((r) => r.size <= short);
  const lowest = policy.rungs[policy.rungs.length - 1];
  if (!lowest) throw new RangeError('A ladder policy needs at least one rung.');
  const video: VideoRendition[] =
    fitting.length > 0
      ? fitting.map((r) => ({ name: r.name, ...fit(source, r.size), maxrate: r.maxrate, preset: r.preset }))
      : // Smaller than the lowest rung: keep its own size (rounded to even) rather than upscale.
        [{ name: `${even(short)}p`, ...fit(source, even(short)), maxrate: lowest.maxrate, preset: lowest.preset }];
  const frameRate = Math.min(policy.maxFrameRate, Math.round(source.frameRate * 1000) / 1000);
  return {
    video,
    runs: planRuns(video, source.hasAudio, policy.firstRungs),
    audio: source.hasAudio ? { bitrate: policy.audioBitrate } : null,
    frameRate,
    gop: Math.max(1, Math.round(policy.segmentSeconds * frameRate)),
    segmentSeconds: policy.segmentSeconds,
    crf: policy.crf,
    duration: source.duration,
  };
}

/**
 * Splits the ladder into runs: the lowest `firstRungs` rungs with the audio, then the others; one run when the
 * ladder has no more than `firstRungs` rungs. No rung is in two runs. Pure.
 */
export function planRuns(video: readonly VideoRendition[], audio: boolean, firstRungs: number): LadderRun[] {
  const first = Math.max(1, Math.floor(firstRungs));
  if (video.length <= first) return [{ dir: 'media/run1', video: [...video], audio }];
  return [
    { dir: 'media/run1', video: video.slice(video.length - first), audio },
    { dir: 'media/run2', video: video.slice(0, video.length - first), audio: false },
  ];
}
