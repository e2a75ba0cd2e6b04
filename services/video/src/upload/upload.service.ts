import type { JobPayloads, Visibility } from '@framecast/contracts';
import type { Clock, Identity, ModuleContext } from '@framecast/kit';
import type { Kysely } from 'kysely';
import type { EventWriter } from '../video.events.js';
import type { UploadMethod, VideoMetrics } from '../video.metrics.js';
import type { VideoSettings } from '../video.settings.js';
import { jsonb, scoped, type VideoRow, type VideoTables } from '../video.tables.js';
import { videoStore } from '../videos/video.store.js';
import { allowance } from './upload.rules.js';

export const originalKey = (videoId: string) => `videos/${videoId}/original`;
export const videoPrefix = (videoId: string) => `videos/${videoId}/`;

export interface NewVideo {
  id: string;
  owner: Identity;
  title: string;
  description: string;
  visibility: Visibility;
  /** Announced size (tus) so the quota counts uploads still arriving; null until known. */
  size: number | null;
}

/** The effects shared by both upload paths: create the row, hand a stored original to the transcoder, delete. */
export function createUploadService(deps: {
  db: Kysely<any>;
  clock: Clock;
  write: EventWriter;
  jobs: ModuleContext['jobs'];
  storage: ModuleContext['storage'];
  settings: VideoSettings;
  metrics: VideoMetrics;
  /** Removes a resumable upload's temporary file, if any. */
  discardUpload(videoId: string): Promise<void>;
}) {
  const videos: Kysely<VideoTables> = scoped(deps.db);
  return {
    /** How many bytes the caller may still upload, and the error when an upload has more. */
    async allowanceFor(channelId: string) {
      const usedBytes = await videoStore.usage(videos, channelId);
      return allowance({ ...deps.settings, usedBytes });
    },

    create(video: NewVideo, status: 'uploading' | 'processing'): Promise<VideoRow> {
      const now = deps.clock.now();
      return videoStore.insert(videos, {
        id: video.id,
        channel_id: video.owner.userId,
        channel_handle: video.owner.handle.toLowerCase(),
        title: video.title,
        description: video.description,
        visibility: video.visibility,
        status,
        failure_reason: null,
        duration: null,
        width: null,
        height: null,
        size: video.size,
        original_key: null,
        details: jsonb({ tags: [], category: null, language: null, renditions: [], outputs: null }),
        created_at: now,
        updated_at: now,
        published_at: null,
      });
    },

    /** The original is in storage: the video is `processing`, `video.uploaded` is written, the job is queued. */
    async startProcessing(videoId: string, size: number, method: UploadMethod): Promise<VideoRow> {
      const row = await deps.db.transaction().execute(async (trx) => {
        const updated = await videoStore.update(scoped(trx), videoId, {
          status: 'processing',
          progress: 0,
          size,
          original_key: originalKey(videoId),
          updated_at: deps.clock.now(),
        });
        if (!updated) throw new Error(`video ${videoId} vanished while its upload finished`);
        await deps.write(trx, 'video.uploaded', { videoId, channelId: updated.channel_id, size });
        return updated;
      });
      const job: JobPayloads['transcode'] = {
        videoId,
        originalKey: originalKey(videoId),
        outputPrefix: videoPrefix(videoId),
      };
      // The video id names the job, so a repeated start does not transcode twice where the queue deduplicates.
      await deps.jobs.enqueue('transcode', job, { id: videoId });
      deps.metrics.uploaded(method, size);
      return row;
    },

    /** Removes every stored file of the video, its temporary upload, then the row (writing `video.deleted`). */
    async remove(row: VideoRow): Promise<void> {
      await deps.storage.deletePrefix(videoPrefix(row.id));
      if (row.status === 'uploading') await deps.discardUpload(row.id);
      await deps.db.transaction().execute(async (trx) => {
        await videoStore.remove(scoped(trx), row.id);
        await deps.write(trx, 'video.deleted', { videoId: row.id, channelId: row.channel_id });
      });
    },
  };
}

export type UploadService = ReturnType<typeof createUploadService>;
