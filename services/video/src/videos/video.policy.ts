import type { Role, VideoStatus, Visibility } from '@framecast/contracts';
import type { TokenVerdict } from '../playback/playback.token.js';

/** The caller, from the access token; undefined when anonymous. */
export type Viewer = { userId: string; roles: readonly Role[] } | undefined;

export interface VideoFacts {
  channelId: string;
  visibility: Visibility;
  status: VideoStatus;
  /** Renditions are stored and listed by the manifests: ready, or still processing the rest of the ladder. */
  playable: boolean;
}

/** Whether a video can be watched now: ready, or processing with its first renditions stored. */
export function watchable(video: VideoFacts): boolean {
  return video.status === 'ready' || (video.status === 'processing' && video.playable);
}

/** Owners and admins may do everything with a video. */
export function manages(video: VideoFacts, viewer: Viewer): boolean {
  return viewer !== undefined && (viewer.userId === video.channelId || viewer.roles.includes('admin'));
}

/**
 * Who may see a video's page. Others see only watchable videos (ready, or processing with its first renditions
 * playable) that are public or unlisted (unlisted: anyone with the id); a private video, or one that cannot play
 * yet, does not exist for them (404, so its existence does not leak). Listings still show only ready videos.
 */
export function maySee(video: VideoFacts, viewer: Viewer): boolean {
  if (manages(video, viewer)) return true;
  return watchable(video) && video.visibility !== 'private';
}

/** Playback URLs are given to those who may see a watchable video; signed unless the video is public. */
export function playbackFor(video: VideoFacts, viewer: Viewer): 'none' | 'public' | 'signed' {
  if (!watchable(video) || !maySee(video, viewer)) return 'none';
  return video.visibility === 'public' ? 'public' : 'signed';
}

export type MediaDecision = 'serve' | 'not_found';

/**
 * A media request. Public videos are plain files; others need a valid token for this very video. Without one the
 * media does not exist for the caller (404, as the API answers for a private video), so neither its existence nor
 * the state of a token leaks. A token on a public video's path must still be valid.
 */
export function mediaAccess(video: VideoFacts | null, token: TokenVerdict | null): MediaDecision {
  if (!video || !watchable(video)) return 'not_found';
  if (token !== null) return token === 'valid' ? 'serve' : 'not_found';
  return video.visibility === 'public' ? 'serve' : 'not_found';
}

/** Which videos of a channel a caller lists: everything for its owner (and admins), else public and ready. */
export function channelListing(
  handle: string,
  viewer: { handle: string; roles: readonly Role[] } | undefined,
): 'all' | 'public' {
  if (viewer !== undefined && (viewer.handle === handle.toLowerCase() || viewer.roles.includes('admin'))) return 'all';
  return 'public';
}
