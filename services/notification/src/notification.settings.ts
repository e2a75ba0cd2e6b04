import Type, { type Static } from 'typebox';

/** The notification module's environment variables (documented in docs/operations.md). */
export const notificationSettingsSchema = Type.Object({
  NOTIFICATION_BATCH_SIZE: Type.Integer({ minimum: 1, maximum: 10_000, default: 1000 }),
  NOTIFICATION_BATCH_CONCURRENCY: Type.Integer({ minimum: 1, maximum: 64, default: 2 }),
  SMTP_URL: Type.Optional(Type.String()),
  MAIL_FROM: Type.String({ minLength: 3, default: 'Framecast <notifications@localhost>' }),
  NOTIFICATION_DIGEST_AFTER: Type.Integer({ minimum: 1, maximum: 1000, default: 3 }),
  NOTIFICATION_DIGEST_INTERVAL_SECONDS: Type.Integer({ minimum: 1, maximum: 7 * 86_400, default: 3600 }),
  NOTIFICATION_RETENTION_DAYS: Type.Integer({ minimum: 1, maximum: 3650, default: 90 }),
});

export type NotificationEnv = Static<typeof notificationSettingsSchema>;

/** The notification module's settings, as its code uses them. */
export interface NotificationSettings {
  /** Followers told in one batch job of a fan-out. */
  batchSize: number;
  /** Batch jobs one process runs at once. */
  batchConcurrency: number;
  /** Where e-mail is sent (`smtp://…`, `smtps://…`); null: no e-mail. */
  smtpUrl: string | null;
  mailFrom: string;
  /** E-mails about one channel a reader gets in an hour before the rest wait for the digest. */
  digestAfter: number;
  /** The longest a notification put aside waits for its digest. */
  digestIntervalMs: number;
  /** Days notifications are kept. */
  retentionDays: number;
}

/** Pure. */
export function toNotificationSettings(env: NotificationEnv): NotificationSettings {
  return {
    batchSize: env.NOTIFICATION_BATCH_SIZE,
    batchConcurrency: env.NOTIFICATION_BATCH_CONCURRENCY,
    smtpUrl: env.SMTP_URL ? env.SMTP_URL : null,
    mailFrom: env.MAIL_FROM,
    digestAfter: env.NOTIFICATION_DIGEST_AFTER,
    digestIntervalMs: env.NOTIFICATION_DIGEST_INTERVAL_SECONDS * 1000,
    retentionDays: env.NOTIFICATION_RETENTION_DAYS,
  };
}
