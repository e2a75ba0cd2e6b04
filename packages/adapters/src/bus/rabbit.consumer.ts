import type { Channel, ChannelModel, ConsumeMessage, Options } from 'amqplib';
import type { Logger } from 'pino';
import { deadLetterLine, decideFailure, errorMessage, headers, type QueueNames } from './delivery.policy.js';
import { createInflight } from './inflight.js';
import type { RabbitLink } from './rabbit.link.js';
import type { ConsumeOptions, Subscription } from './types.js';

export interface ConsumerSpec {
  link: RabbitLink;
  logger: Logger;
  /** `event` or `job`, for log lines. */
  what: string;
  names: QueueNames;
  policy: ConsumeOptions;
  drainTimeoutMs: number;
  /** Declares the queues (and bindings) before consuming; runs again after every reconnect. */
  declare(channel: Channel): Promise<void>;
  /** Decodes the message and runs the caller's handler; throws when it failed. */
  handle(message: ConsumeMessage, attempt: number): Promise<void>;
}

interface Attached {
  model: ChannelModel;
  channel: Channel;
  tag: string;
}

/**
 * Consumes `names.main` with manual ack and prefetch. A failed handler's message is republished to the delay
 * queue (per-message expiration, dead-lettered back to the main queue) with its attempt count in a header,
 * or to the dead queue after the last attempt; only then is the original acked. Comes back after reconnects.
 */
