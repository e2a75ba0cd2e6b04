import type { TranscodeOutputs } from '@framecast/contracts';
import type { Playback } from '../videos/video.view.js';

/** Where a video's media is served; a token, when given, sits in the path so relative URIs inherit it. */
export function mediaBase(videoId: string, token: string | null): string {
  return `/media/videos/${videoId}/${token ? `t/${token}/` : ''}`;
}

/** The playback URLs of a ready video, signed with `token` until `expiresAt` (or plain, for public videos). */
export function playbackUrls(
  videoId: string,
  outputs: TranscodeOutputs,
  signed: { token: string; expiresAt: Date } | null,
): Playback {
  const base = mediaBase(videoId, signed?.token ?? null);
  return {
    hls: base + outputs.hls,
    dash: base + outputs.dash,
    poster: base + outputs.poster,
    thumbnail: base + (outputs.thumbnail ?? outputs.poster),
    storyboard: outputs.storyboard ? base + outputs.storyboard : null,
    expiresAt: signed ? signed.expiresAt.toISOString() : null,
  };
}
