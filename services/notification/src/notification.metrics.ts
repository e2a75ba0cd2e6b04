import { Counter, type Registry } from 'prom-client';

export interface NotificationMetrics {
  /** Notifications stored (in-app). */
  stored(count: number): void;
  /** A channel's event was cut into this many batch jobs. */
  fanout(kind: 'live' | 'video', batches: number): void;
  /** An e-mail went out: one notification, or a digest of several. */
  mailed(kind: 'notice' | 'digest'): void;
  /** A web push was accepted by a push service. */
  pushed(): void;
}

export function createNotificationMetrics(registry: Registry): NotificationMetrics {
  const stored = new Counter({
    name: 'framecast_notifications_stored_total',
    help: 'In-app notifications stored.',
    registers: [registry],
  });
  const batches = new Counter({
    name: 'framecast_notification_fanout_batches_total',
    help: 'Batch jobs enqueued to tell the followers of a channel of its stream or video.',
    labelNames: ['kind'],
    registers: [registry],
  });
  const mails = new Counter({
    name: 'framecast_notification_emails_total',
    help: 'Notification e-mails sent: one notification each, or a digest.',
    labelNames: ['kind'],
    registers: [registry],
  });
  const pushes = new Counter({
    name: 'framecast_notification_pushes_total',
    help: 'Web pushes accepted by push services.',
    registers: [registry],
  });
  return {
    pushed() {
      pushes.inc();
    },
    mailed(kind) {
      mails.inc({ kind });
    },
    stored(count) {
      if (count > 0) stored.inc(count);
    },
    fanout(kind, count) {
      batches.inc({ kind }, count);
    },
  };
}
