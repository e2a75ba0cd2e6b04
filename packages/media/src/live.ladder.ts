/**
 * The live ladder: what one FFmpeg process makes of a stream as it arrives. Pure planning; `buildLiveArgs` turns the
 * plan into an argv and the live module runs it.
 */

/** What the ingest knows of a stream when it starts transcoding it (from its codec headers and first frames). */
export interface LiveSource {
  /** `h264`, `hevc`, `av1`… as FFmpeg names the decoder. */
  videoCodec: string;
  width: number;
  height: number;
  /** Frames per second, as sent. */
  fps: number;
  /** Seconds between the keyframes seen so far; null before the second one. */
  keyframeInterval: number | null;
  /** `aac`, `opus`, `mp3`…, or null for a stream without sound. */
  audioCodec: string | null;
  /** Samples per second of the audio as sent, when known. */
  audioSampleRate?: number;
}

export interface LiveRung {
  /** `720p`, `480p`…; the passed-through top rung is named by its height too. */
  name: string;
  width: number;
  height: number;
  fps: number;
  /** Bits per second: the encoder's target (passed-through: what the source was sent at is not known here). */
  bitrate: number;
  /** The source's own pictures, not re-encoded. */
  passthrough: boolean;
}

export interface LivePlan {
  /** Highest first. */
  video: LiveRung[];
  /** Copied when it is AAC, else encoded to AAC at 48 kHz; `sampleRate` is what the output carries. */
  audio: { copy: boolean; bitrate: number; sampleRate: number } | null;
  /** Keyframes of every encoded rung fall on the source's, or every this many seconds when the source's are not used. */
  keyframes: 'source' | number;
  /** Frames per second of the source, as sent. */
  sourceFps: number;
}

/** Rungs a stream may get, highest first: height, bitrate at 30 fps, the most frames per second. */
const RUNGS = [
  { height: 1080, bitrate: 6_000_000, maxFps: 60 },
  { height: 720, bitrate: 3_000_000, maxFps: 60 },
  { height: 480, bitrate: 1_400_000, maxFps: 30 },
  { height: 360, bitrate: 800_000, maxFps: 30 },
  { height: 160, bitrate: 250_000, maxFps: 30 },
] as const;

/** Keyframes further apart than this make segments, and joining the stream, too slow: re-encode instead. */
export const MAX_PASSTHROUGH_KEYFRAME_SECONDS = 2;
/** The heights a rung below the source may have. */
export const LIVE_RUNG_HEIGHTS = RUNGS.map((r) => r.height);
export const LIVE_AUDIO_BITRATE = 128_000;

const even = (n: number) => Math.max(2, Math.round(n / 2) * 2);

/**
 * The ladder of a live stream (Twitch's shape): the source passed through as the top rung when it is H.264 with
 * keyframes at most 2 s apart (no CPU spent on the rung that costs most, and no quality lost), then 720p, 480p,
 * 360p and 160p below the source's height, never above it, keyframes on the source's so every rung switches at the
 * same instants. Otherwise the top rung is encoded at the source's size too, with a keyframe each second. AAC is
 * copied; other audio is encoded to AAC. `heights` narrows the rungs below the source (an operator's CPU budget:
 * `[480, 360]` makes a 720p source's ladder three rungs).
 */
export function planLiveLadder(source: LiveSource, opts: { heights?: readonly number[] } = {}): LivePlan {
  const passthrough =
    source.videoCodec === 'h264' &&
    source.keyframeInterval !== null &&
    source.keyframeInterval <= MAX_PASSTHROUGH_KEYFRAME_SECONDS;
  const fps = Math.min(source.fps, 60);
  const top: LiveRung = {
    name: `${source.height}p`,
    width: even(source.width),
    height: even(source.height),
    fps: passthrough ? source.fps : fps,
    bitrate: rungBitrate(source.height, fps),
    passthrough,
  };
  const wanted = new Set(opts.heights ?? LIVE_RUNG_HEIGHTS);
  const below = RUNGS.filter((r) => r.height < source.height - 8 && wanted.has(r.height)).map((r): LiveRung => {
    const rungFps = Math.min(fps, r.maxFps);
    return {
      name: `${r.height}p`,
      width: even((source.width * r.height) / source.height),
      height: r.height,
      fps: rungFps,
      bitrate: Math.round(r.bitrate * (rungFps > 30 ? 1.5 : 1)),
      passthrough: false,
    };
  });
  return {
    video: [top, ...below],
    audio:
      source.audioCodec === null
        ? null
        : {
            copy: source.audioCodec === 'aac',
            bitrate: LIVE_AUDIO_BITRATE,
            sampleRate: source.audioCodec === 'aac' ? (source.audioSampleRate ?? 48_000) : 48_000,
          },
    keyframes: passthrough ? 'source' : 1,
    sourceFps: source.fps,
  };
}

/** The bitrate of the rung nearest `height` at or above it, more for more than 30 fps. */
function rungBitrate(height: number, fps: number): number {
  const rung = [...RUNGS].reverse().find((r) => r.height >= height) ?? RUNGS[0];
  return Math.round(rung.bitrate * (fps > 30 ? 1.5 : 1));
}
