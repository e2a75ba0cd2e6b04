import { consumeOnce, type Database, type Executor } from '@framecast/adapters';
import type { JobPayloads } from '@framecast/contracts';
import { type Clock, type EventOf, eventConsumer, type ModuleEvents, type ModuleOutbox } from '@framecast/kit';
import type { Logger } from 'pino';
import { scoped, VIDEO_SCHEMA } from '../video.tables.js';
import { remuxJobOf, replayVideo } from './replay.plan.js';

const GROUP = 'video.replays';
const TYPES = ['stream.recorded'] as const;

/** The video id names the job, as for a transcode: a repeated enqueue does not remux twice where the queue deduplicates. */
export const enqueueRemux = (trx: Executor, outbox: ModuleOutbox, job: JobPayloads['remux']) =>
  outbox.enqueue(trx, 'remux', job, { id: job.videoId });

/**
 * A recorded stream becomes a video of its channel: the row (`processing`, `source: live`) and its remux job commit
 * together, once per event (`consumeOnce`); a video that already exists (the same id) is left as it is.
 */
export function replayConsumer(deps: {
  db: Database;
  events: ModuleEvents;
  outbox: ModuleOutbox;
  clock: Clock;
  logger: Logger;
}) {
  const handle = async (event: EventOf<(typeof TYPES)[number]>) => {
    const recorded = event.payload;
    await consumeOnce(deps.db, VIDEO_SCHEMA, GROUP, event, async (trx) => {
      const inserted = await scoped(trx)
        .insertInto('videos')
        .values(replayVideo(recorded, deps.clock.now()))
        .onConflict((oc) => oc.column('id').doNothing())
        .returningAll()
        .executeTakeFirst();
      const job = inserted && remuxJobOf(inserted);
      if (job) await enqueueRemux(trx, deps.outbox, job);
    });
    deps.logger.info({ videoId: recorded.videoId, sessionId: recorded.sessionId }, 'a stream replay is being made');
  };
  return eventConsumer(deps.events, GROUP, TYPES, handle);
}
