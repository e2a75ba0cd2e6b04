import { consumeOnce, type Database } from '@framecast/adapters';
import type { NotificationItem } from '@framecast/contracts';
import {
  type EventOf,
  eventConsumer,
  type ModuleEvents,
  type ModuleOutbox,
  type RealtimePublisher,
} from '@framecast/kit';
import type { Transaction } from 'kysely';
import type { Logger } from 'pino';
import { accountStore } from '../accounts/account.store.js';
import type { NotificationMetrics } from '../notification.metrics.js';
import { NOTIFY_SCHEMA, scoped } from '../notification.tables.js';
import {
  channelAnnouncement,
  FOLLOW_NOTICE_QUIET_MS,
  fanoutBatches,
  followNotice,
  mentionNotice,
  messageOf,
  type Notice,
  toItem,
} from './notice.plan.js';
import { pushNotices } from './notice.push.js';
import { noticeStore } from './notice.store.js';

const GROUP = 'notification';
const TYPES = [
  'user.registered',
  'user.deleted',
  'user.followed',
  'user.unfollowed',
  'stream.started',
  'video.ready',
  'chat.mention',
] as const;

/**
 * The module's one consumer of events, each once (`consumeOnce` in the `notify` schema): the user module's facts
 * become projections (accounts, follows); a follow and a mention become one notification; a stream beginning or a
 * public video becomes the batch jobs of its fan-out, enqueued through the outbox in the same transaction, so the
 * consumer never waits for the followers themselves.
 */
export function noticesConsumer(deps: {
  db: Database;
  events: ModuleEvents;
  outbox: ModuleOutbox;
  realtime: RealtimePublisher;
  logger: Logger;
  metrics: NotificationMetrics;
  batchSize: number;
  /** Whether e-mail is sent at all (`SMTP_URL` is set). */
  mail: boolean;
}) {
  const handle = async (event: EventOf<(typeof TYPES)[number]>) => {
    const stored: { userId: string; item: NotificationItem }[] = [];
    let fanout: { kind: 'live' | 'video'; batches: number } | undefined;
    await consumeOnce(deps.db, NOTIFY_SCHEMA, GROUP, event, async (trx) => {
      const db = scoped(trx);
      switch (event.type) {
        case 'user.registered': {
          const { userId, handle, email } = event.payload;
          return accountStore.upsert(db, { user_id: userId, handle, email });
        }
        case 'user.deleted':
          return accountStore.remove(db, event.payload.userId);
        case 'user.followed': {
          const { channelId, followerId } = event.payload;
          await accountStore.follow(db, channelId, followerId, new Date(event.occurredAt));
          const notice = followNotice(event);
          if (!notice) return;
          const since = new Date(notice.at.getTime() - FOLLOW_NOTICE_QUIET_MS);
          if (await noticeStore.toldOfFollower(db, notice.userId, followerId, since)) return;
          return store(trx, notice, stored, deps);
        }
        case 'user.unfollowed':
          return accountStore.unfollow(db, event.payload.channelId, event.payload.followerId);
        case 'chat.mention': {
          const notice = mentionNotice(event);
          if (notice) await store(trx, notice, stored, deps);
          return;
        }
        case 'stream.started':
        case 'video.ready': {
          const announcement = channelAnnouncement(event);
          if (!announcement) return;
          const boundaries = await noticeStore.batchBoundaries(trx, announcement.channelId, deps.batchSize);
          const jobs = fanoutBatches(announcement, boundaries);
          for (const [i, job] of jobs.entries()) {
            await deps.outbox.enqueue(trx, 'notification.fanout', job, { id: `${event.id}:${i}` });
          }
          fanout = { kind: announcement.kind, batches: jobs.length };
          return;
        }
      }
    });
    // Counted after commit, so a rolled-back attempt is not counted twice.
    if (fanout) deps.metrics.fanout(fanout.kind, fanout.batches);
    deps.metrics.stored(stored.length);
    await pushNotices(deps, stored);
  };
  return eventConsumer(deps.events, GROUP, TYPES, handle);
}

/**
 * Stores one notification when its reader wants it in-app (pushed to their pages after commit), and enqueues its
 * e-mail and web push when they want those, in the same transaction.
 */
async function store(
  trx: Transaction<any>,
  notice: Notice,
  stored: { userId: string; item: NotificationItem }[],
  deps: { outbox: ModuleOutbox; mail: boolean },
) {
  const db = scoped(trx);
  const delivery = await noticeStore.kindDelivery(db, notice.userId, notice.kind);
  if (delivery.inApp) {
    const row = await noticeStore.insert(db, notice);
    if (row) stored.push({ userId: notice.userId, item: toItem(row) });
  }
  if (deps.mail && delivery.email) {
    await deps.outbox.enqueue(
      trx,
      'notification.email',
      { notice: messageOf(notice), userIds: [notice.userId] },
      { id: `${notice.eventId}:mail` },
    );
  }
  if (delivery.push && (await noticeStore.hasPush(db, notice.userId))) {
    await deps.outbox.enqueue(
      trx,
      'notification.push',
      { notice: messageOf(notice), userIds: [notice.userId] },
      { id: `${notice.eventId}:push` },
    );
  }
}