export async function startConsumer(spec: ConsumerSpec): Promise<Subscription> {
  const { link, logger, names, policy } = spec;
  const inflight = createInflight();
  let active = true;
  let attached: Attached | undefined;
  let attaching: { model: ChannelModel; done: Promise<void> } | undefined;
  let retryTimer: NodeJS.Timeout | undefined;
  let failures = 0;
  let closing: Promise<void> | undefined;

  function attach(model: ChannelModel): Promise<void> {
    if (!active || attached?.model === model) return Promise.resolve();
    if (attaching?.model === model) return attaching.done;
    const done = open(model).finally(() => {
      if (attaching?.done === done) attaching = undefined;
    });
    attaching = { model, done };
    return done;
  }

  async function open(model: ChannelModel): Promise<void> {
    const channel = await model.createChannel();
    channel.on('error', (error: Error) => logger.warn({ queue: names.main, err: error }, 'consumer channel error'));
    channel.on('close', () => {
      if (attached?.channel !== channel) return;
      attached = undefined;
      scheduleReattach();
    });
    try {
      await channel.prefetch(policy.prefetch);
      await spec.declare(channel);
      const { consumerTag } = await channel.consume(names.main, (message) => receive(channel, message), {
        noAck: false,
      });
      if (!active) {
        await channel.close();
        return;
      }
      attached = { model, channel, tag: consumerTag };
      failures = 0;
    } catch (error) {
      await channel.close().catch(() => {});
      throw error;
    }
  }

  // The channel closed while the connection stayed up (a channel error, the queue deleted): start again.
  // After a dropped connection the link calls `attach` itself once it is back.
  function scheduleReattach(): void {
    if (!active || retryTimer) return;
    const delay = Math.min(30_000, 500 * 2 ** failures);
    failures += 1;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      const model = link.current();
      if (active && !attached && model) attach(model).catch(attachFailed);
    }, delay);
    retryTimer.unref();
  }

  function attachFailed(error: unknown): void {
    logger.error({ queue: names.main, err: error }, `could not consume ${spec.what}s; trying again`);
    scheduleReattach();
  }

  function receive(channel: Channel, message: ConsumeMessage | null): void {
    if (message === null) {
      // The broker cancelled the consumer (its queue was deleted): the close handler starts again.
      void channel.close().catch(() => {});
      return;
    }
    if (!active) {
      settle(channel, () => channel.nack(message, false, true));
      return;
    }
    inflight.track(run(channel, message));
  }

  async function run(channel: Channel, message: ConsumeMessage): Promise<void> {
    const attempt = readAttempt(message);
    try {
      await spec.handle(message, attempt);
    } catch (error) {
      await fail(channel, message, attempt, error);
      return;
    }
    settle(channel, () => channel.ack(message));
  }

  async function fail(channel: Channel, message: ConsumeMessage, attempt: number, error: unknown): Promise<void> {
    // Handed back or the connection dropped: the broker delivers it again, nothing to reschedule.
    if (!owns(channel)) return;
    const decision = decideFailure(attempt, policy, error);
    const fields = { queue: names.main, id: message.properties.messageId, attempt, err: error };
    try {
      if (decision.kind === 'retry') {
        const options = forward(message, { [headers.attempt]: decision.nextAttempt });
        await link.publish('', names.delay, message.content, { ...options, expiration: String(decision.delayMs) });
        logger.warn({ ...fields, retryInMs: decision.delayMs }, `${spec.what} handler failed; will retry`);
      } else {
        const deadHeaders = {
          [headers.attempt]: attempt,
          [headers.error]: errorMessage(error),
          [headers.deadAt]: new Date().toISOString(),
        };
        await link.publish('', names.dead, message.content, forward(message, deadHeaders));
        logger.error(fields, deadLetterLine(spec.what, attempt, error));
      }
      settle(channel, () => channel.ack(message));
    } catch (publishError) {
      logger.warn({ ...fields, err: publishError }, `could not reschedule a failed ${spec.what}; handing it back`);
      settle(channel, () => channel.nack(message, false, true));
    }
  }

  function owns(channel: Channel): boolean {
    return attached?.channel === channel;
  }

  function settle(channel: Channel, act: () => void): void {
    if (!owns(channel)) return;
    try {
      act();
    } catch {
      // The channel closed meanwhile: the broker redelivers the message.
    }
  }

  async function close(): Promise<void> {
    active = false;
    unregister();
    clearTimeout(retryTimer);
    await attaching?.done.catch(() => {});
    const current = attached;
    if (current) await current.channel.cancel(current.tag).catch(() => {});
    const finished = await inflight.drain(spec.drainTimeoutMs);
    if (!finished) {
      logger.warn(
        { queue: names.main, unfinished: inflight.size },
        `unfinished ${spec.what} handlers did not end within ${spec.drainTimeoutMs} ms; handed back`,
      );
    }
    // Closing the channel returns every unacked message to the queue.
    attached = undefined;
    if (current) await current.channel.close().catch(() => {});
  }

  const unregister = link.onReconnect((model) => {
    attach(model).catch(attachFailed);
  });
  try {
    await attach(await link.connection());
  } catch (error) {
    active = false;
    unregister();
    throw new Error(`Could not consume from RabbitMQ queue "${names.main}": ${errorMessage(error)}`, { cause: error });
  }
  return {
    close() {
      closing ??= close();
      return closing;
    },
  };
}

/**
 * Declares the main queue, its delay queue (expired messages go back to the main one) and its dead queue.
 * RabbitMQ expires messages only from the head of a queue, so a retry can wait behind a longer one queued
 * before it: a later retry, never a lost one.
 */
export async function declareQueues(channel: Channel, names: QueueNames): Promise<void> {
  await channel.assertQueue(names.main, { durable: true });
  await channel.assertQueue(names.delay, { durable: true, deadLetterExchange: '', deadLetterRoutingKey: names.main });
  await channel.assertQueue(names.dead, { durable: true });
}

function readAttempt(message: ConsumeMessage): number {
  const attempt = Number(message.properties.headers?.[headers.attempt]);
  return Number.isInteger(attempt) && attempt >= 1 ? attempt : 1;
}

// The broker's own dead-lettering headers grow on every round trip through the delay queue; they are not ours.
const brokerHeader = /^x-(death|first-death-|last-death-)/;

function forward(message: ConsumeMessage, extra: Record<string, unknown>): Options.Publish {
  const { properties } = message;
  const kept = Object.entries(properties.headers ?? {}).filter(([name]) => !brokerHeader.test(name));
  return {
    persistent: true,
    messageId: properties.messageId,
    contentType: properties.contentType,
    type: properties.type,
    timestamp: properties.timestamp,
    headers: { ...Object.fromEntries(kept), ...extra },
  };
}
