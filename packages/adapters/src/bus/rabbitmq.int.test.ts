import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { type ChannelModel, connect, type GetMessage } from 'amqplib';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { memoryLogger } from '../outbox/outbox.contract.js';
import { requireServer, testUrls } from '../testing/index.js';
import { domainEvent, eventBusContract } from './bus.contract.js';
import { queueNames } from './delivery.policy.js';
import { startFaultProxy } from './fault.proxy.js';
import { jobQueueContract } from './jobs.contract.js';
import { connectRabbit, type RabbitBus, type RabbitOptions } from './rabbit.js';
import { topicCases } from './topic.cases.js';
import type { EventBus, Job, JobQueue } from './types.js';

const url = testUrls.rabbitmq;
const fastReconnect = { initialDelayMs: 20, maxDelayMs: 200 };
let admin: ChannelModel;

beforeAll(async () => {
  await requireServer('rabbitmq');
  admin = await connect(url);
});
afterAll(async () => {
  await admin?.close();
});

/** A prefix and exchange no other run uses, and the removal of every queue made under them. */
function scratch() {
  const run = `fctest.${randomUUID().slice(0, 8)}`;
  const exchange = `${run}.events`;
  const queues = new Set<string>();
  return {
    prefix: run,
    exchange,
    group: (name: string) => queues.add(name) && name,
    track(kind: 'events' | 'jobs', name: string) {
      const names = queueNames(run, kind, name);
      for (const queue of Object.values(names)) queues.add(queue);
      return names;
    },
    async remove() {
      const channel = await admin.createChannel();
      for (const queue of queues) await channel.deleteQueue(queue);
      await channel.deleteExchange(exchange);
      await channel.close();
    },
  };
}

/** `channel.get` answers false for an empty queue. */
function filled(message: GetMessage | false): GetMessage {
  if (!message) throw new Error('The queue was empty.');
  return message;
}

async function open(space: ReturnType<typeof scratch>, extra: Partial<RabbitOptions> = {}): Promise<RabbitBus> {
  return connectRabbit({
    url,
    logger: memoryLogger().logger,
    exchange: space.exchange,
    prefix: space.prefix,
    reconnect: fastReconnect,
    ...extra,
  });
}

eventBusContract('RabbitMQ', async (settings) => {
  const space = scratch();
  const rabbit = await open(space, settings);
  const bus: EventBus = {
    ...rabbit.events,
    subscribe: (group, patterns, handler) => {
      space.track('events', group);
      return rabbit.events.subscribe(group, patterns, handler);
    },
  };
  return {
    bus,
    async dispose() {
      await rabbit.close();
      await space.remove();
    },
  };
});

jobQueueContract('RabbitMQ', async (settings) => {
  const space = scratch();
  const rabbit = await open(space, settings);
  const tracked = <T extends unknown[], R>(work: (queue: string, ...rest: T) => R) => {
    return (queue: string, ...rest: T): R => {
      space.track('jobs', queue);
      return work(queue, ...rest);
    };
  };
  const jobs: JobQueue = {
    ...rabbit.jobs,
    enqueue: tracked(rabbit.jobs.enqueue),
    consume: tracked(rabbit.jobs.consume),
    stats: tracked(rabbit.jobs.stats),
    deadLetters: tracked(rabbit.jobs.deadLetters),
  };
  return {
    jobs,
    async dispose() {
      await rabbit.close();
      await space.remove();
    },
  };
});

