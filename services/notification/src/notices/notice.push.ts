import type { NotificationItem } from '@framecast/contracts';
import type { RealtimePublisher } from '@framecast/kit';
import type { Logger } from 'pino';

/** Pushes at once, in groups of this many, so a batch of a fan-out does not open thousands of publishes together. */
const PUSH_GROUP = 200;

/**
 * After commit, each new notification goes to its reader's open pages (`user:<id>`). Best effort: a failure is
 * logged and the stored notification stands (the bell's count is read over HTTP too).
 */
export async function pushNotices(
  deps: { realtime: RealtimePublisher; logger: Logger },
  notices: readonly { userId: string; item: NotificationItem }[],
): Promise<void> {
  for (let i = 0; i < notices.length; i += PUSH_GROUP) {
    const group = notices.slice(i, i + PUSH_GROUP);
    const results = await Promise.allSettled(
      group.map((n) => deps.realtime.publish(`user:${n.userId}`, { kind: 'notification', notification: n.item })),
    );
    const failed = results.filter((r) => r.status === 'rejected');
    if (failed.length > 0) {
      deps.logger.warn({ err: failed[0]!.reason, failed: failed.length }, 'notifications could not be pushed');
      return;
    }
  }
}
