import {
  type ConsumeOptions,
  type DomainEvent,
  type EventBus,
  type Executor,
  type Job,
  type JobQueue,
  type Outbox,
  PoisonMessageError,
  type QueueStats,
  type Subscription,
} from '@framecast/adapters';
import {
  type EventPayloads,
  type EventType,
  eventSchemas,
  type JobName,
  type JobPayloads,
  jobSchemas,
} from '@framecast/contracts';
import type { TSchema } from 'typebox';
import Value from 'typebox/value';

/** An event of one of `T`'s types, its payload typed by the catalog (a union over `T`, so `switch (e.type)` narrows). */
export type EventOf<T extends EventType = EventType> = T extends EventType
  ? Omit<DomainEvent<EventPayloads[T]>, 'type'> & { type: T }
  : never;

/** Writes events and jobs in the caller's transaction, typed by the catalog in `contracts`. */
export interface ModuleOutbox {
  write<T extends EventType>(trx: Executor, type: T, payload: EventPayloads[T]): Promise<EventOf<T>>;
  /** The job reaches its queue after commit; `opts.id` names it, so a queue that deduplicates runs it once. */
  enqueue<Q extends JobName>(trx: Executor, queue: Q, data: JobPayloads[Q], opts?: { id?: string }): Promise<string>;
}

/** Subscribes to events by type; each delivery is checked against its schema before the handler sees it. */
export interface ModuleEvents {
  subscribe<T extends EventType>(
    group: string,
    types: readonly T[],
    handler: (event: EventOf<T>) => Promise<void>,
  ): Promise<Subscription>;
}

/** Consumes jobs by queue; each job is checked against its schema before the handler sees it. */
export interface ModuleJobs {
  consume<Q extends JobName>(
    queue: Q,
    handler: (job: Job<JobPayloads[Q]>) => Promise<void>,
    opts: ConsumeOptions,
  ): Promise<Subscription>;
  stats(queue: JobName): Promise<QueueStats>;
  live(queue: JobName, id: string): Promise<boolean | undefined>;
  deadLetters(queue: JobName, limit?: number): Promise<Job[]>;
}

/** The first problem of `value` against `schema`, as `"path" message`, or null when it matches. */
export function schemaProblem(schema: TSchema, value: unknown): string | null {
  if (Value.Check(schema, value)) return null;
  const first = Value.Errors(schema, value)[0];
  if (!first) return 'does not match its schema';
  return `${first.instancePath ? `"${first.instancePath}" ` : ''}${first.message}`;
}

export function typedOutbox(outbox: Outbox): ModuleOutbox {
  return {
    write(trx, type, payload) {
      const problem = schemaProblem(eventSchemas[type], payload);
      if (problem) throw new TypeError(`Refusing to write a ${type} event whose payload ${problem}.`);
      return outbox.write(trx, type, payload) as Promise<EventOf<typeof type>>;
    },
    enqueue(trx, queue, data, opts) {
      const problem = schemaProblem(jobSchemas[queue], data);
      if (problem) throw new TypeError(`Refusing to enqueue a ${queue} job whose data ${problem}.`);
      return outbox.enqueue(trx, queue, data, opts);
    },
  };
}

/** An event that is not one of `types` or whose payload breaks its schema can never be handled: a poison message. */
export function checkEvent<T extends EventType>(types: ReadonlySet<string>, event: DomainEvent): EventOf<T> {
  if (!event || typeof event !== 'object' || typeof event.type !== 'string') {
    throw new PoisonMessageError('it is not an event (no type)');
  }
  if (!types.has(event.type)) throw new PoisonMessageError(`event ${event.id} has the unexpected type ${event.type}`);
  const problem = schemaProblem(eventSchemas[event.type as T], event.payload);
  if (problem) throw new PoisonMessageError(`${event.type} event ${event.id}: payload ${problem}`);
  return event as unknown as EventOf<T>;
}

/** A module's handler of some event types, subscribed at `start` and closed at `stop`; `handle` is there for tests. */
export interface EventConsumer<T extends EventType> {
  handle(event: EventOf<T>): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

export function eventConsumer<T extends EventType>(
  events: ModuleEvents,
  group: string,
  types: readonly T[],
  handle: (event: EventOf<T>) => Promise<void>,
): EventConsumer<T> {
  let subscription: Subscription | undefined;
  return {
    handle,
    async start() {
      subscription = await events.subscribe(group, types, handle);
    },
    async stop() {
      await subscription?.close();
      subscription = undefined;
    },
  };
}

export function typedEvents(events: EventBus): ModuleEvents {
  return {
    subscribe(group, types, handler) {
      const wanted = new Set<string>(types);
      // Routing keys are the event types, so each type is its own exact pattern.
      return events.subscribe(group, [...wanted], (event) => handler(checkEvent(wanted, event)));
    },
  };
}

export function typedJobs(jobs: JobQueue): ModuleJobs {
  return {
    consume(queue, handler, opts) {
      return jobs.consume(
        queue,
        (job) => {
          const problem = schemaProblem(jobSchemas[queue], job.data);
          if (problem) throw new PoisonMessageError(`${queue} job ${job.id}: data ${problem}`);
          return handler(job as Job<JobPayloads[typeof queue]>);
        },
        opts,
      );
    },
    stats: (queue) => jobs.stats(queue),
    live: (queue, id) => jobs.live(queue, id),
    deadLetters: (queue, limit) => jobs.deadLetters(queue, limit),
  };
}
