import type { Executor } from '@framecast/adapters';
import type { Clock, Identity, ModuleContext, ModuleOutbox } from '@framecast/kit';
import type { Kysely } from 'kysely';
import type { UploadMethod, VideoMetrics } from '../video.metrics.js';
import type { VideoSettings } from '../video.settings.js';
import { jsonb, scoped, type VideoRow, type VideoTables } from '../video.tables.js';
import { videoStore } from '../videos/video.store.js';
import { type Allowance, allowance, type Need, reservation, type UploadFields } from './upload.rules.js';

export const originalKey = (videoId: string) => `videos/${videoId}/original`;
export const videoPrefix = (videoId: string) => `videos/${videoId}/`;

/** The video id names the job, so a repeated start does not transcode twice where the queue deduplicates. */
export const enqueueTranscode = (trx: Executor, outbox: ModuleOutbox, videoId: string) =>
  outbox.enqueue(
    trx,
    'transcode',
    { videoId, originalKey: originalKey(videoId), outputPrefix: videoPrefix(videoId) },
    { id: videoId },
  );

export interface NewVideo extends UploadFields {
  id: string;
  owner: Identity;
}

export interface Reserved {
  row: VideoRow;
  /** The bytes reserved: the most this upload may write. */
  bytes: number;
  /** The error for an upload that writes more than `bytes`. */
  exceeded: Allowance['exceeded'];
}

/** The effects shared by both upload paths: reserve the row, hand a stored original to the transcoder, delete. */
export function createUploadService(deps: {
  db: Kysely<any>;
  clock: Clock;
  outbox: ModuleOutbox;
  storage: ModuleContext['storage'];
  settings: VideoSettings;
  metrics: VideoMetrics;
  /** Removes a resumable upload's temporary file, if any. */
  discardUpload(videoId: string): Promise<void>;
}) {
  const videos: Kysely<VideoTables> = scoped(deps.db);
  return {
    /**
     * Creates the video in `uploading`, its size reserved against the channel's quota. The check and the insert are
     * one transaction holding the channel's lock: uploads started at the same moment are counted one after another,
     * each seeing the bytes the others reserved. Throws 413 (`upload_too_large`, `quota_exceeded`) when it cannot fit.
     */
    async reserve(video: NewVideo, need: Need): Promise<Reserved> {
      return deps.db.transaction().execute(async (trx) => {
        const db = scoped(trx);
        await videoStore.lockChannel(db, video.owner.userId);
        const allowed = allowance({ ...deps.settings, usedBytes: await videoStore.usage(db, video.owner.userId) });
        const bytes = reservation(allowed, need);
        const now = deps.clock.now();
        const row = await videoStore.insert(db, {
          id: video.id,
          channel_id: video.owner.userId,
          channel_handle: video.owner.handle.toLowerCase(),
          title: video.title,
          description: video.description,
          visibility: video.visibility,
          status: 'uploading',
          failure_reason: null,
          duration: null,
          width: null,
          height: null,
          size: bytes,
          original_key: null,
          details: jsonb({ tags: [], category: null, language: null, renditions: [], outputs: null }),
          created_at: now,
          updated_at: now,
          published_at: null,
        });
        return { row, bytes, exceeded: allowed.exceeded };
      });
    },

    /** Gives back a reservation whose upload failed before it began (no event: nothing was announced). */
    async release(videoId: string): Promise<void> {
      await videos.deleteFrom('videos').where('id', '=', videoId).where('status', '=', 'uploading').execute();
    },

    /** Bytes of an unfinished upload arrived: its expiry starts again. */
    touch: (videoId: string) => videoStore.touch(videos, videoId, deps.clock.now()),

    /**
     * The original is in storage: the video is `processing` with its real size and final fields, `video.uploaded`
     * is written and the transcode job enqueued, all in one transaction (the job leaves through the outbox after
     * commit, so no crash can leave a `processing` video without its job). Only an `uploading` video moves on, so
     * finishing twice starts it once; undefined when the video was deleted meanwhile.
     */
    async startProcessing(
      videoId: string,
      size: number,
      method: UploadMethod,
      fields?: UploadFields,
    ): Promise<VideoRow | undefined> {
      const started = await deps.db.transaction().execute(async (trx) => {
        const db = scoped(trx);
        const current = await videoStore.forUpdate(db, videoId);
        if (current?.status !== 'uploading') return { row: current, moved: false };
        const row = await videoStore.update(db, videoId, {
          ...fields,
          status: 'processing',
          progress: 0,
          size,
          original_key: originalKey(videoId),
          updated_at: deps.clock.now(),
        });
        await deps.outbox.write(trx, 'video.uploaded', { videoId, channelId: current.channel_id, size });
        await enqueueTranscode(trx, deps.outbox, videoId);
        return { row, moved: true };
      });
      if (!started.moved) return started.row;
      deps.metrics.uploaded(method, size);
      return started.row;
    },

    /** Removes every stored file of the video, its temporary upload, then the row (writing `video.deleted` once). */
    async remove(row: VideoRow): Promise<void> {
      await deps.storage.deletePrefix(videoPrefix(row.id));
      if (row.status === 'uploading') await deps.discardUpload(row.id);
      await deps.db.transaction().execute(async (trx) => {
        if (await videoStore.remove(scoped(trx), row.id)) {
          await deps.outbox.write(trx, 'video.deleted', { videoId: row.id, channelId: row.channel_id });
        }
      });
    },
  };
}

export type UploadService = ReturnType<typeof createUploadService>;
