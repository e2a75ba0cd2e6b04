import { afterAll } from 'vitest';
import { uniqueSchema } from '../db/db.contract.js';
import type { Database } from '../db/types.js';
import { eventBusContract } from './bus.contract.js';
import { createDatabaseEventBus } from './database.events.js';
import { createDatabaseJobQueue } from './database.jobs.js';

/** The event bus contract on the database bus, each test on a fresh jobs schema of one shared database. */
export function databaseEventBusContract(name: string, open: () => Promise<Database>): void {
  let opening: Promise<Database> | undefined;
  afterAll(async () => {
    await (await opening)?.close();
  });
  eventBusContract(`database (${name})`, async (settings) => {
    opening ??= open();
    const db = await opening;
    const schema = uniqueSchema('events');
    const jobs = await createDatabaseJobQueue({
      db,
      schema,
      logger: settings.logger,
      drainTimeoutMs: settings.drainTimeoutMs,
      pollIntervalMs: 20,
      soleProcess: false,
    });
    const bus = createDatabaseEventBus({ jobs, events: settings.events });
    return {
      bus,
      async dispose() {
        await bus.close();
        await jobs.close();
        await db.kysely.schema.dropSchema(schema).ifExists().cascade().execute();
      },
    };
  });
}
