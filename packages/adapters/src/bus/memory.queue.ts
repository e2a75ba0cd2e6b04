import type { Logger } from 'pino';
import { decideFailure, errorMessage } from './delivery.policy.js';
import { createInflight, type Inflight } from './inflight.js';
import type { ConsumeOptions, Subscription } from './types.js';

/** A message in an in-process queue. The body stays serialized, as it would travel through a broker. */
export interface Envelope {
  id: string;
  body: string;
  attempt: number;
}

export interface DeadEnvelope extends Envelope {
  error: string;
  deadAt: string;
}

/**
 * One in-process queue with the broker's contract: competing consumers, prefetch as a concurrency limit,
 * a message removed only when its handler resolves, retries after a backoff, then a dead-letter list.
 */
export interface MemoryQueue {
  push(envelope: Envelope): void;
  consume(handler: (envelope: Envelope) => Promise<void>, opts: ConsumeOptions): Subscription;
  /** Messages ready for delivery (not in flight, not waiting for a retry). */
  readonly waiting: number;
  readonly dead: readonly DeadEnvelope[];
  close(): Promise<void>;
}

interface Delivery {
  envelope: Envelope;
  handedBack: boolean;
}

interface Consumer {
  handler: (envelope: Envelope) => Promise<void>;
  opts: ConsumeOptions;
  deliveries: Set<Delivery>;
  inflight: Inflight;
}

export function createMemoryQueue(deps: {
  name: string;
  /** `event` or `job`, for log lines. */
  what: string;
  logger: Logger;
  drainTimeoutMs: number;
}): MemoryQueue {
  const ready: Envelope[] = [];
  const dead: DeadEnvelope[] = [];
  const consumers: Consumer[] = [];
  const timers = new Set<NodeJS.Timeout>();
  let cursor = 0;
  let pumpScheduled = false;
  let closed = false;

  // Deliveries always start from a fresh macrotask: never inside the caller's stack.
  function schedulePump(): void {
    if (pumpScheduled || closed) return;
    pumpScheduled = true;
    setImmediate(pump);
  }

  function pump(): void {
    pumpScheduled = false;
    while (ready.length > 0) {
      const consumer = nextFreeConsumer();
      if (!consumer) return;
      deliver(consumer, ready.shift()!);
    }
  }

  // Round robin over consumers with room under their prefetch.
  function nextFreeConsumer(): Consumer | undefined {
    for (let i = 0; i < consumers.length; i++) {
      const consumer = consumers[(cursor + i) % consumers.length]!;
      if (consumer.deliveries.size < consumer.opts.prefetch) {
        cursor = (cursor + i + 1) % consumers.length;
        return consumer;
      }
    }
    return undefined;
  }

  function deliver(consumer: Consumer, envelope: Envelope): void {
    const delivery: Delivery = { envelope, handedBack: false };
    consumer.deliveries.add(delivery);
    consumer.inflight.track(run(consumer, delivery));
  }

  async function run(consumer: Consumer, delivery: Delivery): Promise<void> {
    let failure: { error: unknown } | undefined;
    try {
      await consumer.handler(delivery.envelope);
    } catch (error) {
      failure = { error };
    }
    // Handed back on close: the message is already queued again, this outcome no longer counts.
    if (delivery.handedBack) return;
    consumer.deliveries.delete(delivery);
    if (failure) fail(delivery.envelope, failure.error, consumer.opts);
    schedulePump();
  }

  function fail(envelope: Envelope, error: unknown, opts: ConsumeOptions): void {
    const decision = decideFailure(envelope.attempt, opts);
    const fields = { queue: deps.name, id: envelope.id, attempt: envelope.attempt, err: error };
    if (decision.kind === 'retry') {
      deps.logger.warn({ ...fields, retryInMs: decision.delayMs }, `${deps.what} handler failed; will retry`);
      const timer = setTimeout(() => {
        timers.delete(timer);
        if (closed) return;
        ready.push({ ...envelope, attempt: decision.nextAttempt });
        schedulePump();
      }, decision.delayMs);
      // In-process messages die with the process anyway; a pending retry should not keep it alive.
      timer.unref();
      timers.add(timer);
      return;
    }
    dead.push({ ...envelope, error: errorMessage(error), deadAt: new Date().toISOString() });
    deps.logger.error(fields, `${deps.what} dead-lettered after ${envelope.attempt} attempts`);
  }

  async function stop(consumer: Consumer): Promise<void> {
    const index = consumers.indexOf(consumer);
    if (index < 0) return;
    consumers.splice(index, 1);
    const finished = await consumer.inflight.drain(deps.drainTimeoutMs);
    if (!finished && consumer.deliveries.size > 0) {
      const unfinished = [...consumer.deliveries];
      for (const delivery of unfinished) delivery.handedBack = true;
      consumer.deliveries.clear();
      ready.unshift(...unfinished.map((delivery) => delivery.envelope));
      deps.logger.warn(
        { queue: deps.name, ids: unfinished.map((delivery) => delivery.envelope.id) },
        `${unfinished.length} unfinished ${deps.what} handler(s) did not end within ${deps.drainTimeoutMs} ms; handed back`,
      );
    }
    schedulePump();
  }

  return {
    push(envelope) {
      if (closed) throw new Error(`The in-process ${deps.what} queue "${deps.name}" is closed.`);
      ready.push(envelope);
      schedulePump();
    },
    consume(handler, opts) {
      if (closed) throw new Error(`The in-process ${deps.what} queue "${deps.name}" is closed.`);
      const consumer: Consumer = { handler, opts, deliveries: new Set(), inflight: createInflight() };
      consumers.push(consumer);
      schedulePump();
      let stopping: Promise<void> | undefined;
      return {
        close: () => {
          stopping ??= stop(consumer);
          return stopping;
        },
      };
    },
    get waiting() {
      return ready.length;
    },
    dead,
    async close() {
      await Promise.all([...consumers].map(stop));
      closed = true;
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
    },
  };
}
