import type { TranscodeResult } from './jobs.js';

/**
 * Every domain event and its payload. A table keyed by `EventType` must handle each one.
 * Routing keys on the topic exchange are these names.
 */
export interface EventPayloads {
  'user.registered': { userId: string; handle: string; email: string };
  'user.followed': { followerId: string; channelId: string; channelHandle: string };
  'video.uploaded': { videoId: string; channelId: string; size: number };
  'video.progress': { videoId: string; stage: 'probing' | 'transcoding' | 'packaging'; percent: number };
  'video.ready': { videoId: string; channelId: string; duration: number; renditions: string[] };
  'video.failed': { videoId: string; channelId: string; reason: string };
  'video.deleted': { videoId: string; channelId: string };
  'transcode.progress': { videoId: string; stage: 'probing' | 'transcoding' | 'packaging'; percent: number };
  /** The lowest rendition is playable before the rest (optional early publish). */
  'transcode.completed': TranscodeResult;
  /** `retryable: false` for input that can never work (not a video, corrupt); the video shows `failed`. */
  'transcode.failed': { videoId: string; reason: string; retryable: boolean };
}

export type EventType = keyof EventPayloads;
