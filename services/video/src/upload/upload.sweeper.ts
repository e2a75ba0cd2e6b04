import { type Clock, periodicTask } from '@framecast/kit';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { VideoTables } from '../video.tables.js';
import { videoStore } from '../videos/video.store.js';
import type { TusFiles } from './tus.files.js';
import type { UploadService } from './upload.service.js';

/** Stale uploads removed per query; the sweep repeats until none are left. */
const BATCH = 50;

/**
 * Background care of unfinished uploads. At start, hands over uploads whose bytes all arrived before the process
 * stopped; then, at once and every `everyMs`, removes uploads that received nothing for `expiryHours` (with their
 * temporary files, writing `video.deleted`) and temporary files left without an unfinished upload.
 */
export function uploadSweeper(deps: {
  db: Kysely<VideoTables>;
  clock: Clock;
  uploads: UploadService;
  files: TusFiles;
  expiryHours: number;
  everyMs: number;
  logger: Logger;
}) {
  const { db, clock, uploads, files, logger } = deps;
  let handedOver = false;

  const sweep = async (signal: AbortSignal) => {
    if (!handedOver) {
      const finished = await files.finishArrived(db);
      if (finished > 0) logger.info({ finished }, 'uploads that had arrived before a stop handed over');
      handedOver = true;
    }
    const cutoff = new Date(clock.now().getTime() - deps.expiryHours * 3600_000);
    let expired = 0;
    for (;;) {
      const stale = await videoStore.idleSince(db, 'uploading', cutoff, BATCH);
      for (const row of stale) {
        if (signal.aborted) return;
        await uploads.remove(row);
        expired += 1;
      }
      if (stale.length < BATCH) break;
    }
    const orphans = await files.removeOrphans(db);
    if (expired + orphans > 0) logger.info({ expired, orphans }, 'abandoned uploads removed');
  };

  return periodicTask({ everyMs: deps.everyMs, logger, failure: 'sweeping unfinished uploads failed', work: sweep });
}
