import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectRabbit, type DomainEvent } from '@framecast/adapters';
import { requireServer, testUrls } from '@framecast/adapters/testing';
import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectChat } from '../services/chat/src/testing/chat.client.js';
import { type FramecastProcess, startFramecast } from './processes.js';

// Gateway and user service as separate processes, on the real PostgreSQL, Redis and RabbitMQ of this machine.
const database = `framecast_ms_${randomUUID().slice(0, 8)}`;
const admin = new pg.Client({ connectionString: testUrls.postgres });
let dataDir: string;
let user: FramecastProcess;
let gateway: FramecastProcess;
let chat: FramecastProcess;
let rabbit: Awaited<ReturnType<typeof connectRabbit>>;
const received: DomainEvent[] = [];
const group = `mstest-${randomUUID().slice(0, 8)}`;

beforeAll(async () => {
  await Promise.all([requireServer('postgres'), requireServer('redis'), requireServer('rabbitmq')]);
  await admin.connect();
  await admin.query(`create database ${database}`);
  dataDir = await mkdtemp(join(tmpdir(), 'framecast-ms-'));
  const databaseUrl = testUrls.postgres.replace(/\/[^/]*$/, `/${database}`);
  const env = {
    DATABASE_URL: databaseUrl,
    REDIS_URL: testUrls.redis,
    AMQP_URL: testUrls.rabbitmq,
    DATA_DIR: dataDir,
    AUTH_RATE_LIMIT_PER_MINUTE: '8',
    // Rate-limit counters of this run only, whatever else uses this Redis.
    REDIS_KEY_PREFIX: `${database}:`,
  };
  rabbit = await connectRabbit({ url: testUrls.rabbitmq, logger: pino({ level: 'silent' }) });
  await rabbit.events.subscribe(group, ['user.*', 'chat.*'], async (event) => {
    received.push(event);
  });
  user = await startFramecast('user', env);
  // Behind the gateway: the client's address comes from the gateway's X-Forwarded-For.
  chat = await startFramecast('chat', { ...env, USER_SERVICE_URL: user.url, TRUST_PROXY: '127.0.0.1' });
  gateway = await startFramecast('gateway', { ...env, USER_SERVICE_URL: user.url, CHAT_SERVICE_URL: chat.url });
}, 120_000);

afterAll(async () => {
  await chat?.stop();
  await gateway?.stop();
  await user?.stop();
  await rabbit?.close();
  await admin.query(`drop database if exists ${database} with (force)`).catch(() => undefined);
  await admin.end();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

const json = (body: unknown) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify(body),
});

