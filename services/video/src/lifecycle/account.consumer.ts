import { type EventOf, eventConsumer, type ModuleEvents } from '@framecast/kit';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { UploadService } from '../upload/upload.service.js';
import type { VideoTables } from '../video.tables.js';
import { videoStore } from '../videos/video.store.js';

const GROUP = 'video.accounts';
const TYPES = ['user.deleted'] as const;
/** Videos removed per query; each is removed (files, then row and `video.deleted`) before the next query. */
const BATCH = 50;

/**
 * Removes every video of a deleted account: files, unfinished uploads and rows, each writing `video.deleted`. Safe to
 * run again: a redelivered event finds fewer videos, or none.
 */
export function deletedAccountConsumer(deps: {
  db: Kysely<VideoTables>;
  events: ModuleEvents;
  uploads: UploadService;
  logger: Logger;
}) {
  const handle = async (event: EventOf<(typeof TYPES)[number]>) => {
    const { userId } = event.payload;
    let removed = 0;
    for (;;) {
      const batch = await videoStore.ofChannel(deps.db, userId, BATCH);
      for (const row of batch) await deps.uploads.remove(row);
      removed += batch.length;
      if (batch.length < BATCH) break;
    }
    if (removed > 0) deps.logger.info({ userId, removed }, 'removed the videos of a deleted account');
  };
  return eventConsumer(deps.events, GROUP, TYPES, handle);
}
