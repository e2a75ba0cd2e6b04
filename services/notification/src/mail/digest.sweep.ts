import { periodicTask } from '@framecast/kit';
import type { Logger } from 'pino';
import { accountStore } from '../accounts/account.store.js';
import { scoped } from '../notification.tables.js';
import type { MailDeps } from './mail.job.js';
import { mailLinks } from './mail.links.js';
import { mailStore } from './mail.store.js';
import { digestMail } from './mail.templates.js';

/** Readers sent their digest in one run; the rest wait for the next. */
const READERS_PER_RUN = 500;

/**
 * A reader's first notification put aside for a digest waits at most `intervalMs`; whatever joins it meanwhile goes
 * in the same e-mail, and then they are cleared. Looked for every tenth of that (at least every second).
 */
export function digestSweep(deps: MailDeps & { intervalMs: number; logger: Logger }) {
  return periodicTask({
    everyMs: Math.max(1000, Math.round(deps.intervalMs / 10)),
    logger: deps.logger,
    failure: 'notification digests could not be sent',
    async work(signal) {
      const db = scoped(deps.db.kysely);
      const due = new Date(deps.clock.now().getTime() - deps.intervalMs);
      for (const userId of await mailStore.digestReaders(db, due, READERS_PER_RUN)) {
        if (signal.aborted) return;
        const items = await mailStore.digestOf(db, userId);
        const [account] = await accountStore.byIds(db, [userId]);
        if (account && items.length > 0) {
          const { links, headers } = mailLinks(deps.publicUrl, deps.secret, userId, 'all');
          await deps.mailer.send(
            account.email,
            digestMail(
              items.map((i) => i.notice),
              links,
            ),
            headers,
          );
          deps.metrics.mailed('digest');
        }
        await mailStore.clearDigest(
          db,
          userId,
          items.map((i) => i.event_id),
        );
      }
    },
  });
}
