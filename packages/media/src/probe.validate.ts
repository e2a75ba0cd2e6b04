import type { ProbeResult } from './probe.js';

export interface MediaLimits {
  /** Seconds. */
  maxDuration: number;
  /** Longest side of the picture, in pixels (8K UHD: 7680). */
  maxLongSide: number;
  /** Shortest side of the picture (8K UHD: 4320). */
  maxShortSide: number;
}

export const defaultMediaLimits: MediaLimits = { maxDuration: 6 * 3600, maxLongSide: 7680, maxShortSide: 4320 };

/** The validated facts the ladder is planned from. Width and height are as displayed (rotation applied). */
export interface SourceInfo {
  width: number;
  height: number;
  /** Seconds. */
  duration: number;
  frameRate: number;
  hasAudio: boolean;
  videoCodec: string | null;
}

export type Validation = { ok: true; source: SourceInfo } | { ok: false; reason: string };

const FALLBACK_FPS = 30;
const DAMAGED = 'The video file is incomplete or damaged; please upload it again.';

function hours(seconds: number): string {
  const h = seconds / 3600;
  return Number.isInteger(h) ? `${h} hour${h === 1 ? '' : 's'}` : `${Math.round(seconds / 60)} minutes`;
}

/** Decides whether a probed file can be transcoded, with a reason a person understands when not. Pure. */
export function validateProbe(probe: ProbeResult, limits: MediaLimits = defaultMediaLimits): Validation {
  if (probe.size === 0) return { ok: false, reason: 'The video is empty.' };
  if (!probe.readable) {
    // A file that starts like a video container but does not parse was cut off or damaged on the way.
    if (probe.signature) return { ok: false, reason: DAMAGED };
    return { ok: false, reason: 'This file is not a video we can read.' };
  }
  const video = probe.streams.find((s) => s.kind === 'video' && !s.attachedPicture);
  const hasAudio = probe.streams.some((s) => s.kind === 'audio');
  if (!video) {
    return {
      ok: false,
      reason: hasAudio ? 'The video has no picture (audio only).' : 'This file is not a video we can read.',
    };
  }
  if (!video.width || !video.height || video.width < 2 || video.height < 2) {
    return { ok: false, reason: 'The video file is incomplete or damaged; please upload it again.' };
  }
  if (probe.duration === null || probe.duration <= 0) return { ok: false, reason: 'The video is empty.' };
  if (probe.duration > limits.maxDuration) {
    return { ok: false, reason: `The video is longer than ${hours(limits.maxDuration)}.` };
  }
  const long = Math.max(video.width, video.height);
  const short = Math.min(video.width, video.height);
  if (long > limits.maxLongSide || short > limits.maxShortSide) {
    return { ok: false, reason: 'The picture is larger than 8K.' };
  }
  const turned = video.rotation === 90 || video.rotation === 270;
  return {
    ok: true,
    source: {
      width: turned ? video.height : video.width,
      height: turned ? video.width : video.height,
      duration: probe.duration,
      frameRate: video.frameRate && video.frameRate <= 240 ? video.frameRate : FALLBACK_FPS,
      hasAudio,
      videoCodec: video.codec,
    },
  };
}
