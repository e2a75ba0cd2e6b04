import type { ObjectStorage } from '@framecast/adapters';
import { type Clock, periodicTask } from '@framecast/kit';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { sessionPrefix } from '../ingest/stream.pipeline.js';
import { scoped } from '../live.tables.js';
import { recoverReplay } from '../replay/replay.recover.js';
import type { SessionService } from './session.service.js';
import { sessionStore } from './session.store.js';

/** A session on air whose ingest has not reported for this long lost it (the process died, the host went away). */
export const STALE_AFTER_MS = 30_000;
const BATCH = 50;

/**
 * Ends the sessions on air that no ingest holds any more, so a channel never stays "live" after its ingest died;
 * each ends as `ingest_failed` with its `stream.ended`, and with its replay, read back from what the dead ingest had
 * stored (`recoverReplay`); a stream that stored nothing to watch has its folder deleted. Viewers and the creator are
 * told (`ended`). Every live instance sweeps; ending twice is a no-op.
 */
export function staleSessionSweeper(deps: {
  db: Kysely<any>;
  sessions: SessionService;
  storage: ObjectStorage;
  clock: Clock;
  everyMs: number;
  logger: Logger;
  /** Told of each session it ended. */
  ended?: (sessionId: string, channelId: string) => Promise<void>;
}) {
  const db = scoped(deps.db);
  const end = async (sessionId: string): Promise<boolean> => {
    const prefix = sessionPrefix(sessionId);
    const replay = await recoverReplay(deps.storage, prefix).catch((err: unknown) => {
      deps.logger.warn({ err, sessionId }, 'the recording of a stream whose ingest died could not be read');
      return null;
    });
    const ended = await deps.sessions.end(sessionId, 'ingest_failed', replay);
    if (!ended) return false;
    if (!ended.replay_video_id) {
      await deps.storage
        .deletePrefix(prefix)
        .catch((err: unknown) => deps.logger.warn({ err, sessionId }, 'could not delete the files of a stream'));
    }
    await deps.ended?.(sessionId, ended.channel_id);
    return true;
  };
  const sweep = async (signal?: AbortSignal) => {
    const before = new Date(deps.clock.now().getTime() - STALE_AFTER_MS);
    let ended = 0;
    for (;;) {
      const stale = await sessionStore.unseenSince(db, before, BATCH);
      for (const session of stale) {
        if (signal?.aborted) return;
        if (await end(session.id)) ended++;
      }
      if (stale.length < BATCH) break;
    }
    if (ended > 0) deps.logger.warn({ ended }, 'streams whose ingest stopped reporting were taken off air');
  };
  const task = periodicTask({
    everyMs: deps.everyMs,
    logger: deps.logger,
    failure: 'sweeping stale streams failed',
    work: sweep,
  });
  /** `sweep` runs one sweep now (tests). */
  return { ...task, sweep };
}
