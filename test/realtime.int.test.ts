import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connectRabbit } from '@framecast/adapters';
import { requireServer, testUrls } from '@framecast/adapters/testing';
import type { EventPayloads, EventType, Video } from '@framecast/contracts';
import { Redis } from 'ioredis';
import pg from 'pg';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FramecastProcess, signUp, startFramecast } from './processes.js';
import { connect, type Peer } from './realtime.peer.js';

// Microservices mode on the real PostgreSQL, Redis and RabbitMQ: the user and video modules and two gateways, each a
// process. The video module publishes; the sockets live on the gateways' hubs; Redis pub/sub carries the messages.
const database = `framecast_rt_${randomUUID().slice(0, 8)}`;
const admin = new pg.Client({ connectionString: testUrls.postgres });
let dataDir: string;
let user: FramecastProcess;
let video: FramecastProcess;
let gateways: FramecastProcess[] = [];
let rabbit: Awaited<ReturnType<typeof connectRabbit>>;
const peers: Peer[] = [];

beforeAll(async () => {
  await Promise.all([requireServer('postgres'), requireServer('redis'), requireServer('rabbitmq')]);
  await admin.connect();
  await admin.query(`create database ${database}`);
  dataDir = await mkdtemp(join(tmpdir(), 'framecast-rt-'));
  const env = {
    DATABASE_URL: testUrls.postgres.replace(/\/[^/]*$/, `/${database}`),
    REDIS_URL: testUrls.redis,
    AMQP_URL: testUrls.rabbitmq,
    DATA_DIR: dataDir,
    // Channels and keys of this run only, whatever else uses this Redis.
    REDIS_KEY_PREFIX: `${database}:`,
  };
  rabbit = await connectRabbit({ url: testUrls.rabbitmq, logger: pino({ level: 'silent' }) });
  user = await startFramecast('user', env);
  // The video module checks access tokens against the user module's keys.
  video = await startFramecast('video', { ...env, USER_SERVICE_URL: user.url });
  const remotes = { USER_SERVICE_URL: user.url, VIDEO_SERVICE_URL: video.url };
  gateways = await Promise.all([
    startFramecast('gateway', { ...env, ...remotes }),
    startFramecast('gateway', { ...env, ...remotes }),
  ]);
}, 180_000);

afterAll(async () => {
  await Promise.all(peers.map((peer) => peer.close()));
  await Promise.all(gateways.map((gateway) => gateway.stop()));
  await video?.stop();
  await user?.stop();
  await rabbit?.close();
  await admin.query(`drop database if exists ${database} with (force)`).catch(() => undefined);
  await admin.end();
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

async function uploadVideo(base: string, token: string): Promise<Video> {
  const form = new FormData();
  form.set('title', 'Pushed');
  form.set('visibility', 'public');
  form.set('file', new Blob([Buffer.alloc(100, 7)], { type: 'video/mp4' }), 'clip.mp4');
  const res = await fetch(`${base}/api/videos`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}` },
    body: form,
  });
  expect(res.status, await res.clone().text()).toBe(201);
  return (await res.json()) as Video;
}

async function open(base: string, token?: string): Promise<Peer> {
  const peer = await connect(base);
  peers.push(peer);
  if (token) {
    peer.send({ type: 'auth', token });
    await peer.waitFor('authenticated');
  }
  return peer;
}

async function subscribe(peer: Peer, topic: string, since?: { epoch: string; seq: number }) {
  peer.send({ type: 'subscribe', topic, ...(since ? { since } : {}) });
  const about = (f: { topic?: string }) => f.topic === topic;
  return Promise.race([peer.waitFor('subscribed', about), peer.waitFor('reload', about), peer.waitFor('error', about)]);
}

/** An event on RabbitMQ, as the transcoder process would publish it. */
function transcoderSays<T extends EventType>(type: T, payload: EventPayloads[T]) {
  return rabbit.events.publish({ id: randomUUID(), type, occurredAt: new Date().toISOString(), payload });
}

describe('real-time push in microservices mode', () => {
  it('authorises through the gateway proxy and fans the video module’s messages out to both gateways', async () => {
    const [a, b] = gateways as [FramecastProcess, FramecastProcess];
    const owner = await signUp(a.url);
    const stranger = await signUp(b.url);
    const clip = await uploadVideo(a.url, owner.token);
    const topic = `video:${clip.id}`;

    const onA = await open(a.url, owner.token);
    const onB = await open(b.url, owner.token);
    const subscribedA = await subscribe(onA, topic);
    expect(subscribedA).toMatchObject({ type: 'subscribed', topic });
    expect(await subscribe(onB, topic)).toMatchObject({ type: 'subscribed', topic });
    expect(await subscribe(await open(b.url, stranger.token), topic)).toMatchObject({ code: 'topic_forbidden' });
    expect(await subscribe(await open(a.url), topic)).toMatchObject({ code: 'topic_forbidden' });

    // One at a time: the video module may finish events of one delivery batch out of order, and progress never goes
    // back (a 40 handled after the 60 changes nothing), which is not what is tested here.
    for (const percent of [20, 40, 60]) {
      await transcoderSays('transcode.progress', { videoId: clip.id, stage: 'transcoding', percent });
      for (const peer of [onA, onB]) {
        await peer.waitFor('message', (f) => (f.data as { progress: number }).progress === percent, 20_000);
      }
    }
    for (const peer of [onA, onB]) {
      expect(peer.messages(topic).map((m) => (m.data as { progress: number }).progress)).toEqual([20, 40, 60]);
      expect(peer.messages(topic).map((m) => m.seq)).toEqual([1, 2, 3]);
    }

    // A position from one gateway means nothing to another: the page is told to reload.
    if (subscribedA.type !== 'subscribed') throw new Error('not subscribed');
    const moved = await open(b.url, owner.token);
    expect(await subscribe(moved, topic, { epoch: subscribedA.epoch, seq: 3 })).toMatchObject({ type: 'reload' });

    const metrics = await (await fetch(`${a.url}/metrics`)).text();
    expect(metrics).toMatch(/framecast_realtime_connections\{[^}]*\} [1-9]/);
    expect(metrics).toMatch(/framecast_realtime_deliveries_total\{kind="live"[^}]*\} [1-9]/);

    // Redis drops every connection of this deployment: what was published meanwhile is lost, so the pages reload.
    const redis = new Redis(testUrls.redis);
    const clients = ((await redis.client('LIST')) as string)
      .split('\n')
      .filter((l) => l.includes(` name=${database}:pubsub `));
    expect(clients.length).toBeGreaterThanOrEqual(4);
    for (const line of clients) await redis.client('KILL', 'ID', /id=(\d+)/.exec(line)![1]!);
    await redis.quit();
    for (const peer of [onA, onB]) await peer.waitFor('reload', (f) => f.topic === topic, 20_000);
    await transcoderSays('transcode.progress', { videoId: clip.id, stage: 'transcoding', percent: 80 });
    for (const peer of [onA, onB]) {
      const after = await peer.waitFor('message', (f) => (f.data as { progress: number }).progress === 80, 20_000);
      const reload = await peer.waitFor('reload', (f) => f.topic === topic);
      expect(after.seq).toBe(reload.seq + 1);
    }
  });
});
