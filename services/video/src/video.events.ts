import type { Executor, Outbox } from '@framecast/adapters';
import type { EventPayloads, EventType } from '@framecast/contracts';

/** Writes a video event in the caller's transaction, typed by the event contract. */
export type EventWriter = <T extends EventType>(trx: Executor, type: T, payload: EventPayloads[T]) => Promise<void>;

export function eventWriter(outbox: Outbox): EventWriter {
  return async (trx, type, payload) => {
    await outbox.write(trx, type, payload);
  };
}