describe('RabbitMQ bus on the wire', () => {
  let space: ReturnType<typeof scratch>;
  let rabbit: RabbitBus | undefined;

  afterEach(async () => {
    await rabbit?.close();
    rabbit = undefined;
    await space.remove();
  });

  it('routes like topicMatches for every pattern case', async () => {
    space = scratch();
    const channel = await admin.createConfirmChannel();
    await channel.assertExchange(space.exchange, 'topic', { durable: false });
    const routed: boolean[] = [];
    for (const [pattern, key] of topicCases) {
      const { queue } = await channel.assertQueue('', { exclusive: true });
      await channel.bindQueue(queue, space.exchange, pattern);
      channel.publish(space.exchange, key, Buffer.from('x'));
      await channel.waitForConfirms();
      routed.push((await channel.checkQueue(queue)).messageCount === 1);
      await channel.deleteQueue(queue);
    }
    await channel.close();
    expect(routed).toEqual(topicCases.map(([, , matches]) => matches));
  });

  it('publishes events persistent, as JSON, with the event id as message id', async () => {
    space = scratch();
    rabbit = await open(space);
    const channel = await admin.createChannel();
    const { queue } = await channel.assertQueue('', { exclusive: true });
    await channel.bindQueue(queue, space.exchange, '#');
    const sent = domainEvent('video.published', { videoId: 'v1' });
    await rabbit.events.publish(sent);
    const message = filled(await channel.get(queue, { noAck: true }));
    await channel.close();
    expect(message.fields.routingKey).toBe('video.published');
    expect(message.properties).toMatchObject({ deliveryMode: 2, messageId: sent.id, contentType: 'application/json' });
    expect(JSON.parse(message.content.toString())).toEqual(sent);
  });

  it('enqueues jobs persistent on <prefix>.jobs.<queue>, attempt 1 in a header', async () => {
    space = scratch();
    rabbit = await open(space);
    const names = space.track('jobs', 'thumbnails');
    const id = await rabbit.jobs.enqueue('thumbnails', { videoId: 'v2' });
    const channel = await admin.createChannel();
    const message = filled(await channel.get(names.main, { noAck: true }));
    await channel.close();
    expect(message.properties).toMatchObject({ deliveryMode: 2, messageId: id, headers: { 'x-attempt': 1 } });
    expect(JSON.parse(message.content.toString())).toEqual({ videoId: 'v2' });
  });

  it('moves an event that keeps failing to <prefix>.events.<group>.dead, with the error', async () => {
    space = scratch();
    rabbit = await open(space, { events: { maxAttempts: 2, backoffMs: () => 5 } });
    const names = space.track('events', 'mailer');
    await rabbit.events.subscribe('mailer', ['user.*'], async () => {
      throw new Error('SMTP refused');
    });
    const sent = domainEvent('user.registered');
    await rabbit.events.publish(sent);
    const channel = await admin.createChannel();
    await vi.waitFor(async () => expect((await channel.checkQueue(names.dead)).messageCount).toBe(1));
    const message = filled(await channel.get(names.dead, { noAck: true }));
    await channel.close();
    expect(message.properties).toMatchObject({
      messageId: sent.id,
      headers: { 'x-attempt': 2, 'x-error': 'SMTP refused' },
    });
  });

  it('delivers again a job whose consumer died before acknowledging it', async () => {
    space = scratch();
    rabbit = await open(space);
    const names = space.track('jobs', 'transcode');
    const id = await rabbit.jobs.enqueue('transcode', { videoId: 'v3' });

    const dying = await connect(url);
    const channel = await dying.createChannel();
    const taken = filled(await channel.get(names.main, { noAck: false }));
    expect(taken.properties.messageId).toBe(id);

    const completed: Job[] = [];
    await rabbit.jobs.consume('transcode', async (job) => void completed.push(job), {
      prefetch: 1,
      maxAttempts: 3,
      backoffMs: () => 5,
    });
    await sleep(100);
    expect(completed).toEqual([]);
    await dying.close();
    await vi.waitFor(() =>
      expect(completed).toEqual([{ id, queue: 'transcode', data: { videoId: 'v3' }, attempt: 1 }]),
    );
  });

  it('fails to connect with a clear message that hides the password', async () => {
    space = scratch();
    const proxy = await startFaultProxy({ host: '127.0.0.1', port: 5672 });
    proxy.refuse(true);
    const failing = connectRabbit({
      url: `amqp://guest:secret-pw@127.0.0.1:${proxy.port}`,
      logger: memoryLogger().logger,
      exchange: space.exchange,
      reconnect: { initialDelayMs: 10, startupRetries: 1 },
    });
    await expect(failing).rejects.toThrow(/Could not connect to RabbitMQ at amqp:\/\/guest:\*\*\*@127\.0\.0\.1/);
    await expect(failing).rejects.not.toThrow(/secret-pw/);
    await proxy.close();
  });
});

