import { type Clock, periodicTask } from '@framecast/kit';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { scoped } from '../notification.tables.js';

const DAY_MS = 24 * 3600 * 1000;
/** The records of e-mails and pushes sent outlive any retry of their job and the digest's hour. */
const DELIVERY_RECORD_DAYS = 2;

/** Every hour: notifications older than the retention go, and the records of e-mails and pushes sent days ago. */
export function retentionSweep(deps: { db: Kysely<any>; clock: Clock; days: number; logger: Logger }) {
  return periodicTask({
    everyMs: 3600 * 1000,
    logger: deps.logger,
    failure: 'old notifications could not be removed',
    async work() {
      const db = scoped(deps.db);
      const now = deps.clock.now().getTime();
      await db
        .deleteFrom('notifications')
        .where('created_at', '<', new Date(now - deps.days * DAY_MS))
        .execute();
      const records = new Date(now - DELIVERY_RECORD_DAYS * DAY_MS);
      await db.deleteFrom('mails').where('at', '<', records).execute();
      await db.deleteFrom('pushes').where('at', '<', records).execute();
    },
  });
}
