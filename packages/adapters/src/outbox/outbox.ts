import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { DomainEvent } from '../bus/types.js';
import type { Executor } from '../db/types.js';
import type { Outbox } from './types.js';

/** The outbox of one module schema: events written in the caller's transaction, published after commit. */
export function createOutbox(schema: string): Outbox {
  return {
    async write<TPayload>(trx: Executor, type: string, payload: TPayload): Promise<DomainEvent<TPayload>> {
      const event: DomainEvent<TPayload> = { id: randomUUID(), type, occurredAt: new Date().toISOString(), payload };
      await trx
        .withSchema(schema)
        .insertInto('outbox')
        .values({
          id: event.id,
          type,
          // Serialised here: pg would turn a top-level array into a PostgreSQL array literal.
          payload: sql`cast(${JSON.stringify(payload ?? null)} as jsonb)`,
          occurred_at: event.occurredAt,
        })
        .execute();
      return event;
    },
  };
}
