import type { Database, Outbox } from '@framecast/adapters';
import type { EventPayloads } from '@framecast/contracts';

export type TranscodeEventType = Extract<keyof EventPayloads, `transcode.${string}`>;

/** Publishes a transcode event through the module's outbox (its own transaction: the transcoder has no tables). */
export type TranscodeEvents = <T extends TranscodeEventType>(type: T, payload: EventPayloads[T]) => Promise<void>;

export function transcodeEvents(db: Database, outbox: Outbox): TranscodeEvents {
  return async (type, payload) => {
    await db.kysely.transaction().execute((trx) => outbox.write(trx, type, payload));
  };
}
