import type { Agent } from 'node:https';
import type { ConsumeOptions, Subscription } from '@framecast/adapters';
import type { ModuleContext, Service, ServiceModule } from '@framecast/kit';
import { digestSweep } from './mail/digest.sweep.js';
import { createMailHandler } from './mail/mail.job.js';
import { createMailer } from './mail/mailer.js';
import { unsubscribeRoutes } from './mail/unsubscribe.routes.js';
import { createFanoutHandler } from './notices/fanout.job.js';
import { noticeRoutes } from './notices/notice.routes.js';
import { noticesConsumer } from './notices/notices.consumer.js';
import { retentionSweep } from './notices/retention.sweep.js';
import { createNotificationMetrics } from './notification.metrics.js';
import { notificationMigrations } from './notification.migrations.js';
import { randomSecret, sharedSetting } from './notification.secrets.js';
import { type NotificationEnv, notificationSettingsSchema, toNotificationSettings } from './notification.settings.js';
import { NOTIFY_SCHEMA, scoped } from './notification.tables.js';
import { preferenceRoutes } from './preferences/preference.routes.js';
import { createPushHandler } from './push/push.job.js';
import { pushRoutes } from './push/push.routes.js';
import { loadVapidKeys, vapidSubject } from './push/vapid.js';

export interface NotificationOptions {
  /** The HTTPS agent web pushes go through (tests trust a local push service's certificate with it). */
  pushAgent?: Agent;
  /** Deliveries of a batch job before it is dead-lettered. */
  maxAttempts?: number;
  backoffMs?(attempt: number): number;
}

/** 2 s, 8 s, 32 s, 2 min…: a database that stumbled gets time to come back before a batch is given up. */
const defaultBackoff = (attempt: number) => Math.min(10 * 60_000, 2_000 * 4 ** (attempt - 1));

export function createNotificationModule(
  opts: NotificationOptions = {},
): ServiceModule<typeof notificationSettingsSchema, 'notification'> {
  async function init(ctx: ModuleContext<NotificationEnv>): Promise<Service> {
    const settings = toNotificationSettings(ctx.settings);
    const metrics = createNotificationMetrics(ctx.metrics);
    const consume: ConsumeOptions = {
      prefetch: settings.batchConcurrency,
      maxAttempts: opts.maxAttempts ?? 6,
      backoffMs: opts.backoffMs ?? defaultBackoff,
    };
    const db = scoped(ctx.db.kysely);
    const secret = await sharedSetting(db, 'unsubscribe_secret', randomSecret);
    const vapid = await loadVapidKeys(db, vapidSubject(ctx.config.publicUrl, settings.mailFrom));
    const push = createPushHandler({
      db: ctx.db,
      clock: ctx.clock,
      vapid,
      publicUrl: ctx.config.publicUrl,
      metrics,
      ...(opts.pushAgent ? { agent: opts.pushAgent } : {}),
    });
    const mailer = settings.smtpUrl ? createMailer({ smtpUrl: settings.smtpUrl, from: settings.mailFrom }) : null;
    if (!mailer) ctx.logger.info('SMTP_URL is not set: notification e-mails are off');
    // E-mail and web push wait on someone else's server: more jobs at once than the batches.
    const mailing: ConsumeOptions = { ...consume, prefetch: Math.max(4, settings.batchConcurrency) };
    const events = noticesConsumer({
      db: ctx.db,
      events: ctx.events,
      outbox: ctx.outbox,
      realtime: ctx.realtime,
      logger: ctx.logger,
      metrics,
      batchSize: settings.batchSize,
      mail: mailer !== null,
    });
    const fanout = createFanoutHandler({
      db: ctx.db,
      outbox: ctx.outbox,
      realtime: ctx.realtime,
      logger: ctx.logger,
      metrics,
      mail: mailer !== null,
    });
    const mailDeps = mailer && {
      db: ctx.db,
      mailer,
      clock: ctx.clock,
      publicUrl: ctx.config.publicUrl,
      secret,
      digestAfter: settings.digestAfter,
      metrics,
    };
    const digests = mailDeps && digestSweep({ ...mailDeps, intervalMs: settings.digestIntervalMs, logger: ctx.logger });
    const retention = retentionSweep({
      db: ctx.db.kysely,
      clock: ctx.clock,
      days: settings.retentionDays,
      logger: ctx.logger,
    });
    let subscriptions: Subscription[] = [];
    return {
      async routes(app) {
        await app.register(noticeRoutes({ db: ctx.db, clock: ctx.clock, realtime: ctx.realtime, logger: ctx.logger }));
        await app.register(preferenceRoutes({ db: ctx.db }));
        await app.register(unsubscribeRoutes({ db: ctx.db, secret }));
        await app.register(pushRoutes({ db: ctx.db, clock: ctx.clock, publicKey: vapid.publicKey }));
      },
      async start() {
        subscriptions.push(await ctx.jobs.consume('notification.fanout', fanout, consume));
        subscriptions.push(await ctx.jobs.consume('notification.push', push, mailing));
        if (mailDeps) {
          subscriptions.push(await ctx.jobs.consume('notification.email', createMailHandler(mailDeps), mailing));
        }
        await events.start();
        digests?.start();
        retention.start();
      },
      async stop() {
        await events.stop();
        await digests?.stop();
        await retention.stop();
        await Promise.all(subscriptions.map((s) => s.close()));
        subscriptions = [];
        mailer?.close();
      },
    };
  }

  return {
    name: 'notification',
    settings: notificationSettingsSchema,
    deps: [],
    prefixes: ['/api/notifications'],
    schema: NOTIFY_SCHEMA,
    migrations: notificationMigrations,
    init,
  };
}

/**
 * Notifications: a followed channel went live or published a video, a new follower, a mention in chat; stored for
 * the bell, pushed to open pages, with preferences per kind, delivery and channel.
 */
export const notificationModule = createNotificationModule();
