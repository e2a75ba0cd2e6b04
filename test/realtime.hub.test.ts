import { setTimeout as sleep } from 'node:timers/promises';
import type { Topic, TopicMessage, VideoProcessing } from '@framecast/contracts';
import { type RealtimePublisher, realtimeChannel } from '@framecast/kit';
import { eventually, metricValue, startTestRuntime, type TestRuntime } from '@framecast/kit/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { catalog } from '../packages/cli/src/catalog.js';
import { resultFor, upload } from '../services/video/src/testing/video.fixtures.js';
import { type Account, register } from '../services/video/src/testing/video.harness.js';
import { connect, type Peer } from './realtime.peer.js';

// The hub at /api/realtime of the all-in-one platform (gateway, user and video modules), with small limits.
let platform: TestRuntime;
let publisher: RealtimePublisher;
let owner: Account;
let other: Account;
const peers: Peer[] = [];

beforeAll(async () => {
  platform = await startTestRuntime({
    catalog,
    targets: ['gateway', 'video'],
    env: {
      RATE_LIMIT_PER_MINUTE: '100000',
      RATE_LIMIT_USER_PER_MINUTE: '100000',
      REALTIME_MAX_TOPICS: '3',
      REALTIME_MAX_FRAME_BYTES: '2048',
      REALTIME_MESSAGES_PER_SECOND: '20',
      REALTIME_CONNECTIONS_PER_ADDRESS: '6',
      REALTIME_MAX_BUFFERED_BYTES: String(256 * 1024),
      REALTIME_HEARTBEAT_MS: '400',
      REALTIME_BUFFER_MESSAGES: '5',
    },
  });
  publisher = platform.rt.contexts.get('video')!.realtime;
  owner = await register(platform.rt);
  other = await register(platform.rt);
});
afterAll(async () => {
  await platform?.close();
});
afterEach(async () => {
  await Promise.all(peers.splice(0).map((peer) => peer.close()));
});

const token = (account: Account) => account.auth.authorization.slice('Bearer '.length);

async function open(account?: Account, options = {}): Promise<Peer> {
  const peer = await connect(platform.rt.url, options);
  peers.push(peer);
  if (account) {
    peer.send({ type: 'auth', token: token(account) });
    await peer.waitFor('authenticated');
  }
  return peer;
}

/** Subscribes and returns the hub's answer: `subscribed`, `reload` or an `error` about the topic. */
async function subscribe(peer: Peer, topic: string, since?: { epoch: string; seq: number }) {
  const from = peer.frames.length;
  const answer = (f: { topic?: string }) => f.topic === topic && peer.frames.indexOf(f as never) >= from;
  peer.send({ type: 'subscribe', topic, ...(since ? { since } : {}) });
  return Promise.race([
    peer.waitFor('subscribed', answer),
    peer.waitFor('reload', answer),
    peer.waitFor('error', answer),
  ]);
}

const state = (progress: number): VideoProcessing => ({
  status: 'processing',
  progress,
  stage: 'transcoding',
  renditions: [],
  failureReason: null,
});
const publish = <T extends Topic>(topic: T, data: TopicMessage<T>) => publisher.publish(topic, data);
const metric = (name: string, labels: Record<string, string> = {}) => metricValue(platform.rt, name, labels);

