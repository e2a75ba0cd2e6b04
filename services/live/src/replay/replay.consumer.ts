import type { ObjectStorage } from '@framecast/adapters';
import { type EventOf, eventConsumer, type ModuleEvents } from '@framecast/kit';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { sessionPrefix } from '../ingest/stream.pipeline.js';
import { scoped } from '../live.tables.js';

const GROUP = 'live.replays';
const TYPES = ['video.ready', 'video.failed'] as const;

/**
 * A session's files (its recording) are kept until its replay video is made, then deleted: when the video is
 * `ready`, or `failed` for good. Safe to run again: deleting a folder that is gone does nothing.
 */
export function replayConsumer(deps: {
  db: Kysely<any>;
  events: ModuleEvents;
  storage: ObjectStorage;
  logger: Logger;
}) {
  const db = scoped(deps.db);
  const handle = async (event: EventOf<(typeof TYPES)[number]>) => {
    const session = await db
      .selectFrom('sessions')
      .select('id')
      .where('replay_video_id', '=', event.payload.videoId)
      .executeTakeFirst();
    if (!session) return;
    await deps.storage.deletePrefix(sessionPrefix(session.id));
    deps.logger.info(
      { sessionId: session.id, videoId: event.payload.videoId },
      'the recording of a stream was deleted',
    );
  };
  return eventConsumer(deps.events, GROUP, TYPES, handle);
}
