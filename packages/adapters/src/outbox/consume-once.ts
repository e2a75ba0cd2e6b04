import type { Transaction } from 'kysely';
import type { DomainEvent } from '../bus/types.js';
import type { Database } from '../db/types.js';

/**
 * Runs `handler` at most once per (consumer, event id), in the transaction that records the event as
 * processed: a redelivered event returns false without running it; a handler that throws rolls the
 * record back so the next delivery runs it again. On PostgreSQL a concurrent delivery of the same
 * event waits on the primary key and then sees it processed.
 */
export async function consumeOnce(
  db: Database,
  schema: string,
  consumer: string,
  event: DomainEvent,
  handler: (trx: Transaction<any>) => Promise<void>,
): Promise<boolean> {
  return db.kysely.transaction().execute(async (trx) => {
    const inserted = await trx
      .withSchema(schema)
      .insertInto('processed_events')
      .values({ consumer, event_id: event.id })
      .onConflict((oc) => oc.columns(['consumer', 'event_id']).doNothing())
      .returning('event_id')
      .executeTakeFirst();
    if (!inserted) return false;
    await handler(trx);
    return true;
  });
}