describe('authorisation', () => {
  it("sends a video's processing to its owner only, in order, after each committed change", async () => {
    const video = await upload(platform, owner);
    const topic = `video:${video.id}`;
    const mine = await open(owner);
    expect(await subscribe(mine, topic)).toMatchObject({ type: 'subscribed', topic, seq: 0 });
    const theirs = await open(other);
    const anonymous = await open();
    expect(await subscribe(theirs, topic)).toMatchObject({ type: 'error', code: 'topic_forbidden', topic });
    expect(await subscribe(anonymous, topic)).toMatchObject({ type: 'error', code: 'topic_forbidden', topic });
    expect(await subscribe(theirs, `user:${owner.userId}`)).toMatchObject({ code: 'topic_forbidden' });
    expect(await subscribe(mine, `user:${owner.userId}`)).toMatchObject({ type: 'subscribed' });

    for (const percent of [10, 20, 30]) {
      await platform.publish('transcode.progress', { videoId: video.id, stage: 'transcoding', percent });
    }
    await platform.publish('transcode.completed', resultFor(video.id));
    await eventually(async () => expect(mine.messages(topic)).toHaveLength(4));
    const received = mine.messages(topic);
    expect(received.map((m) => m.seq)).toEqual([1, 2, 3, 4]);
    expect(received.map((m) => m.data)).toEqual([
      state(10),
      state(20),
      state(30),
      { status: 'ready', progress: 100, stage: null, renditions: resultFor(video.id).renditions, failureReason: null },
    ]);
    await eventually(async () => expect(mine.messages(`user:${owner.userId}`)).toHaveLength(4));
    expect(mine.messages(`user:${owner.userId}`)[3]?.data).toMatchObject({ kind: 'video', videoId: video.id });
    expect(theirs.frames.filter((f) => f.type === 'message')).toEqual([]);
    expect(anonymous.frames.filter((f) => f.type === 'message')).toEqual([]);
  });

  it("answers a private video's topic exactly as a topic of no video, and the unknown as unknown", async () => {
    const hidden = await upload(platform, owner, { visibility: 'private' });
    await platform.publish('transcode.completed', resultFor(hidden.id));
    const nobody = '00000000-0000-4000-8000-000000000000';
    const peer = await open(other);
    const refused = await subscribe(peer, `video:${hidden.id}`);
    const missing = await subscribe(peer, `video:${nobody}`);
    expect({ ...refused, topic: '' }).toEqual({ ...missing, topic: '' });
    expect(await subscribe(peer, 'chat:room')).toMatchObject({ code: 'unknown_topic' });
    expect(await subscribe(peer, 'video:not-an-id')).toMatchObject({ code: 'unknown_topic' });
  });

  it('authorises again when the identity changes, and on sign-out', async () => {
    const video = await upload(platform, owner);
    const topic = `video:${video.id}` as const;
    const peer = await open(owner);
    await subscribe(peer, topic);
    peer.send({ type: 'auth', token: token(other) });
    await peer.waitFor('authenticated', (f) => f.userId === other.userId);
    expect(await peer.waitFor('error', (f) => f.topic === topic)).toMatchObject({ code: 'topic_forbidden' });
    peer.send({ type: 'auth', token: token(owner) });
    expect(await subscribe(peer, `user:${owner.userId}`)).toMatchObject({ type: 'subscribed' });
    peer.send({ type: 'auth', token: null });
    await peer.waitFor('authenticated', (f) => f.userId === null);
    await peer.waitFor('error', (f) => f.topic === `user:${owner.userId}`);
    peer.send({ type: 'auth', token: `${token(owner).slice(0, -4)}AAAA` });
    expect(await peer.waitFor('error', (f) => f.code === 'invalid_token')).toMatchObject({ type: 'error' });
    await publish(topic, state(50));
    await sleep(100);
    expect(peer.messages(topic)).toEqual([]);
  });

  it('takes the identity of a token sent on the upgrade request', async () => {
    const peer = await connect(platform.rt.url, { headers: owner.auth });
    peers.push(peer);
    expect(await peer.waitFor('authenticated')).toEqual({ type: 'authenticated', userId: owner.userId });
  });
});

