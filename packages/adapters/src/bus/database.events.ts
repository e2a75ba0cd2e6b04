import { type DeliveryTuning, eventDelivery } from './delivery.policy.js';
import { openSubscriptions } from './subscriptions.js';
import { topicMatches } from './topic.js';
import type { DomainEvent, EventBus, JobQueue } from './types.js';

/** The job queue behind an event group. */
export const groupQueue = (group: string) => `events.${group}`;

/**
 * The event bus of a deployment without a broker, durable: each group is a queue of the database job queue, so
 * events wait for their group across a restart, and an event whose handler had not finished when the process died
 * is delivered again at the next start. Retries, backoff and dead letters are the job queue's (dead events are
 * `deadLetters(groupQueue(group))`). A group's patterns live in this process, as it subscribes before any event is
 * relayed to it (the runtime starts the outbox relays last).
 */
export function createDatabaseEventBus(opts: { jobs: JobQueue } & DeliveryTuning): EventBus {
  const { jobs } = opts;
  const delivery = eventDelivery(opts);
  const groups = new Map<string, Set<string>>();
  const subscriptions = openSubscriptions('event bus');
  const { ensureOpen } = subscriptions;

  return {
    async publish(event: DomainEvent) {
      ensureOpen();
      for (const [group, patterns] of groups) {
        if ([...patterns].some((pattern) => topicMatches(pattern, event.type))) {
          await jobs.enqueue(groupQueue(group), event, { id: event.id });
        }
      }
    },
    async ping() {
      ensureOpen();
      await jobs.ping();
    },
    async subscribe(group, patterns, handler) {
      ensureOpen();
      if (patterns.length === 0) throw new RangeError(`Subscribing group "${group}" needs at least one pattern.`);
      const consumed = await jobs.consume<DomainEvent>(groupQueue(group), (job) => handler(job.data), delivery);
      // Like a durable queue's bindings, patterns stay after their subscriptions close.
      const bound = groups.get(group) ?? new Set<string>();
      for (const pattern of patterns) bound.add(pattern);
      groups.set(group, bound);
      return subscriptions.add(consumed);
    },
    close: () => subscriptions.closeAll(),
  };
}
