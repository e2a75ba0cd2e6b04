import type { EventPayloads, JobPayloads } from '@framecast/contracts';
import { VIDEO_TITLE_MAX_LENGTH } from '@framecast/contracts/rules';
import type { Insertable } from 'kysely';
import { videoPrefix } from '../upload/upload.service.js';
import { jsonb, type VideoRow, type VideoTable } from '../video.tables.js';

export type StreamRecorded = EventPayloads['stream.recorded'];

/** A stream's title is the replay's; an empty one gets a name, a long one is cut to the video limit. */
function replayTitle(event: StreamRecorded): string {
  const title = event.title.trim();
  if (!title) return `Live stream of ${event.channelHandle}`;
  return title.length > VIDEO_TITLE_MAX_LENGTH ? `${title.slice(0, VIDEO_TITLE_MAX_LENGTH - 1)}…` : title;
}

/** The replay video of a recorded stream: `processing`, public, the stream's title and channel, `source: live`. Pure. */
export function replayVideo(event: StreamRecorded, now: Date): Insertable<VideoTable> {
  return {
    id: event.videoId,
    channel_id: event.channelId,
    channel_handle: event.channelHandle.toLowerCase(),
    title: replayTitle(event),
    description: '',
    visibility: 'public',
    status: 'processing',
    source: 'live',
    failure_reason: null,
    duration: event.duration,
    width: null,
    height: null,
    size: null,
    original_key: null,
    details: jsonb({
      tags: [],
      category: null,
      language: null,
      renditions: [],
      outputs: null,
      recording: { prefix: event.recordingPrefix, renditions: event.renditions },
    }),
    created_at: now,
    updated_at: now,
    published_at: null,
  };
}

/** The remux job of a replay video, from its stored recording; null for a video that has none. Pure. */
export function remuxJobOf(row: Pick<VideoRow, 'id' | 'details'>): JobPayloads['remux'] | null {
  const recording = row.details.recording;
  if (!recording) return null;
  return {
    videoId: row.id,
    recordingPrefix: recording.prefix,
    renditions: recording.renditions,
    outputPrefix: videoPrefix(row.id),
  };
}
