import { type Clock, periodicTask } from '@framecast/kit';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { scoped } from '../chat.tables.js';

const DAY_MS = 24 * 3600 * 1000;

/** Every hour: messages older than the retention, and the deletions and clears about them, go. */
export function retentionSweep(deps: { db: Kysely<any>; clock: Clock; days: number; logger: Logger }) {
  return periodicTask({
    everyMs: 3600 * 1000,
    logger: deps.logger,
    failure: 'old chat messages could not be removed',
    async work() {
      const db = scoped(deps.db);
      const before = new Date(deps.clock.now().getTime() - deps.days * DAY_MS);
      await db.deleteFrom('messages').where('sent_at', '<', before).execute();
      await db.deleteFrom('deletions').where('deleted_at', '<', before).execute();
      await db.deleteFrom('clears').where('at', '<', before).execute();
    },
  });
}
