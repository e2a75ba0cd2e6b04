import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import type { ObjectStorage } from '@framecast/adapters';
import { FileStore } from '@tus/file-store';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { VideoTables } from '../video.tables.js';
import { videoStore } from '../videos/video.store.js';
import { originalKey, type UploadService } from './upload.service.js';

/** tus names each upload's file after its video; its info file is `<id>.json` beside it. */
const UPLOAD_FILE = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})(\.json)?$/;

/**
 * tus's file store, reporting each write that added bytes before tus answers the request that sent them: the next
 * request of the client then sees the upload as active.
 */
class ActiveFileStore extends FileStore {
  constructor(
    directory: string,
    private readonly onWritten: (videoId: string) => Promise<void>,
  ) {
    super({ directory });
  }

  override async write(readable: Readable, videoId: string, offset: number): Promise<number> {
    const end = await super.write(readable, videoId, offset);
    if (end > offset) await this.onWritten(videoId);
    return end;
  }
}

/**
 * The temporary files of resumable uploads in `directory` (this process's disk) and their hand-over: a finished
 * file is stored as the video's original, the video starts processing, then the file goes.
 */
export function tusFiles(deps: {
  directory: string;
  storage: ObjectStorage;
  /** Resolved lazily: the upload service removes these files when a video is deleted. */
  uploads: () => UploadService;
  logger: Logger;
}) {
  const { directory, storage, logger } = deps;
  // Bytes arriving move the upload's expiry on; the bytes are kept even if that fails.
  const datastore = new ActiveFileStore(directory, (videoId) =>
    deps
      .uploads()
      .touch(videoId)
      .catch((err: unknown) => logger.warn({ err }, 'could not mark an upload as active')),
  );
  /** Uploads being handed over now: a client retrying its last PATCH and the start-up check can both try. */
  const finishing = new Set<string>();

  /** Removes an upload's file and its info file, whichever are left. */
  const discard = async (videoId: string) => {
    await rm(join(directory, videoId), { force: true });
    await datastore.configstore.delete(videoId).catch(() => undefined);
  };

  /** Ids of the uploads with a file or an info file here. */
  const localIds = async (): Promise<string[]> => {
    const names = await readdir(directory).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return [];
      throw error;
    });
    return [...new Set(names.flatMap((name) => UPLOAD_FILE.exec(name)?.[1] ?? []))];
  };

  /**
   * Moves the whole file into storage as the original (a rename on the disk store: never copied), starts
   * processing, then drops the info file. The info file goes last: a stop before the video moved on leaves it for
   * `finishArrived`, which finds the file here or already in storage.
   */
  const finish = async (videoId: string, size: number): Promise<void> => {
    if (finishing.has(videoId)) return;
    finishing.add(videoId);
    try {
      const stored = await storage.head(originalKey(videoId));
      if (stored?.size !== size) await storage.moveFile(originalKey(videoId), join(directory, videoId));
      const row = await deps.uploads().startProcessing(videoId, size, 'tus');
      // Deleted while its file was being stored: the original has no video.
      if (!row) await storage.delete(originalKey(videoId));
      await discard(videoId).catch((err: unknown) => logger.warn({ err }, 'could not remove an upload file'));
    } finally {
      finishing.delete(videoId);
    }
  };

  /** The size of an upload whose bytes have all arrived (here, or moved into storage by a hand-over that stopped). */
  const arrivedSize = async (videoId: string): Promise<number | null> => {
    const upload = await datastore.getUpload(videoId).catch(() => undefined);
    if (upload) return upload.size !== undefined && upload.offset === upload.size ? upload.size : null;
    const info = await datastore.configstore.get(videoId).catch(() => undefined);
    const stored = await storage.head(originalKey(videoId));
    return info?.size !== undefined && stored?.size === info.size ? info.size : null;
  };

  return {
    datastore,
    /** Deletes the temporary file of an upload that never finished. */
    discard,
    finish,

    /** Hands over uploads whose bytes all arrived but whose hand-over did not run (the process stopped between). */
    async finishArrived(db: Kysely<VideoTables>): Promise<number> {
      let finished = 0;
      for (const row of await videoStore.uploading(db, await localIds())) {
        const size = await arrivedSize(row.id);
        if (size === null) continue;
        await finish(row.id, size);
        finished += 1;
      }
      return finished;
    },

    /** Removes files whose video is no longer an unfinished upload (handed over or removed, file left behind). */
    async removeOrphans(db: Kysely<VideoTables>): Promise<number> {
      const ids = await localIds();
      const alive = new Set((await videoStore.uploading(db, ids)).map((row) => row.id));
      const orphans = ids.filter((id) => !alive.has(id) && !finishing.has(id));
      for (const id of orphans) await discard(id);
      return orphans.length;
    },
  };
}

export type TusFiles = ReturnType<typeof tusFiles>;
