/** A fact that happened, published on the topic exchange under its `type` as routing key (`user.registered`). */
export interface DomainEvent<TPayload = unknown> {
  /** Unique id (uuid); consumers deduplicate on it. */
  id: string;
  type: string;
  occurredAt: string;
  payload: TPayload;
}

export type EventHandler = (event: DomainEvent) => Promise<void>;

export interface Subscription {
  /** Stops taking new deliveries and waits for in-flight handlers (unfinished ones are handed back). */
  close(): Promise<void>;
}

/**
 * Domain events over a topic exchange. At-least-once: a handler that throws gets the event again.
 * Each `group` is one durable queue: instances of one group compete, distinct groups each get every event.
 * Patterns are AMQP topic patterns: `user.*`, `video.#`, `#`.
 */
export interface EventBus {
  publish(event: DomainEvent): Promise<void>;
  /** Resolves when the broker connection is up; rejects otherwise (readiness). */
  ping(): Promise<void>;
  subscribe(group: string, patterns: string[], handler: EventHandler): Promise<Subscription>;
  close(): Promise<void>;
}

export interface Job<TData = unknown> {
  id: string;
  queue: string;
  data: TData;
  /** 1 on the first delivery. */
  attempt: number;
}

export interface ConsumeOptions {
  /** Jobs in flight at once for this consumer. */
  prefetch: number;
  /** Deliveries before the job goes to the dead-letter queue. */
  maxAttempts: number;
  /** Delay before the next attempt after attempt `n` failed. */
  backoffMs(attempt: number): number;
}

export interface QueueStats {
  /** Jobs waiting (not counting delayed retries). */
  waiting: number;
  /** Jobs in the dead-letter queue `<queue>.dead`. */
  dead: number;
}

/**
 * Durable work queues with manual ack: a job is removed only when its handler resolves.
 * A handler that throws is retried after `backoffMs(attempt)`; after `maxAttempts` it is dead-lettered.
 * A consumer that dies mid-job has the job redelivered.
 */
export interface JobQueue {
  enqueue<TData>(queue: string, data: TData, opts?: { id?: string }): Promise<string>;
  consume<TData>(
    queue: string,
    handler: (job: Job<TData>) => Promise<void>,
    opts: ConsumeOptions,
  ): Promise<Subscription>;
  stats(queue: string): Promise<QueueStats>;
  /**
   * Whether a job of this id waits, is delayed or runs. Undefined where the queue cannot tell (RabbitMQ cannot look
   * up a message by id); callers then judge by other signs, such as how long ago the work last moved.
   */
  live(queue: string, id: string): Promise<boolean | undefined>;
  /** Resolves when the broker connection is up; rejects otherwise (readiness). */
  ping(): Promise<void>;
  /** Dead-lettered jobs, oldest first (inspection and tests). */
  deadLetters(queue: string, limit?: number): Promise<Job[]>;
  close(): Promise<void>;
}
