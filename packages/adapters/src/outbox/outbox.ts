import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import { checkQueueName } from '../bus/delivery.policy.js';
import type { DomainEvent } from '../bus/types.js';
import type { Executor } from '../db/types.js';
import type { Outbox } from './types.js';

/**
 * The outbox of one module schema: events and jobs written in the caller's transaction, handed on after commit.
 * A row is an event (`type` is its type) or a job (`type` is its queue, `job_id` its id). `onWrite` is told of each
 * row written (its transaction may not have committed yet): the runtime nudges the schema's relay with it.
 */
export function createOutbox(schema: string, opts: { onWrite?: () => void } = {}): Outbox {
  const insert = (
    trx: Executor,
    row: { id: string; type: string; payload: unknown; occurredAt: string; jobId?: string },
  ) =>
    trx
      .withSchema(schema)
      .insertInto('outbox')
      .values({
        id: row.id,
        type: row.type,
        kind: row.jobId === undefined ? 'event' : 'job',
        job_id: row.jobId ?? null,
        // Serialised here: pg would turn a top-level array into a PostgreSQL array literal.
        payload: sql`cast(${JSON.stringify(row.payload ?? null)} as jsonb)`,
        occurred_at: row.occurredAt,
      })
      .execute()
      .then(() => opts.onWrite?.());
  return {
    async write<TPayload>(trx: Executor, type: string, payload: TPayload): Promise<DomainEvent<TPayload>> {
      const event: DomainEvent<TPayload> = { id: randomUUID(), type, occurredAt: new Date().toISOString(), payload };
      await insert(trx, { id: event.id, type, payload, occurredAt: event.occurredAt });
      return event;
    },
    async enqueue<TData>(trx: Executor, queue: string, data: TData, opts: { id?: string } = {}): Promise<string> {
      checkQueueName('jobs', queue);
      const jobId = opts.id ?? randomUUID();
      await insert(trx, { id: randomUUID(), type: queue, payload: data, occurredAt: new Date().toISOString(), jobId });
      return jobId;
    },
  };
}
