import type { Logger } from 'pino';
import { parseBody, queueNames } from './delivery.policy.js';
import { declareQueues, startConsumer } from './rabbit.consumer.js';
import type { RabbitLink } from './rabbit.link.js';
import { openSubscriptions } from './subscriptions.js';
import type { ConsumeOptions, DomainEvent, EventBus } from './types.js';

export interface RabbitEventsDeps {
  link: RabbitLink;
  logger: Logger;
  exchange: string;
  prefix: string;
  delivery: ConsumeOptions;
  drainTimeoutMs: number;
}

/** Events on a durable topic exchange; each group is one durable queue bound with its patterns. */
export function createRabbitEventBus(deps: RabbitEventsDeps): EventBus {
  const { link, exchange } = deps;
  const subscriptions = openSubscriptions('event bus');
  const { ensureOpen } = subscriptions;

  return {
    async publish(event: DomainEvent) {
      ensureOpen();
      await link.publish(exchange, event.type, Buffer.from(JSON.stringify(event)), {
        persistent: true,
        messageId: event.id,
        type: event.type,
        contentType: 'application/json',
        timestamp: Math.floor(Date.parse(event.occurredAt) / 1000) || undefined,
      });
    },
    async ping() {
      ensureOpen();
      await link.ping();
    },
    async subscribe(group, patterns, handler) {
      ensureOpen();
      if (patterns.length === 0) throw new RangeError(`Subscribing group "${group}" needs at least one pattern.`);
      const names = queueNames(deps.prefix, 'events', group);
      const subscription = await startConsumer({
        link,
        logger: deps.logger,
        what: 'event',
        names,
        policy: deps.delivery,
        drainTimeoutMs: deps.drainTimeoutMs,
        async declare(channel) {
          await declareQueues(channel, names);
          for (const pattern of patterns) await channel.bindQueue(names.main, exchange, pattern);
        },
        handle: (message) => handler(parseBody(message.content.toString('utf8')) as DomainEvent),
      });
      return subscriptions.add(subscription);
    },
    close: () => subscriptions.closeAll(),
  };
}
