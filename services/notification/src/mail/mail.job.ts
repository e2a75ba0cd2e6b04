import type { Database, Job } from '@framecast/adapters';
import type { NotificationDeliveryJob } from '@framecast/contracts';
import type { Clock } from '@framecast/kit';
import { accountStore } from '../accounts/account.store.js';
import type { NotificationMetrics } from '../notification.metrics.js';
import { scoped } from '../notification.tables.js';
import { mailLinks } from './mail.links.js';
import { mailStore } from './mail.store.js';
import { noticeMail } from './mail.templates.js';
import type { Mailer } from './mailer.js';

const HOUR_MS = 3600_000;
/** E-mails of one job on their way at once (the pooled transport spreads them over its connections). */
const SENDING = 8;

export interface MailDeps {
  db: Database;
  mailer: Mailer;
  clock: Clock;
  publicUrl: string;
  secret: string;
  /** E-mails about one channel a reader gets in an hour; past that, the channel's notices wait for the digest. */
  digestAfter: number;
  metrics: NotificationMetrics;
}

/**
 * E-mails one notification to each of the job's readers who has not had it yet. A reader who got `digestAfter`
 * e-mails about the channel in the last hour gets it in the next digest instead. Each reader is recorded once sent,
 * so a job retried after a failure sends only to those it had not reached.
 */
export function createMailHandler(deps: MailDeps) {
  return async (job: Job<NotificationDeliveryJob>) => {
    const { notice, userIds } = job.data;
    const db = scoped(deps.db.kysely);
    const done = new Set(await mailStore.handled(db, notice.eventId, userIds));
    const accounts = await accountStore.byIds(
      db,
      userIds.filter((id) => !done.has(id)),
    );
    const now = deps.clock.now();
    const recent = await mailStore.recent(
      db,
      accounts.map((a) => a.user_id),
      notice.channelId,
      new Date(now.getTime() - HOUR_MS),
    );
    const one = async (account: { user_id: string; email: string }) => {
      const record = { event_id: notice.eventId, user_id: account.user_id, channel_id: notice.channelId, at: now };
      if ((recent.get(account.user_id) ?? 0) >= deps.digestAfter) {
        await deps.db.kysely.transaction().execute(async (trx) => {
          await mailStore.addToDigest(scoped(trx), account.user_id, notice, now);
          await mailStore.record(scoped(trx), { ...record, digested: true });
        });
        return;
      }
      const { links, headers } = mailLinks(deps.publicUrl, deps.secret, account.user_id, notice.kind);
      await deps.mailer.send(account.email, noticeMail(notice, links), headers);
      await mailStore.record(db, { ...record, digested: false });
      deps.metrics.mailed('notice');
    };
    for (let i = 0; i < accounts.length; i += SENDING) {
      const results = await Promise.allSettled(accounts.slice(i, i + SENDING).map(one));
      const failed = results.find((r) => r.status === 'rejected');
      // The job is tried again; those already reached are recorded and skipped.
      if (failed) throw failed.reason;
    }
  };
}
