/** A live publish's numbers, as `session.stats()` reports them. */
export interface PublishStats {
  /** Bytes received on the connection, handshake and commands included. */
  bytesIn: number;
  /** Bits per second received over the last `windowMs` of wall-clock time. */
  bitrate: number;
  videoFrames: number;
  audioFrames: number;
  keyframes: number;
  /** Video frames per second from the timestamps of the last `windowMs` of video; undefined before two frames. */
  fps: number | undefined;
  /** Milliseconds of media time between the last two keyframes; undefined before the second. */
  keyframeInterval: number | undefined;
  /** Video frames whose timestamp went backwards: sent late or out of order. */
  lateFrames: number;
  /** Media messages not taken: before the publish was accepted, or on another message stream. */
  droppedMessages: number;
  /** Chunk headers that carried the extended timestamp field: streams past 0xFFFFFF ms (about 4 h 40 min). */
  extendedTimestampHeaders: number;
  /** Media time covered so far, in milliseconds (video, or audio without video). */
  mediaDurationMs: number;
  /** Media bytes waiting for the consumer. */
  queuedBytes: number;
  /** Whether the socket is paused because the consumer is behind. */
  paused: boolean;
}

const BUCKET_MS = 250;
const MAX_FRAME_STAMPS = 2048;

/** Follows a 32-bit millisecond clock across its wrap: each step is taken as the signed 32-bit difference. */
class Unwrapper {
  private last: number | undefined;
  private value = 0;

  /** The unwrapped time and the step from the previous one (0 for the first). */
  next(raw: number): { time: number; step: number } {
    const step = this.last === undefined ? 0 : (raw - this.last) | 0;
    this.last = raw >>> 0;
    this.value += step;
    return { time: this.value, step };
  }
}

/**
 * Counts what a publish brings, from the bytes and frames the connection sees; pure apart from the `now` values it
 * is given. Frame rate comes from media timestamps, not arrival times, so it is right even when input is bursty.
 */
export class StatsMeter {
  private readonly buckets: { at: number; bytes: number }[] = [];
  private readonly startedAt: number;
  private bytes = 0;
  private video = new Unwrapper();
  private audio = new Unwrapper();
  private readonly frameTimes: number[] = [];
  private lastKeyframe: number | undefined;
  private firstVideo: number | undefined;
  private lastVideo = 0;
  private firstAudio: number | undefined;
  private lastAudio = 0;
  private counts = { videoFrames: 0, audioFrames: 0, keyframes: 0, lateFrames: 0 };
  private keyframeInterval: number | undefined;

  constructor(
    now: number,
    private readonly windowMs = 5000,
  ) {
    this.startedAt = now;
  }

  /** Bytes received at `now` (wall clock, milliseconds). */
  received(bytes: number, now: number): void {
    this.bytes += bytes;
    const at = now - (now % BUCKET_MS);
    const last = this.buckets.at(-1);
    if (last?.at === at) last.bytes += bytes;
    else this.buckets.push({ at, bytes });
    while (this.buckets.length > 0 && this.buckets[0]!.at <= now - this.windowMs - BUCKET_MS) this.buckets.shift();
  }

  /** A coded video frame with its RTMP timestamp. */
  videoFrame(timestamp: number, keyframe: boolean): void {
    const { time, step } = this.video.next(timestamp);
    this.counts.videoFrames += 1;
    if (step < 0) {
      this.counts.lateFrames += 1;
      return;
    }
    this.firstVideo ??= time;
    this.lastVideo = time;
    this.frameTimes.push(time);
    while (this.frameTimes.length > MAX_FRAME_STAMPS || this.frameTimes[0]! < time - this.windowMs) {
      this.frameTimes.shift();
    }
    if (keyframe) {
      this.counts.keyframes += 1;
      if (this.lastKeyframe !== undefined) this.keyframeInterval = time - this.lastKeyframe;
      this.lastKeyframe = time;
    }
  }

  /** A coded audio frame with its RTMP timestamp. */
  audioFrame(timestamp: number): void {
    const { time, step } = this.audio.next(timestamp);
    this.counts.audioFrames += 1;
    if (step < 0) return;
    this.firstAudio ??= time;
    this.lastAudio = time;
  }

  snapshot(now: number): Omit<PublishStats, 'droppedMessages' | 'extendedTimestampHeaders' | 'queuedBytes' | 'paused'> {
    const windowStart = now - this.windowMs;
    let windowBytes = 0;
    for (const b of this.buckets) if (b.at + BUCKET_MS > windowStart) windowBytes += b.bytes;
    const span = Math.min(this.windowMs, Math.max(now - this.startedAt, 1));
    const times = this.frameTimes;
    const first = times[0];
    const last = times.at(-1);
    const fps =
      times.length >= 2 && first !== undefined && last !== undefined && last > first
        ? ((times.length - 1) * 1000) / (last - first)
        : undefined;
    const mediaDurationMs =
      this.firstVideo !== undefined
        ? this.lastVideo - this.firstVideo
        : this.firstAudio !== undefined
          ? this.lastAudio - this.firstAudio
          : 0;
    return {
      bytesIn: this.bytes,
      bitrate: Math.round((windowBytes * 8 * 1000) / span),
      ...this.counts,
      fps,
      keyframeInterval: this.keyframeInterval,
      mediaDurationMs,
    };
  }
}