describe('RabbitMQ bus across a dropped connection', () => {
  let space: ReturnType<typeof scratch>;
  let proxy: Awaited<ReturnType<typeof startFaultProxy>>;
  let rabbit: RabbitBus;
  const port = Number(new URL(url).port || 5672);
  const proxied = () => {
    const address = new URL(url);
    address.hostname = '127.0.0.1';
    address.port = String(proxy.port);
    return address.toString();
  };

  afterEach(async () => {
    await rabbit?.close();
    await proxy?.close();
    await space.remove();
  });

  it('fails readiness while down, holds publishes until it is back, and consumes again', async () => {
    space = scratch();
    proxy = await startFaultProxy({ host: new URL(url).hostname, port });
    rabbit = await connectRabbit({
      url: proxied(),
      logger: memoryLogger().logger,
      exchange: space.exchange,
      prefix: space.prefix,
      publishTimeoutMs: 3_000,
      reconnect: fastReconnect,
    });
    space.track('events', 'feed');
    space.track('jobs', 'encode');
    const events: string[] = [];
    const jobs: string[] = [];
    await rabbit.events.subscribe('feed', ['stream.*'], async (event) => void events.push(event.id));
    await rabbit.jobs.consume('encode', async (job) => void jobs.push(job.id), {
      prefetch: 2,
      maxAttempts: 3,
      backoffMs: () => 5,
    });
    const before = domainEvent('stream.started');
    await rabbit.events.publish(before);
    await vi.waitFor(() => expect(events).toEqual([before.id]));

    proxy.refuse(true);
    proxy.cut();
    await vi.waitFor(() => expect(rabbit.events.ping()).rejects.toThrow(/not connected/));
    await expect(rabbit.jobs.ping()).rejects.toThrow(/not connected/);

    const during = domainEvent('stream.ended');
    const publishing = rabbit.events.publish(during);
    const enqueuing = rabbit.jobs.enqueue('encode', { part: 1 });
    await sleep(300);
    proxy.refuse(false);

    await publishing;
    const jobId = await enqueuing;
    await rabbit.events.ping();
    await vi.waitFor(() => expect(events).toEqual([before.id, during.id]));
    await vi.waitFor(() => expect(jobs).toEqual([jobId]));
  });

  it('fails a publish with a clear error when the broker stays away too long', async () => {
    space = scratch();
    proxy = await startFaultProxy({ host: new URL(url).hostname, port });
    rabbit = await connectRabbit({
      url: proxied(),
      logger: memoryLogger().logger,
      exchange: space.exchange,
      prefix: space.prefix,
      publishTimeoutMs: 300,
      reconnect: fastReconnect,
    });
    proxy.refuse(true);
    proxy.cut();
    await vi.waitFor(() => expect(rabbit.events.ping()).rejects.toThrow());
    const began = Date.now();
    await expect(rabbit.events.publish(domainEvent('user.registered'))).rejects.toThrow(
      /RabbitMQ at amqp:\/\/guest:\*\*\*@127\.0\.0\.1:\d+ is unreachable: no connection within 300 ms/,
    );
    expect(Date.now() - began).toBeLessThan(1_000);
  });

  it('delivers again a job that was in flight when the connection dropped', async () => {
    space = scratch();
    proxy = await startFaultProxy({ host: new URL(url).hostname, port });
    rabbit = await connectRabbit({
      url: proxied(),
      logger: memoryLogger().logger,
      exchange: space.exchange,
      prefix: space.prefix,
      reconnect: fastReconnect,
    });
    space.track('jobs', 'publish');
    const seen: Job[] = [];
    let release!: () => void;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    await rabbit.jobs.consume(
      'publish',
      async (job) => {
        seen.push(job);
        if (seen.length === 1) await held;
      },
      { prefetch: 1, maxAttempts: 3, backoffMs: () => 5 },
    );
    const id = await rabbit.jobs.enqueue('publish', { videoId: 'v4' });
    await vi.waitFor(() => expect(seen).toHaveLength(1));
    proxy.cut();
    release();
    await vi.waitFor(() => expect(seen).toHaveLength(2));
    expect(seen[1]).toEqual({ id, queue: 'publish', data: { videoId: 'v4' }, attempt: 1 });
    await vi.waitFor(async () => expect(await rabbit.jobs.stats('publish')).toEqual({ waiting: 0, dead: 0 }));
  });
});
