import type { Database, Job } from '@framecast/adapters';
import type { NotificationFanoutJob } from '@framecast/contracts';
import type { ModuleOutbox, RealtimePublisher } from '@framecast/kit';
import type { Logger } from 'pino';
import type { NotificationMetrics } from '../notification.metrics.js';
import { scoped } from '../notification.tables.js';
import { messageOfBatch, subjectOf, toItem } from './notice.plan.js';
import { pushNotices } from './notice.push.js';
import { noticeStore } from './notice.store.js';

/**
 * Runs one batch of a fan-out: stores the batch's notifications in one statement, then pushes them to their
 * readers' pages. A retried batch stores only what it had not (one notification per reader and event), and pushes
 * only that.
 */
export function createFanoutHandler(deps: {
  db: Database;
  outbox: ModuleOutbox;
  realtime: RealtimePublisher;
  logger: Logger;
  metrics: NotificationMetrics;
  /** Whether e-mail is sent at all (`SMTP_URL` is set). */
  mail: boolean;
}) {
  return async (job: Job<NotificationFanoutJob>) => {
    const batch = job.data;
    const rows = await deps.db.kysely.transaction().execute(async (trx) => {
      const stored = await noticeStore.insertBatch(scoped(trx), batch);
      // The batch's e-mails and pushes are jobs of their own, committed with the notifications: a slow mail or push server
      // never holds the bell up, and a retried batch names the same job.
      const mailTo = deps.mail ? await noticeStore.deliveryBatch(scoped(trx), batch, 'email') : [];
      if (mailTo.length > 0) {
        await deps.outbox.enqueue(
          trx,
          'notification.email',
          { notice: messageOfBatch(batch), userIds: mailTo },
          { id: `${job.id}:mail` },
        );
      }
      const pushTo = await noticeStore.deliveryBatch(scoped(trx), batch, 'push');
      if (pushTo.length > 0) {
        await deps.outbox.enqueue(
          trx,
          'notification.push',
          { notice: messageOfBatch(batch), userIds: pushTo },
          { id: `${job.id}:push` },
        );
      }
      return stored;
    });
    deps.metrics.stored(rows.length);
    const at = new Date(batch.at);
    const subject = subjectOf(batch);
    await pushNotices(
      deps,
      rows.map((r) => ({
        userId: r.user_id,
        item: toItem({
          id: r.id,
          kind: batch.kind,
          created_at: at,
          read_at: null,
          channel_id: batch.channelId,
          channel_handle: batch.channelHandle,
          subject,
        }),
      })),
    );
  };
}
