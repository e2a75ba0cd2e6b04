import type { Agent } from 'node:https';
import type { Database, Job } from '@framecast/adapters';
import type { NotificationDeliveryJob } from '@framecast/contracts';
import type { Clock } from '@framecast/kit';
import webpush from 'web-push';
import type { NotificationMetrics } from '../notification.metrics.js';
import { scoped } from '../notification.tables.js';
import { pushPayload, pushTtlSeconds } from './push.payload.js';
import { pushStore } from './push.store.js';
import type { VapidKeys } from './vapid.js';

/** Pushes of one job on their way at once. */
const SENDING = 16;

export interface PushDeps {
  db: Database;
  clock: Clock;
  vapid: VapidKeys;
  publicUrl: string;
  metrics: NotificationMetrics;
  /** The HTTPS agent push requests go through (tests trust a local certificate with it). */
  agent?: Agent;
}

/**
 * Web-pushes one notification to every browser its readers subscribed, encrypted for each (`aes128gcm`, RFC 8291)
 * and signed with our VAPID key. A browser the push service no longer knows (404, 410) is forgotten; each browser
 * reached is recorded, so a job retried after a failure pushes only to those it had not reached.
 */
export function createPushHandler(deps: PushDeps) {
  return async (job: Job<NotificationDeliveryJob>) => {
    const { notice, userIds } = job.data;
    const db = scoped(deps.db.kysely);
    const payload = JSON.stringify(pushPayload(notice, deps.publicUrl));
    const targets = await pushStore.due(db, notice.eventId, userIds);
    const one = async (t: (typeof targets)[number]) => {
      try {
        await webpush.sendNotification({ endpoint: t.endpoint, keys: { p256dh: t.p256dh, auth: t.auth } }, payload, {
          vapidDetails: deps.vapid,
          TTL: pushTtlSeconds(notice.kind),
          urgency: notice.kind === 'live' || notice.kind === 'mention' ? 'high' : 'normal',
          contentEncoding: 'aes128gcm',
          timeout: 10_000,
          ...(deps.agent ? { agent: deps.agent } : {}),
        });
      } catch (error) {
        if (error instanceof webpush.WebPushError && (error.statusCode === 404 || error.statusCode === 410)) {
          await pushStore.forget(db, t.endpoint);
          return;
        }
        throw error;
      }
      await pushStore.pushed(db, notice.eventId, t.endpoint, deps.clock.now());
      deps.metrics.pushed();
    };
    for (let i = 0; i < targets.length; i += SENDING) {
      const results = await Promise.allSettled(targets.slice(i, i + SENDING).map(one));
      const failed = results.find((r) => r.status === 'rejected');
      if (failed) throw failed.reason;
    }
  };
}