describe('microservices mode', () => {
  it('serves health, readiness and metrics on every process', async () => {
    for (const proc of [user, gateway]) {
      expect((await fetch(`${proc.url}/healthz`)).status).toBe(200);
      const ready = (await (await fetch(`${proc.url}/readyz`)).json()) as { status: string };
      expect(ready.status).toBe('ready');
      const metrics = await (await fetch(`${proc.url}/metrics`)).text();
      expect(metrics).toContain('framecast_http_request_duration_seconds');
    }
    const ready = (await (await fetch(`${user.url}/readyz`)).json()) as { checks: Record<string, string> };
    expect(ready.checks).toMatchObject({ database: 'ok', events: 'ok', cache: 'ok' });
  });

  it('routes the user API through the gateway, authenticated against the user service JWKS', async () => {
    const email = `ms-${randomUUID().slice(0, 8)}@example.com`;
    const handle = `ms_${randomUUID().slice(0, 8)}`;
    const registered = await fetch(
      `${gateway.url}/api/auth/register`,
      json({ email, handle, password: 'correct horse battery staple', session: 'token' }),
    );
    expect(registered.status).toBe(201);
    const { accessToken, refreshToken } = (await registered.json()) as { accessToken: string; refreshToken: string };
    expect(refreshToken).toEqual(expect.any(String));

    const me = await fetch(`${gateway.url}/api/users/me`, { headers: { authorization: `Bearer ${accessToken}` } });
    expect(me.status).toBe(200);
    expect(((await me.json()) as { handle: string }).handle).toBe(handle);

    const forged = await fetch(`${gateway.url}/api/users/me`, {
      headers: { authorization: `Bearer ${accessToken.slice(0, -4)}AAAA` },
    });
    expect(forged.status).toBe(401);

    const other = `ms_${randomUUID().slice(0, 8)}`;
    await fetch(
      `${gateway.url}/api/auth/register`,
      json({ email: `${other}@example.com`, handle: other, password: 'another fine passphrase' }),
    );
    const follow = await fetch(`${gateway.url}/api/channels/${other}/follow`, {
      method: 'POST',
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(follow.status).toBe(200);
    expect(await follow.json()).toEqual({ following: true, followerCount: 1 });

    // The events left the user service through its outbox and RabbitMQ.
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline && !received.some((e) => e.type === 'user.followed')) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(
      received.find((e) => e.type === 'user.registered' && (e.payload as { handle: string }).handle === handle),
    ).toBeDefined();
    expect(received.find((e) => e.type === 'user.followed')).toBeDefined();
  });

  it('relays chat sockets through the gateway to the chat service, whose events go out on RabbitMQ', async () => {
    const register = async () => {
      const handle = `ms_${randomUUID().slice(0, 8)}`;
      const res = await fetch(
        `${gateway.url}/api/auth/register`,
        json({ email: `${handle}@example.com`, handle, password: 'correct horse battery staple', session: 'token' }),
      );
      expect(res.status).toBe(201);
      return { handle, token: ((await res.json()) as { accessToken: string }).accessToken };
    };
    const owner = await register();
    const fan = await register();
    const deadline = Date.now() + 10_000;
    while ((await fetch(`${gateway.url}/api/chat/${owner.handle}`)).status !== 200) {
      if (Date.now() > deadline) throw new Error('the chat service never learned of the account');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const mine = await connectChat(gateway.url, owner.handle, { token: owner.token });
    const theirs = await connectChat(gateway.url, owner.handle, { token: fan.token });
    expect(await theirs.next('authenticated')).toMatchObject({ role: 'viewer', user: { handle: fan.handle } });
    await mine.next('ready');
    theirs.send({ type: 'send', text: 'through the gateway', nonce: 'gw' });
    expect(await mine.next('message', (m) => m.nonce === 'gw')).toMatchObject({ text: 'through the gateway' });
    const counted = Date.now() + 10_000;
    const ours = (e: DomainEvent) =>
      e.type === 'chat.messages' && (e.payload as { channelHandle: string }).channelHandle === owner.handle;
    while (!received.some(ours) && Date.now() < counted) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(received.find(ours)?.payload).toMatchObject({ count: 1, chatters: 1 });
    const unknown = await connectChat(gateway.url, 'nobody_at_all_here');
    expect((await unknown.closed).code).toBe(4004);
    await Promise.all([mine.close(), theirs.close()]);
  });

  it('limits sign-in attempts per address, answering 429 with Retry-After', async () => {
    let limited: Response | undefined;
    for (let i = 0; i < 12 && !limited; i++) {
      const res = await fetch(`${gateway.url}/api/auth/login`, json({ handle: 'nobody_here', password: 'x' }));
      if (res.status === 429) limited = res;
      else expect(res.status).toBe(401);
    }
    expect(limited?.status).toBe(429);
    expect(Number(limited?.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await limited!.json()) as { code: string }).code).toBe('rate_limited');
  });

  it('answers 503 with a problem when the user service is down, and stops gracefully', async () => {
    expect(await user.stop()).toBe(0);
    const res = await fetch(`${gateway.url}/api/channels/anyone`);
    expect([502, 503, 504], await res.clone().text()).toContain(res.status);
    expect(res.headers.get('content-type')).toMatch(/problem\+json/);
    expect((await fetch(`${gateway.url}/readyz`)).status).toBe(503);
    expect(await gateway.stop()).toBe(0);
  });
});