describe('resume', () => {
  it('replays exactly the messages missed while away, in order, then goes on live', async () => {
    const topic = `user:${owner.userId}` as const;
    const first = await open(owner);
    const start = await subscribe(first, topic);
    if (start.type !== 'subscribed') throw new Error(`not subscribed: ${JSON.stringify(start)}`);
    await publish(topic, { kind: 'video', videoId: 'a', video: state(1) });
    await eventually(async () => expect(first.messages(topic)).toHaveLength(1));
    const last = first.messages(topic)[0]!.seq;
    await first.close();
    await publish(topic, { kind: 'video', videoId: 'b', video: state(2) });
    await publish(topic, { kind: 'video', videoId: 'c', video: state(3) });
    await sleep(100);

    const again = await open(owner);
    expect(await subscribe(again, topic, { epoch: start.epoch, seq: last })).toEqual({
      type: 'subscribed',
      topic,
      epoch: start.epoch,
      seq: last,
    });
    await publish(topic, { kind: 'video', videoId: 'd', video: state(4) });
    await eventually(async () => expect(again.messages(topic)).toHaveLength(3));
    await sleep(50);
    expect(again.messages(topic).map((m) => [m.seq, (m.data as { videoId: string }).videoId])).toEqual([
      [last + 1, 'b'],
      [last + 2, 'c'],
      [last + 3, 'd'],
    ]);
  });

  it('asks for a reload when the gap is older than the buffer, or the position is from another epoch', async () => {
    const topic = `user:${other.userId}` as const;
    const first = await open(other);
    const start = await subscribe(first, topic);
    if (start.type !== 'subscribed') throw new Error('not subscribed');
    await first.close();
    for (let i = 0; i < 8; i++) await publish(topic, { kind: 'video', videoId: `v${i}`, video: state(i) });
    await sleep(100);
    const again = await open(other);
    expect(await subscribe(again, topic, { epoch: start.epoch, seq: start.seq })).toEqual({
      type: 'reload',
      topic,
      epoch: start.epoch,
      seq: start.seq + 8,
    });
    const elsewhere = await open(other);
    expect(await subscribe(elsewhere, topic, { epoch: 'another-hub', seq: 3 })).toMatchObject({
      type: 'reload',
      seq: start.seq + 8,
    });
    await publish(topic, { kind: 'video', videoId: 'next', video: state(9) });
    await eventually(async () => expect(again.messages(topic).map((m) => m.seq)).toEqual([start.seq + 9]));
  });
});

describe('backpressure and limits', () => {
  it('drops a consumer that stops reading, while the others keep receiving everything', async () => {
    const topic = `user:${owner.userId}` as const;
    const slow = await open(owner);
    const fast = await open(owner);
    await subscribe(slow, topic);
    await subscribe(fast, topic);
    const dropped = () => metric('framecast_realtime_drops_total', { reason: 'slow_consumer' });
    const dropsBefore = await dropped();
    slow.socket.pause();
    // Large messages, paced so a reading socket keeps up: the paused one fills the kernel's buffers, then the hub's.
    const padding = 'x'.repeat(16 * 1024);
    let sent = 0;
    while (sent < 8_000 && (await dropped()) === dropsBefore) {
      for (let i = 0; i < 8; i++, sent++) {
        await publish(topic, { kind: 'video', videoId: `${sent}:${padding}`, video: state(1) });
      }
      await sleep(2);
    }
    expect(await dropped()).toBe(dropsBefore + 1);
    // Reading again, it gets what was already on its way, then the close frame that says why.
    slow.socket.resume();
    expect(await slow.closed).toEqual({ code: 4003, reason: 'slow_consumer' });
    expect(slow.messages(topic).length).toBeLessThan(sent);
    await eventually(async () => expect(fast.messages(topic)).toHaveLength(sent), 20_000);
    const seqs = fast.messages(topic).map((m) => m.seq);
    expect(seqs).toEqual(seqs.map((_, i) => seqs[0]! + i));
    fast.send({ type: 'ping' });
    await fast.waitFor('pong');
  });

  it('refuses more topics than a connection may hold', async () => {
    const videos = await Promise.all([1, 2, 3].map(() => upload(platform, owner)));
    const peer = await open(owner);
    for (const video of videos)
      expect(await subscribe(peer, `video:${video.id}`)).toMatchObject({ type: 'subscribed' });
    expect(await subscribe(peer, `user:${owner.userId}`)).toMatchObject({ code: 'too_many_topics' });
    peer.send({ type: 'unsubscribe', topic: `video:${videos[0]!.id}` });
    await peer.waitFor('unsubscribed');
    expect(await subscribe(peer, `user:${owner.userId}`)).toMatchObject({ type: 'subscribed' });
  });

  it('closes a socket that sends garbage, an oversize frame or too many frames, and only that socket', async () => {
    const bystander = await open();
    const before = await metric('framecast_realtime_drops_total', { reason: 'bad_frame' });
    const garbage = await open();
    garbage.send('{"type":"subscribe",');
    expect(await garbage.closed).toEqual({ code: 4000, reason: 'bad_frame: not JSON' });
    const unknown = await open();
    unknown.send({ type: 'shout', loud: true });
    expect(await unknown.closed).toEqual({ code: 4000, reason: 'bad_frame: unknown frame type' });
    expect(await metric('framecast_realtime_drops_total', { reason: 'bad_frame' })).toBe(before + 2);

    const large = await open();
    large.send({ type: 'auth', token: 'x'.repeat(3_000) });
    expect((await large.closed).code).toBe(1009);
    await eventually(async () =>
      expect(await metric('framecast_realtime_drops_total', { reason: 'frame_too_large' })).toBe(1),
    );

    const chatty = await open();
    for (let i = 0; i < 30; i++) chatty.send({ type: 'ping' });
    expect(await chatty.closed).toMatchObject({ code: 4001, reason: 'rate_limited: more than 20 frames a second' });

    bystander.send({ type: 'ping' });
    await bystander.waitFor('pong');
  });

  it('closes connections past the limit for one address', async () => {
    const six = await Promise.all(Array.from({ length: 6 }, () => open()));
    const seventh = new WebSocket(`${platform.rt.url.replace('http', 'ws')}/api/realtime`);
    const closed = await new Promise<[number, string]>((resolve) =>
      seventh.once('close', (code, reason) => resolve([code, reason.toString()])),
    );
    expect(closed).toEqual([4002, 'too_many_connections']);
    expect(await metric('framecast_realtime_drops_total', { reason: 'too_many_connections' })).toBe(1);
    await six[0]!.close();
    await eventually(async () => expect(await metric('framecast_realtime_connections')).toBe(5));
    const again = await open();
    again.send({ type: 'ping' });
    await again.waitFor('pong');
  });

  it('answers a plain HTTP request with 426 and a problem', async () => {
    const res = await platform.rt.app.inject({ method: 'GET', url: '/api/realtime' });
    expect(res.statusCode).toBe(426);
    expect(res.headers['content-type']).toMatch(/problem\+json/);
    expect(res.json()).toMatchObject({ code: 'upgrade_required' });
  });
});

