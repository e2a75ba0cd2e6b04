import { setTimeout as sleep } from 'node:timers/promises';
import { type Channel, type ChannelModel, type ConfirmChannel, connect, type Options } from 'amqplib';
import type { Logger } from 'pino';
import { redact, withTimeout } from './connection.util.js';
import { errorMessage } from './delivery.policy.js';

/** How the link reconnects; amqplib's recovery does the backoff. */
export interface ReconnectOptions {
  /** First delay after a drop. Default 100 ms. */
  initialDelayMs?: number;
  /** Longest delay between attempts. Default 10 s. */
  maxDelayMs?: number;
  /** Attempts before `connectRabbit` gives up at start-up (once connected, it never gives up). Default 5. */
  startupRetries?: number;
}

export interface LinkOptions {
  url: string;
  logger: Logger;
  exchange: string;
  /** How long a publish waits for the connection to come back before it fails. */
  publishTimeoutMs: number;
  reconnect?: ReconnectOptions;
}

/** One connection to RabbitMQ that comes back after a drop, with a confirm channel for publishing. */
export interface RabbitLink {
  /** Resolves once the broker confirmed the message; while down, waits up to `publishTimeoutMs`. */
  publish(exchange: string, routingKey: string, content: Buffer, options: Options.Publish): Promise<void>;
  /** The live connection; while down, waits up to `publishTimeoutMs`. */
  connection(): Promise<ChannelModel>;
  /** The live connection, or undefined while down. */
  current(): ChannelModel | undefined;
  /** Runs `work` on a short-lived channel of the live connection (declarations, counts, reads). */
  withChannel<T>(work: (channel: Channel) => Promise<T>): Promise<T>;
  /** Calls `attach` after every reconnect until the returned function is called (consumers come back this way). */
  onReconnect(attach: (connection: ChannelModel) => void): () => void;
  ping(): Promise<void>;
  close(): Promise<void>;
}

interface Session {
  model: ChannelModel;
  publisher?: Promise<ConfirmChannel>;
}

interface Waiter {
  resolve(session: Session): void;
  reject(error: Error): void;
}

