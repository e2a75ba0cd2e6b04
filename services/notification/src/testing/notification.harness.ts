import type { NotificationPage, NotificationPreferences, UserNotice } from '@framecast/contracts';
import { realtimeChannel, type ServiceModule } from '@framecast/kit';
import { eventually, startTestRuntime, type TestRuntime } from '@framecast/kit/testing';
import { userModule } from '@framecast/user';
import { type Registered, register } from '@framecast/user/testing';
import { notificationModule } from '../notification.module.js';

export type NotificationHarness = TestRuntime;

/** The user and notification modules through the real runtime, on an in-memory PGlite unless `env` names servers. */
export function startNotificationModule(
  env: Record<string, string> = {},
  module: ServiceModule<any> = notificationModule,
): Promise<NotificationHarness> {
  return startTestRuntime({ catalog: [userModule, module], targets: ['user', 'notification'], env });
}

/** Registers an account and waits until the notification module knows it (`user.registered` consumed). */
export async function reader(h: NotificationHarness, opts: { handle?: string } = {}): Promise<Registered> {
  const account = await register(h.rt, opts);
  await eventually(async () => {
    const rows = await h.rt.adapters.db.kysely
      .withSchema('notify')
      .selectFrom('accounts')
      .select('user_id')
      .where('user_id', '=', account.result.user.id)
      .execute();
    if (rows.length === 0) throw new Error(`the notification module does not know ${account.handle} yet`);
  }, 10_000);
  return account;
}

/** `fan` follows `channel` through the user module, and the notification module has seen it. */
export async function follow(h: NotificationHarness, fan: Registered, channel: Registered): Promise<void> {
  const res = await h.rt.app.inject({
    method: 'POST',
    url: `/api/channels/${channel.handle}/follow`,
    headers: fan.auth,
  });
  if (res.statusCode !== 200) throw new Error(`follow failed: ${res.statusCode} ${res.body}`);
  await eventually(async () => {
    const rows = await h.rt.adapters.db.kysely
      .withSchema('notify')
      .selectFrom('follows')
      .select('follower_id')
      .where('channel_id', '=', channel.result.user.id)
      .where('follower_id', '=', fan.result.user.id)
      .execute();
    if (rows.length === 0) throw new Error('the follow has not reached the notification module yet');
  }, 10_000);
}

export async function notifications(
  h: NotificationHarness,
  account: Registered,
  query = '',
): Promise<NotificationPage> {
  const res = await h.rt.app.inject({ url: `/api/notifications${query}`, headers: account.auth });
  if (res.statusCode !== 200) throw new Error(`listing failed: ${res.statusCode} ${res.body}`);
  return res.json<NotificationPage>();
}

export async function preferences(
  h: NotificationHarness,
  account: Registered,
  update?: object,
): Promise<NotificationPreferences> {
  const res = await h.rt.app.inject({
    method: update ? 'PUT' : 'GET',
    url: '/api/notifications/preferences',
    headers: account.auth,
    ...(update ? { payload: update } : {}),
  });
  if (res.statusCode !== 200) throw new Error(`preferences failed: ${res.statusCode} ${res.body}`);
  return res.json<NotificationPreferences>();
}

/** Records what is published on a user's real-time topic (what every hub would pass to that user's pages). */
export async function listen(h: NotificationHarness, userId: string) {
  const heard: UserNotice[] = [];
  const stop = await h.rt.adapters.pubsub.subscribe(realtimeChannel(h.config.redisKeyPrefix, `user:${userId}`), (m) =>
    heard.push(JSON.parse(m) as UserNotice),
  );
  return { heard, stop };
}