describe('heartbeat and metrics', () => {
  it('closes a peer that stops answering pings, and keeps one that answers', async () => {
    const before = await metric('framecast_realtime_drops_total', { reason: 'heartbeat' });
    const dead = await open(undefined, { autoPong: false });
    const live = await open();
    const { code } = await dead.closed;
    expect(code).toBe(1006);
    expect(await metric('framecast_realtime_drops_total', { reason: 'heartbeat' })).toBe(before + 1);
    await sleep(500);
    live.send({ type: 'ping' });
    await live.waitFor('pong');
  });

  it('counts connections, subscriptions and deliveries', async () => {
    const topic = `user:${owner.userId}` as const;
    const connections = await metric('framecast_realtime_connections');
    const subscriptions = await metric('framecast_realtime_subscriptions');
    const delivered = await metric('framecast_realtime_deliveries_total', { kind: 'live' });
    const a = await open(owner);
    const b = await open(owner);
    await subscribe(a, topic);
    await subscribe(b, topic);
    expect(await metric('framecast_realtime_connections')).toBe(connections + 2);
    expect(await metric('framecast_realtime_subscriptions')).toBe(subscriptions + 2);
    await publish(topic, { kind: 'video', videoId: 'm', video: state(5) });
    await eventually(async () =>
      expect(await metric('framecast_realtime_deliveries_total', { kind: 'live' })).toBe(delivered + 2),
    );
    // Something else writing on the topic's channel is not passed on.
    const channel = realtimeChannel(platform.config.redisKeyPrefix, topic);
    await platform.rt.adapters.pubsub.publish(channel, '{"kind":"video"');
    await platform.rt.adapters.pubsub.publish(channel, '{"kind":"shout"}');
    await eventually(async () =>
      expect(await metric('framecast_realtime_drops_total', { reason: 'invalid_message' })).toBe(2),
    );
    expect(a.messages(topic)).toHaveLength(1);
    await a.close();
    await eventually(async () => expect(await metric('framecast_realtime_subscriptions')).toBe(subscriptions + 1));
    expect(await metric('framecast_realtime_connections')).toBe(connections + 1);
  });
});