export async function openRabbitLink(opts: LinkOptions): Promise<RabbitLink> {
  const { logger, exchange } = opts;
  const where = redact(opts.url);
  const attachments = new Set<(connection: ChannelModel) => void>();
  const waiters = new Set<Waiter>();
  let current: Session | undefined;
  let closed = false;

  const recovering = await connect(opts.url, {
    recovery: {
      initialDelay: opts.reconnect?.initialDelayMs ?? 100,
      maxDelay: opts.reconnect?.maxDelayMs ?? 10_000,
      initialMaxRetries: opts.reconnect?.startupRetries ?? 5,
      maxRetries: Number.POSITIVE_INFINITY,
      // Listeners go on before the first attempt, so the first 'connect' is seen like every later one.
      waitForConnect: false,
      // Runs on every (re)connection before it is handed out: the exchange must exist before anyone publishes.
      setup: async (model: ChannelModel) => {
        const channel = await model.createChannel();
        await channel.assertExchange(exchange, 'topic', { durable: true });
        await channel.close();
      },
    },
  });

  function activate(model: ChannelModel): void {
    current = { model };
    for (const waiter of waiters) waiter.resolve(current);
    waiters.clear();
    for (const attach of attachments) attach(model);
  }

  recovering.on('connect', (model: ChannelModel) => {
    logger.info({ broker: where }, 'connected to RabbitMQ');
    activate(model);
  });
  recovering.on('disconnect', (error: Error) => {
    current = undefined;
    if (!closed) logger.warn({ broker: where, err: error }, 'RabbitMQ connection lost; reconnecting');
  });
  recovering.on('reconnect-scheduled', ({ attempt, delay }: { attempt: number; delay: number }) => {
    logger.debug({ broker: where, attempt, delay }, 'RabbitMQ reconnection scheduled');
  });
  // A connection error also ends the connection: 'disconnect' reports it, this only adds detail.
  recovering.on('error', (error: Error) => logger.debug({ broker: where, err: error }, 'RabbitMQ connection error'));
  recovering.on('handler-error', (error: Error) => logger.error({ err: error }, 'RabbitMQ event listener failed'));

  await recovering.waitForConnect().catch((error: unknown) => {
    throw new Error(`Could not connect to RabbitMQ at ${where}: ${errorMessage(error)}`, { cause: error });
  });

  function session(waitMs = opts.publishTimeoutMs): Promise<Session> {
    if (closed) return Promise.reject(new Error('The RabbitMQ connection is closed.'));
    if (current) return Promise.resolve(current);
    return new Promise<Session>((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters.delete(waiter);
        reject(new Error(`RabbitMQ at ${where} is unreachable: no connection within ${opts.publishTimeoutMs} ms.`));
      }, waitMs);
      const waiter: Waiter = {
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      waiters.add(waiter);
    });
  }

  // One confirm channel per connection, made again if the broker closed it (a channel error) while connected.
  // Declaring the exchange on it also brings the exchange back if someone deleted it.
  function publisher(live: Session): Promise<ConfirmChannel> {
    if (!live.publisher) {
      const opening = live.model.createConfirmChannel().then(async (channel) => {
        channel.on('error', (error: Error) => logger.warn({ err: error }, 'RabbitMQ publishing channel error'));
        channel.on('close', () => {
          if (live.publisher === opening) live.publisher = undefined;
        });
        await channel.assertExchange(exchange, 'topic', { durable: true });
        return channel;
      });
      opening.catch(() => {
        if (live.publisher === opening) live.publisher = undefined;
      });
      live.publisher = opening;
    }
    return live.publisher;
  }

  async function publishOnce(
    channel: ConfirmChannel,
    exchangeName: string,
    routingKey: string,
    content: Buffer,
    options: Options.Publish,
  ): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      channel.publish(exchangeName, routingKey, content, options, (error: unknown) =>
        error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(),
      );
    });
  }

  return {
    async publish(exchangeName, routingKey, content, options) {
      const deadline = Date.now() + opts.publishTimeoutMs;
      for (;;) {
        const live = await session(Math.max(0, deadline - Date.now()));
        try {
          await publishOnce(await publisher(live), exchangeName, routingKey, content, options);
          return;
        } catch (error) {
          // The channel or connection closed before the confirm: send again (consumers dedupe by id).
          // A nack is the broker's refusal, not an accident: it is final.
          if (errorMessage(error) === 'message nacked' || closed || Date.now() >= deadline) {
            throw new Error(`RabbitMQ did not confirm the message to "${routingKey}": ${errorMessage(error)}`, {
              cause: error,
            });
          }
          await sleep(50);
        }
      }
    },
    async connection() {
      return (await session()).model;
    },
    current() {
      return current?.model;
    },
    async withChannel(work) {
      const { model } = await session();
      const channel = await model.createChannel();
      // A failed declaration or check closes the channel; the error reaches the caller through `work`.
      channel.on('error', () => {});
      try {
        return await work(channel);
      } finally {
        await channel.close().catch(() => {});
      }
    },
    onReconnect(attach) {
      attachments.add(attach);
      return () => attachments.delete(attach);
    },
    async ping() {
      const live = current;
      if (closed || !live) throw new Error(`RabbitMQ at ${where} is not connected.`);
      const answer = publisher(live).then((channel) => channel.checkExchange(exchange));
      await withTimeout(answer, 2_000, `RabbitMQ at ${where} did not answer within 2 s.`);
    },
    async close() {
      if (closed) return;
      closed = true;
      current = undefined;
      for (const waiter of waiters) waiter.reject(new Error('The RabbitMQ connection is closed.'));
      waiters.clear();
      attachments.clear();
      await recovering.close();
    },
  };
}
