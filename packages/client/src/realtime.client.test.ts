import { randomBytes } from 'node:crypto';
import type { Topic, TopicMessage, UserNotice } from '@framecast/contracts';
import { eventually, metricValue, startTestRuntime, type TestRuntime } from '@framecast/kit/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { catalog } from '../../cli/src/catalog.js';
import { createClient, type FramecastClient } from './client.js';

// The client's real-time API against the real platform (gateway, user and video modules) on 127.0.0.1.
let platform: TestRuntime;
const clients: FramecastClient[] = [];
/** Every socket the clients opened, so a test can cut one as a network failure would. */
const opened: WebSocket[] = [];
class TrackedWebSocket extends WebSocket {
  constructor(url: string) {
    super(url);
    opened.push(this);
  }
}

beforeAll(async () => {
  platform = await startTestRuntime({
    catalog,
    targets: ['gateway', 'video'],
    env: { REALTIME_BUFFER_MESSAGES: '5', AUTH_RATE_LIMIT_PER_MINUTE: '1000' },
  });
});
afterAll(async () => {
  await platform?.close();
});
afterEach(() => {
  for (const client of clients.splice(0)) client.dispose();
  opened.length = 0;
});

async function signedIn(): Promise<{ client: FramecastClient; userId: string; handle: string }> {
  const client = createClient({ baseUrl: platform.rt.url, WebSocket: TrackedWebSocket });
  clients.push(client);
  const handle = `rt_${randomBytes(5).toString('hex')}`;
  const user = await client.auth.register({ email: `${handle}@example.com`, handle, password: 'plum orchard at dusk' });
  return { client, userId: user.id, handle };
}

const publish = <T extends Topic>(topic: T, data: TopicMessage<T>) =>
  platform.rt.contexts.get('video')!.realtime.publish(topic, data);
const notice = (videoId: string): UserNotice => ({
  kind: 'video',
  videoId,
  video: { status: 'processing', progress: 1, stage: 'probing', renditions: [], failureReason: null },
});
const metric = (name: string) => metricValue(platform.rt, name);

/** Records what a subscription hears. */
function listener<T extends Topic>() {
  const seen = { messages: [] as TopicMessage<T>[], reloads: 0, errors: [] as string[] };
  return {
    seen,
    handlers: {
      onMessage: (data: TopicMessage<T>) => seen.messages.push(data),
      onReload: () => seen.reloads++,
      onError: (error: { code: string }) => seen.errors.push(error.code),
    },
  };
}
const ids = (messages: UserNotice[]) =>
  messages.map((m) =>
    m.kind === 'video'
      ? m.videoId
      : m.kind === 'stream'
        ? m.sessionId
        : m.kind === 'notification'
          ? m.notification.id
          : m.kind,
  );

describe('client.realtime', () => {
  it('shares one socket and one subscription between subscribers of a topic, until the last leaves', async () => {
    const { client, userId } = await signedIn();
    const topic = `user:${userId}` as const;
    const first = listener<typeof topic>();
    const second = listener<typeof topic>();
    const stopFirst = client.realtime.subscribe(topic, first.handlers);
    const stopSecond = client.realtime.subscribe(topic, second.handlers);
    await eventually(async () => expect(await metric('framecast_realtime_subscriptions')).toBe(1));
    expect(opened).toHaveLength(1);
    await publish(topic, notice('a'));
    await eventually(async () => expect(ids(second.seen.messages)).toEqual(['a']));
    expect(ids(first.seen.messages)).toEqual(['a']);
    stopFirst();
    await publish(topic, notice('b'));
    await eventually(async () => expect(ids(second.seen.messages)).toEqual(['a', 'b']));
    expect(ids(first.seen.messages)).toEqual(['a']);
    stopSecond();
    await eventually(async () => expect(await metric('framecast_realtime_subscriptions')).toBe(0));
  });

  it('tells the hub of each new token: signing in as another account ends the topic', async () => {
    const { client, userId } = await signedIn();
    const other = await signedIn();
    const topic = `user:${userId}` as const;
    const heard = listener<typeof topic>();
    client.realtime.subscribe(topic, heard.handlers);
    await eventually(async () => expect(await metric('framecast_realtime_subscriptions')).toBe(1));
    await client.auth.login({ handle: other.handle, password: 'plum orchard at dusk' });
    await eventually(async () => expect(heard.seen.errors).toEqual(['topic_forbidden']));
    await publish(topic, notice('after'));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(heard.seen.messages).toEqual([]);
  });

  it('tells the hub of signing out, which ends the topic', async () => {
    const { client, userId } = await signedIn();
    const topic = `user:${userId}` as const;
    const heard = listener<typeof topic>();
    client.realtime.subscribe(topic, heard.handlers);
    await eventually(async () => expect(await metric('framecast_realtime_subscriptions')).toBe(1));
    await client.auth.logout();
    await eventually(async () => expect(heard.seen.errors).toEqual(['topic_forbidden']));
    expect(await metric('framecast_realtime_subscriptions')).toBe(0);
  });

  it('reconnects after a drop and replays exactly the messages missed', async () => {
    const { client, userId } = await signedIn();
    const topic = `user:${userId}` as const;
    const heard = listener<typeof topic>();
    client.realtime.subscribe(topic, heard.handlers);
    await eventually(async () => expect(await metric('framecast_realtime_subscriptions')).toBe(1));
    await publish(topic, notice('1'));
    await eventually(async () => expect(ids(heard.seen.messages)).toEqual(['1']));
    opened[0]!.terminate();
    await publish(topic, notice('2'));
    await publish(topic, notice('3'));
    await eventually(async () => expect(opened).toHaveLength(2));
    await eventually(async () => expect(ids(heard.seen.messages)).toEqual(['1', '2', '3']));
    await publish(topic, notice('4'));
    await eventually(async () => expect(ids(heard.seen.messages)).toEqual(['1', '2', '3', '4']));
    expect(heard.seen.reloads).toBe(0);
  });

  it('asks the page to reload when more was missed than the hub keeps', async () => {
    const { client, userId } = await signedIn();
    const topic = `user:${userId}` as const;
    const heard = listener<typeof topic>();
    client.realtime.subscribe(topic, heard.handlers);
    await eventually(async () => expect(await metric('framecast_realtime_subscriptions')).toBe(1));
    opened[0]!.terminate();
    for (let i = 0; i < 8; i++) await publish(topic, notice(`missed${i}`));
    await eventually(async () => expect(heard.seen.reloads).toBe(1));
    await publish(topic, notice('live'));
    await eventually(async () => expect(ids(heard.seen.messages)).toEqual(['live']));
  });
});
