import type { Video } from '@framecast/contracts';
import type { VideoRow } from '../video.tables.js';
import type { VideoFacts } from './video.policy.js';

export type Playback = NonNullable<Video['playback']>;

/** What the policy decides on. */
export function videoFacts(row: VideoRow): VideoFacts {
  return {
    channelId: row.channel_id,
    visibility: row.visibility,
    status: row.status,
    playable: row.details.outputs !== null,
  };
}

/** The API shape of a stored video; `playback` only when the caller may watch it. */
export function toVideo(row: VideoRow, playback?: Playback): Video {
  return {
    id: row.id,
    channel: { id: row.channel_id, handle: row.channel_handle },
    title: row.title,
    description: row.description,
    tags: row.details.tags,
    category: row.details.category,
    language: row.details.language,
    visibility: row.visibility,
    status: row.status,
    source: row.source,
    failureReason: row.failure_reason,
    progress: row.progress,
    duration: row.duration,
    width: row.width,
    height: row.height,
    renditions: row.details.renditions,
    size: row.size === null ? null : Number(row.size),
    views: Number(row.views),
    createdAt: row.created_at.toISOString(),
    publishedAt: row.published_at ? row.published_at.toISOString() : null,
    ...(playback ? { playback } : {}),
  };
}
