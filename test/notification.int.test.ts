import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectRabbit } from '@framecast/adapters';
import { requireServer, testUrls } from '@framecast/adapters/testing';
import type { NotificationPage } from '@framecast/contracts';
import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FramecastProcess, startFramecast } from './processes.js';

// The notification module as its own process behind the gateway, on the real PostgreSQL, Redis and RabbitMQ: the
// user service's events and a stream beginning (published on RabbitMQ as the live service would) become
// notifications read through the gateway.
const database = `framecast_notify_${randomUUID().slice(0, 8)}`;
const admin = new pg.Client({ connectionString: testUrls.postgres });
let dataDir: string;
let user: FramecastProcess;
let notification: FramecastProcess;
let gateway: FramecastProcess;
let rabbit: Awaited<ReturnType<typeof connectRabbit>>;

beforeAll(async () => {
  await Promise.all([requireServer('postgres'), requireServer('redis'), requireServer('rabbitmq')]);
  await admin.connect();
  await admin.query(`create database ${database}`);
  dataDir = await mkdtemp(join(tmpdir(), 'framecast-notify-'));
  const env = {
    DATABASE_URL: testUrls.postgres.replace(/\/[^/]*$/, `/${database}`),
    REDIS_URL: testUrls.redis,
    AMQP_URL: testUrls.rabbitmq,
    DATA_DIR: dataDir,
    REDIS_KEY_PREFIX: `${database}:`,
    NOTIFICATION_BATCH_SIZE: '2',
  };
  rabbit = await connectRabbit({ url: testUrls.rabbitmq, logger: pino({ level: 'silent' }) });
  user = await startFramecast('user', env);
  notification = await startFramecast('notification', { ...env, USER_SERVICE_URL: user.url });
  gateway = await startFramecast('gateway', {
    ...env,
    USER_SERVICE_URL: user.url,
    NOTIFICATION_SERVICE_URL: notification.url,
  });
}, 120_000);

afterAll(async () => {
  await gateway?.stop();
  await notification?.stop();
  await user?.stop();
  await rabbit?.close();
  await admin.query(`drop database if exists ${database} with (force)`).catch(() => undefined);
  await admin.end();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function signUp() {
  const handle = `nt_${randomUUID().slice(0, 8)}`;
  const res = await fetch(`${gateway.url}/api/auth/register`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      email: `${handle}@example.com`,
      handle,
      password: 'correct horse battery staple',
      session: 'token',
    }),
  });
  expect(res.status).toBe(201);
  const body = (await res.json()) as { accessToken: string; user: { id: string } };
  return { handle, id: body.user.id, auth: { authorization: `Bearer ${body.accessToken}` } };
}

async function until<T>(what: string, check: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const found = await check();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`${what} did not happen within 15 s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('the notification service', () => {
  it('turns events from RabbitMQ into notifications read through the gateway, each event once', async () => {
    const channel = await signUp();
    const fans = [await signUp(), await signUp(), await signUp()];
    for (const fan of fans) {
      const res = await fetch(`${gateway.url}/api/channels/${channel.handle}/follow`, {
        method: 'POST',
        headers: fan.auth,
      });
      expect(res.status).toBe(200);
    }
    const list = async (account: { auth: Record<string, string> }) => {
      const res = await fetch(`${gateway.url}/api/notifications`, { headers: account.auth });
      expect(res.status).toBe(200);
      return (await res.json()) as NotificationPage;
    };
    // The user service's user.followed events reached the notification service over RabbitMQ.
    const told = await until('the follow notifications', async () => {
      const page = await list(channel);
      return page.items.length === 3 ? page : undefined;
    });
    expect(told.unreadCount).toBe(3);
    expect(told.items.map((n) => n.channel.handle).sort()).toEqual(fans.map((f) => f.handle).sort());

    // The projection of follows is in place once the follow notifications are: the stream starts.
    const event = {
      id: randomUUID(),
      type: 'stream.started',
      occurredAt: new Date().toISOString(),
      payload: {
        sessionId: randomUUID(),
        channelId: channel.id,
        channelHandle: channel.handle,
        title: 'Across the wire',
        startedAt: new Date().toISOString(),
      },
    };
    await rabbit.events.publish(event);
    await rabbit.events.publish(event);
    for (const fan of fans) {
      const page = await until(`the live notification of ${fan.handle}`, async () => {
        const p = await list(fan);
        return p.items.length > 0 ? p : undefined;
      });
      expect(page.items).toEqual([
        expect.objectContaining({
          kind: 'live',
          channel: { id: channel.id, handle: channel.handle },
          stream: { sessionId: event.payload.sessionId, title: 'Across the wire' },
        }),
      ]);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
    for (const fan of fans) expect((await list(fan)).unreadCount).toBe(1);
    const metrics = await (await fetch(`${notification.url}/metrics`)).text();
    // 3 followers in batches of 2: two batch jobs, through the outbox and RabbitMQ's job queue.
    expect(metrics).toMatch(/^framecast_notification_fanout_batches_total\{[^}]*kind="live"[^}]*\} 2$/m);
    // At least the 6 rows each account lists (3 follows, 3 live): a batch job RabbitMQ delivered again while its first
    // delivery ran can count its rows again, though the listings above hold each notification once.
    const stored = Number(/^framecast_notifications_stored_total(?:\{[^}]*\})? (\d+)$/m.exec(metrics)?.[1]);
    expect(stored).toBeGreaterThanOrEqual(6);
  });
});
