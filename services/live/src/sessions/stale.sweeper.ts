import { type Clock, periodicTask } from '@framecast/kit';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { scoped } from '../live.tables.js';
import type { SessionService } from './session.service.js';
import { sessionStore } from './session.store.js';

/** A session on air whose ingest has not reported for this long lost it (the process died, the host went away). */
export const STALE_AFTER_MS = 30_000;
const BATCH = 50;

/**
 * Ends the sessions on air that no ingest holds any more, so a channel never stays "live" after its ingest died;
 * each ends as `ingest_failed` with its `stream.ended`. Every live instance sweeps; ending twice is a no-op.
 */
export function staleSessionSweeper(deps: {
  db: Kysely<any>;
  sessions: SessionService;
  clock: Clock;
  everyMs: number;
  logger: Logger;
}) {
  const db = scoped(deps.db);
  const sweep = async (signal?: AbortSignal) => {
    const before = new Date(deps.clock.now().getTime() - STALE_AFTER_MS);
    let ended = 0;
    for (;;) {
      const stale = await sessionStore.unseenSince(db, before, BATCH);
      for (const session of stale) {
        if (signal?.aborted) return;
        if (await deps.sessions.end(session.id, 'ingest_failed')) ended++;
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
