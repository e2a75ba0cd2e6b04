import type { DomainEvent } from '../bus/types.js';
import type { Executor } from '../db/types.js';

/**
 * Transactional outbox of one module schema: `write` inserts the event into `<schema>.outbox` inside the
 * caller's transaction, so a committed change always emits its event; a relay publishes committed rows
 * to the event bus and marks them sent.
 */
export interface Outbox {
  write<TPayload>(trx: Executor, type: string, payload: TPayload): Promise<DomainEvent<TPayload>>;
}
