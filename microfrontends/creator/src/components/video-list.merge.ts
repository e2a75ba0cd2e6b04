import type { Video } from '@framecast/client';

/** Signed URLs this close to expiry are replaced by the fresh ones. */
const KEEP_MARGIN_MS = 5 * 60 * 1000;

/**
 * Takes a freshly polled list, keeping the playback URLs already shown while they stay valid. Signed
 * URLs (private and unlisted videos) differ on every answer; swapping them would reload every
 * thumbnail at each poll.
 */
export function mergePolledVideos(previous: readonly Video[], next: readonly Video[], now: number): Video[] {
  const known = new Map(previous.map((video) => [video.id, video]));
  return next.map((video) => {
    const old = known.get(video.id)?.playback;
    if (!old || !video.playback) return video;
    const stillValid = old.expiresAt === null || Date.parse(old.expiresAt) - now > KEEP_MARGIN_MS;
    return stillValid ? { ...video, playback: old } : video;
  });
}
