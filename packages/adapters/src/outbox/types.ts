import type { DomainEvent } from '../bus/types.js';
import type { Executor } from '../db/types.js';

/**
 * Transactional outbox of one module schema: `write` inserts the event into `<schema>.outbox` inside the
 * caller's transaction, so a committed change always emits its event; a relay publishes committed rows
 * to the event bus and marks them sent.
 */
export interface Outbox {
  write<TPayload>(trx: Executor, type: string, payload: TPayload): Promise<DomainEvent<TPayload>>;
  /**
   * Enqueues a job in the caller's transaction: the relay hands it to the job queue after commit, so a committed
   * change always has its job and a rolled-back one never does. Resolves with the job's id (`opts.id` or a new one).
   */
  enqueue<TData>(trx: Executor, queue: string, data: TData, opts?: { id?: string }): Promise<string>;
}
