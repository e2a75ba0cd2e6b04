import { randomBytes } from 'node:crypto';
import type { UserNotice } from '@framecast/contracts';
import { eventually, metricValue, startTestRuntime, type TestRuntime } from '@framecast/kit/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { catalog } from '../../cli/src/catalog.js';
import { createClient, type FramecastClient, type WebSocketConstructor } from './index.js';

// The notification calls and pushes the bell and the settings page rely on, against the real user, notification and
// gateway modules on 127.0.0.1.
let platform: TestRuntime;
const clients: FramecastClient[] = [];

beforeAll(async () => {
  platform = await startTestRuntime({
    catalog,
    targets: ['gateway', 'user', 'notification'],
    env: { AUTH_RATE_LIMIT_PER_MINUTE: '1000' },
  });
});
afterAll(async () => {
  await platform?.close();
});
afterEach(() => {
  for (const client of clients.splice(0)) client.dispose();
});

async function signedIn(): Promise<{ client: FramecastClient; id: string; handle: string }> {
  const client = createClient({ baseUrl: platform.rt.url, WebSocket: WebSocket as unknown as WebSocketConstructor });
  clients.push(client);
  const handle = `nt_${randomBytes(5).toString('hex')}`;
  const user = await client.auth.register({ email: `${handle}@example.com`, handle, password: 'plum orchard at dusk' });
  return { client, id: user.id, handle };
}

describe('client.notifications on the platform', () => {
  it('lists a new follower, pushes it on the user’s topic, and marks it read', async () => {
    const channel = await signedIn();
    const fan = await signedIn();
    const heard: UserNotice[] = [];
    const stop = channel.client.realtime.subscribe(`user:${channel.id}`, { onMessage: (m) => heard.push(m) });
    // The module learns of accounts from events: follow once it knows the channel (its bell can be set).
    await eventually(async () => expect(await metricValue(platform.rt, 'framecast_realtime_subscriptions')).toBe(1));
    await fan.client.channels.follow(channel.handle);

    const page = await vi.waitFor(
      async () => {
        const listed = await channel.client.notifications.list();
        expect(listed.items).toHaveLength(1);
        return listed;
      },
      { timeout: 10_000, interval: 100 },
    );
    expect(page.unreadCount).toBe(1);
    expect(page.nextCursor).toBeNull();
    const [item] = page.items;
    expect(item).toMatchObject({ kind: 'follow', readAt: null, channel: { id: fan.id, handle: fan.handle } });
    await vi.waitFor(() => expect(heard).toContainEqual({ kind: 'notification', notification: item }), {
      timeout: 10_000,
    });

    expect(await channel.client.notifications.markRead([item!.id])).toEqual({ unreadCount: 0 });
    await vi.waitFor(() => expect(heard).toContainEqual({ kind: 'notifications-read', unreadCount: 0 }), {
      timeout: 10_000,
    });
    const after = await channel.client.notifications.list();
    expect(after.items[0]!.readAt).toEqual(expect.any(String));
    expect(await channel.client.notifications.markAllRead()).toEqual({ unreadCount: 0 });
    stop();
  });

  it('keeps the bell of each followed channel and the deliveries of each kind', async () => {
    const channel = await signedIn();
    const fan = await signedIn();
    await fan.client.channels.follow(channel.handle);
    const prefs = await vi.waitFor(
      async () => {
        const read = await fan.client.notifications.preferences();
        expect(read.channels).toHaveLength(1);
        return read;
      },
      { timeout: 10_000, interval: 100 },
    );
    expect(prefs.channels).toEqual([{ channel: { id: channel.id, handle: channel.handle }, level: 'all' }]);
    expect(prefs.types.follow).toEqual({ inApp: true, email: false, push: false });

    const changed = await fan.client.notifications.updatePreferences({
      types: { live: { email: false } },
      channels: [{ channelId: channel.id, level: 'live' }],
    });
    expect(changed.types.live).toEqual({ inApp: true, email: false, push: true });
    expect(changed.channels).toEqual([{ channel: { id: channel.id, handle: channel.handle }, level: 'live' }]);
    expect(await fan.client.notifications.preferences()).toEqual(changed);
  });

  it('gives the VAPID key and takes a browser’s subscription, and its removal', async () => {
    const { client } = await signedIn();
    const { publicKey } = await client.notifications.push.key();
    expect(Buffer.from(publicKey, 'base64url')).toHaveLength(65);
    const endpoint = `https://push.example/send/${randomBytes(8).toString('hex')}`;
    const keys = { p256dh: Buffer.alloc(65, 4).toString('base64url'), auth: randomBytes(16).toString('base64url') };
    await expect(client.notifications.push.subscribe({ endpoint, expirationTime: null, keys })).resolves.toBeNull();
    await expect(client.notifications.push.unsubscribe(endpoint)).resolves.toBeUndefined();
    await expect(client.notifications.push.unsubscribe(endpoint)).resolves.toBeUndefined();
  });
});
