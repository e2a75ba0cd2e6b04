import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDatabaseJobQueue } from '../bus/database.jobs.js';
import type { DomainEvent } from '../bus/types.js';
import { openDatabase } from '../db/database.js';
import { uniqueSchema } from '../db/db.contract.js';
import { migrate } from '../db/migrate.js';
import type { Database } from '../db/types.js';
import { requireServer } from '../testing/require-server.js';
import { testUrls } from '../testing/test-urls.js';
import { memoryLogger, outboxContract, recordingBus } from './outbox.contract.js';
import { createOutbox } from './outbox.js';
import { outboxMigrations } from './outbox.migrations.js';
import { startOutboxRelay } from './outbox.relay.js';

const openPostgres = async () => {
  await requireServer('postgres');
  return openDatabase({ url: testUrls.postgres, dataDir: '/nonexistent' });
};

outboxContract('PostgreSQL', openPostgres);

describe('outbox relays in two processes on PostgreSQL', () => {
  let first: Database;
  let second: Database;
  const schema = uniqueSchema('relays');

  beforeAll(async () => {
    first = await openPostgres();
    second = await openPostgres();
    await migrate(first, schema, outboxMigrations);
  });
  afterAll(async () => {
    await first?.kysely.schema.dropSchema(schema).ifExists().cascade().execute();
    await first?.close();
    await second?.close();
  });

  it('never send the same row twice when they run at the same moment', async () => {
    const outbox = createOutbox(schema);
    const written: DomainEvent[] = [];
    await first.kysely.transaction().execute(async (trx) => {
      for (let i = 0; i < 60; i++) written.push(await outbox.write(trx, 'test.race', { i }));
    });
    // A slow bus keeps each pass holding its rows while the other relay looks for work.
    const slowBus = () => {
      const bus = recordingBus();
      const publish = bus.publish.bind(bus);
      bus.publish = async (event) => {
        await new Promise((resolve) => setTimeout(resolve, 2));
        await publish(event);
      };
      return bus;
    };
    const [busA, busB] = [slowBus(), slowBus()];
    const { logger } = memoryLogger();
    const jobs = await createDatabaseJobQueue({ db: first, schema: `${schema}_jobs`, logger });
    const options = { schema, jobs, logger, intervalMs: 60_000, batchSize: 10 };
    const relayA = startOutboxRelay({ ...options, db: first, events: busA });
    const relayB = startOutboxRelay({ ...options, db: second, events: busB });
    try {
      let sent = 0;
      while (sent < written.length) {
        const [a, b] = await Promise.all([relayA.flush(), relayB.flush()]);
        expect(a + b).toBeGreaterThan(0);
        sent += a + b;
      }
      const all = [...busA.published, ...busB.published];
      expect(all).toHaveLength(written.length);
      expect(new Set(all.map((e) => e.id)).size).toBe(written.length);
      // Both took part: the rows one held were skipped, not waited for.
      expect(busA.published.length).toBeGreaterThan(0);
      expect(busB.published.length).toBeGreaterThan(0);
      // Each relay kept write order within what it sent.
      const order = new Map(written.map((e, i) => [e.id, i]));
      for (const bus of [busA, busB]) {
        const seen = bus.published.map((e) => order.get(e.id) ?? -1);
        expect(seen).toEqual([...seen].sort((x, y) => x - y));
      }
    } finally {
      await relayA.stop();
      await relayB.stop();
      await busA.close();
      await busB.close();
      await jobs.close();
      await first.kysely.schema.dropSchema(`${schema}_jobs`).ifExists().cascade().execute();
    }
  });
});
