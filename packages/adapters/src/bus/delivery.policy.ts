import type { ConsumeOptions } from './types.js';

/**
 * Thrown by a handler for a message no attempt can handle (it does not match its schema, it is not JSON): the
 * message is dead-lettered at once, without retries, and the consumer carries on with the next one.
 */
export class PoisonMessageError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PoisonMessageError';
  }
}

/** A message body as JSON; a body that is not JSON can never be handled. */
export function parseBody(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    throw new PoisonMessageError(`the body is not JSON (${body.length} bytes)`);
  }
}

/** What to do with a delivery whose handler threw. */
export type FailureDecision = { kind: 'retry'; nextAttempt: number; delayMs: number } | { kind: 'dead' };

export function decideFailure(
  attempt: number,
  policy: Pick<ConsumeOptions, 'maxAttempts' | 'backoffMs'>,
  error?: unknown,
): FailureDecision {
  if (error instanceof PoisonMessageError || attempt >= policy.maxAttempts) return { kind: 'dead' };
  const delay = policy.backoffMs(attempt);
  return {
    kind: 'retry',
    nextAttempt: attempt + 1,
    delayMs: Number.isFinite(delay) ? Math.max(0, Math.round(delay)) : 0,
  };
}

/** `subscribe` takes no options, so events use these unless the bus is built with others. */
export const defaultEventDelivery: ConsumeOptions = {
  prefetch: 16,
  maxAttempts: 5,
  backoffMs: (attempt) => Math.min(60_000, 1_000 * 2 ** (attempt - 1)),
};

/** How long `close()` waits for in-flight handlers before handing their messages back. */
export const defaultDrainTimeoutMs = 10_000;

/** Tuning shared by the in-process and the RabbitMQ implementations. */
export interface DeliveryTuning {
  /** How event handlers are run (`subscribe` takes no options); missing fields fall back to `defaultEventDelivery`. */
  events?: Partial<ConsumeOptions>;
  /** How long `close()` waits for in-flight handlers; unfinished ones are handed back for redelivery. */
  drainTimeoutMs?: number;
}

export function checkConsumeOptions(opts: ConsumeOptions): ConsumeOptions {
  if (!Number.isInteger(opts.prefetch) || opts.prefetch < 1) {
    throw new RangeError(`prefetch must be a whole number of at least 1, not ${opts.prefetch}.`);
  }
  if (!Number.isInteger(opts.maxAttempts) || opts.maxAttempts < 1) {
    throw new RangeError(`maxAttempts must be a whole number of at least 1, not ${opts.maxAttempts}.`);
  }
  return opts;
}

export function eventDelivery(tuning?: DeliveryTuning): ConsumeOptions {
  return checkConsumeOptions({ ...defaultEventDelivery, ...tuning?.events });
}

/** The three queues behind a group or a job queue: where work waits, where retries wait, where failures rest. */
export interface QueueNames {
  main: string;
  delay: string;
  dead: string;
}

export function queueNames(prefix: string, kind: 'events' | 'jobs', name: string): QueueNames {
  checkQueueName(kind, name);
  const main = `${prefix}.${kind}.${name}`;
  return { main, delay: `${main}.delay`, dead: `${main}.dead` };
}

/** One rule for group and queue names, so a name that works on one implementation works on the others. */
export function checkQueueName(kind: 'events' | 'jobs', name: string): string {
  if (!/^[\w.:-]+$/.test(name)) {
    throw new RangeError(
      `"${name}" is not a valid ${kind === 'events' ? 'group' : 'queue'} name: use letters, digits, . _ : -`,
    );
  }
  return name;
}

/** Message headers that carry delivery state (RabbitMQ) or mirror it (dead letters). */
export const headers = {
  attempt: 'x-attempt',
  error: 'x-error',
  deadAt: 'x-dead-at',
} as const;

/** The log line of a dead letter: why it could never be handled, or how many attempts failed. */
export function deadLetterLine(what: string, attempt: number, error: unknown): string {
  if (error instanceof PoisonMessageError) return `malformed ${what} dead-lettered: ${error.message}`;
  return `${what} dead-lettered after ${attempt} attempts`;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
