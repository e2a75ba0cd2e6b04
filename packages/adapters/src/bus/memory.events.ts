import pino, { type Logger } from 'pino';
import { type DeliveryTuning, defaultDrainTimeoutMs, eventDelivery } from './delivery.policy.js';
import { createMemoryQueue, type MemoryQueue } from './memory.queue.js';
import { topicMatches } from './topic.js';
import type { DomainEvent, EventBus } from './types.js';

interface Group {
  queue: MemoryQueue;
  /** Like a durable queue's bindings, patterns stay after their subscriptions close. */
  patterns: Set<string>;
}

/** The event bus of one process, with RabbitMQ's contract: durable groups, topic patterns, retries, dead letters. */
export function createMemoryEventBus(opts: { logger?: Logger } & DeliveryTuning = {}): EventBus {
  const logger = opts.logger ?? pino();
  const delivery = eventDelivery(opts);
  const drainTimeoutMs = opts.drainTimeoutMs ?? defaultDrainTimeoutMs;
  const groups = new Map<string, Group>();
  let closed = false;

  function ensureOpen(): void {
    if (closed) throw new Error('The in-process event bus is closed.');
  }

  function group(name: string): Group {
    let found = groups.get(name);
    if (!found) {
      const queue = createMemoryQueue({ name: `events.${name}`, what: 'event', logger, drainTimeoutMs });
      found = { queue, patterns: new Set() };
      groups.set(name, found);
    }
    return found;
  }

  return {
    async publish(event: DomainEvent) {
      ensureOpen();
      const body = JSON.stringify(event);
      for (const { queue, patterns } of groups.values()) {
        if ([...patterns].some((pattern) => topicMatches(pattern, event.type))) {
          queue.push({ id: event.id, body, attempt: 1 });
        }
      }
    },
    async ping() {
      ensureOpen();
    },
    async subscribe(name, patterns, handler) {
      ensureOpen();
      if (patterns.length === 0) throw new RangeError(`Subscribing group "${name}" needs at least one pattern.`);
      const found = group(name);
      for (const pattern of patterns) found.patterns.add(pattern);
      return found.queue.consume((envelope) => handler(JSON.parse(envelope.body) as DomainEvent), delivery);
    },
    async close() {
      closed = true;
      await Promise.all([...groups.values()].map(({ queue }) => queue.close()));
    },
  };
}
