import type { EventPayloads, VideoProcessing } from '@framecast/contracts';
import type { Updateable } from 'kysely';
import { jsonb, type VideoRow, type VideoTable } from '../video.tables.js';

/** The transcoder's events the video module reacts to. */
export type TranscodeEvent =
  | { type: 'transcode.progress'; payload: EventPayloads['transcode.progress'] }
  | { type: 'transcode.renditions'; payload: EventPayloads['transcode.renditions'] }
  | { type: 'transcode.completed'; payload: EventPayloads['transcode.completed'] }
  | { type: 'transcode.failed'; payload: EventPayloads['transcode.failed'] };

export type VideoEmit =
  | { type: 'video.progress'; payload: EventPayloads['video.progress'] }
  | { type: 'video.renditions'; payload: EventPayloads['video.renditions'] }
  | { type: 'video.ready'; payload: EventPayloads['video.ready'] }
  | { type: 'video.failed'; payload: EventPayloads['video.failed'] };

export interface TranscodePlan {
  patch: Updateable<VideoTable> | null;
  emit: VideoEmit | null;
  /** The processing state to push to the video's real-time subscribers once the patch is committed. */
  push: VideoProcessing | null;
}

/** `video.progress` is written only when progress moved this much (or on a new stage), so listeners are not flooded. */
export const PROGRESS_STEP = 5;

const nothing: TranscodePlan = { patch: null, emit: null, push: null };

/**
 * What a transcoder event does to a video. Only a video in `processing` changes: a late progress event after the
 * result, or any event for a deleted video, changes nothing. A result longer than `maxDurationSeconds` fails.
 * `transcode.renditions` makes the first renditions playable while the video stays `processing`; announced again
 * (a retried job), it changes nothing new; `transcode.completed` makes it `ready` with every rendition.
 */
export function planTranscodeEvent(
  row: VideoRow | undefined,
  event: TranscodeEvent,
  opts: { now: Date; maxDurationSeconds: number },
): TranscodePlan {
  if (row?.status !== 'processing') return nothing;
  const { now } = opts;
  switch (event.type) {
    case 'transcode.progress': {
      const percent = Math.max(0, Math.min(99, Math.round(event.payload.percent)));
      if (percent <= row.progress) return nothing;
      const moved = Math.floor(percent / PROGRESS_STEP) > Math.floor(row.progress / PROGRESS_STEP);
      return {
        patch: { progress: percent, updated_at: now },
        emit: moved
          ? { type: 'video.progress', payload: { videoId: row.id, stage: event.payload.stage, percent } }
          : null,
        push: processingState(row, { progress: percent, stage: event.payload.stage }),
      };
    }
    case 'transcode.renditions': {
      const result = event.payload;
      if (result.duration > opts.maxDurationSeconds) return tooLong(row, opts);
      const names = result.renditions.map((r) => r.name);
      const known = row.details.renditions.map((r) => r.name);
      const same =
        row.details.outputs !== null && names.length === known.length && names.every((n, i) => n === known[i]);
      return {
        patch: {
          duration: result.duration,
          width: result.width,
          height: result.height,
          details: jsonb({ ...row.details, renditions: result.renditions, outputs: result.outputs }),
          updated_at: now,
        },
        emit: same
          ? null
          : { type: 'video.renditions', payload: { videoId: row.id, channelId: row.channel_id, renditions: names } },
        push: same ? null : processingState(row, { renditions: result.renditions }),
      };
    }
    case 'transcode.completed': {
      const result = event.payload;
      if (result.duration > opts.maxDurationSeconds) return tooLong(row, opts);
      return {
        patch: {
          status: 'ready',
          progress: 100,
          failure_reason: null,
          duration: result.duration,
          width: result.width,
          height: result.height,
          details: jsonb({ ...row.details, renditions: result.renditions, outputs: result.outputs }),
          published_at: now,
          updated_at: now,
        },
        emit: {
          type: 'video.ready',
          payload: {
            videoId: row.id,
            channelId: row.channel_id,
            channelHandle: row.channel_handle,
            title: row.title,
            visibility: row.visibility,
            duration: result.duration,
            renditions: result.renditions.map((r) => r.name),
          },
        },
        push: processingState(row, { status: 'ready', progress: 100, renditions: result.renditions }),
      };
    }
    case 'transcode.failed':
      return failed(row, event.payload.reason, now);
  }
}

function tooLong(row: VideoRow, opts: { now: Date; maxDurationSeconds: number }): TranscodePlan {
  return failed(row, `The video is longer than the ${formatHours(opts.maxDurationSeconds)} allowed.`, opts.now);
}

function failed(row: VideoRow, reason: string, now: Date): TranscodePlan {
  return {
    patch: { status: 'failed', failure_reason: reason, updated_at: now },
    emit: { type: 'video.failed', payload: { videoId: row.id, channelId: row.channel_id, reason } },
    push: processingState(row, { status: 'failed', failureReason: reason }),
  };
}

/** The whole processing state after a change: what a page needs to redraw, whatever it saw before. */
function processingState(row: VideoRow, change: Partial<VideoProcessing>): VideoProcessing {
  return {
    status: row.status,
    progress: row.progress,
    stage: null,
    renditions: row.details.renditions,
    failureReason: row.failure_reason,
    ...change,
  };
}

function formatHours(seconds: number): string {
  const hours = seconds / 3600;
  return Number.isInteger(hours) ? `${hours} hours` : `${Math.round(seconds / 60)} minutes`;
}
