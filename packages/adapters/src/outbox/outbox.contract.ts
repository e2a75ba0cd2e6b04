import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDatabaseEventBus } from '../bus/database.events.js';
import { createDatabaseJobQueue } from '../bus/database.jobs.js';
import type { DomainEvent, EventBus, JobQueue } from '../bus/types.js';
import { uniqueSchema } from '../db/db.contract.js';
import { migrate } from '../db/migrate.js';
import type { Database } from '../db/types.js';
import { consumeOnce } from './consume-once.js';
import { createOutbox } from './outbox.js';
import { outboxMigrations } from './outbox.migrations.js';
import { type OutboxRelay, startOutboxRelay } from './outbox.relay.js';

/**
 * An event bus (or none: then events are only recorded), with a record of what the relay handed it (in order) and a
 * switch that makes `publish` fail for chosen events, as a broker outage would.
 */
export function recordingBus(inner?: EventBus) {
  const published: DomainEvent[] = [];
  let refuse: ((event: DomainEvent) => boolean) | null = null;
  const bus: EventBus & { published: DomainEvent[]; failWhen(test: ((event: DomainEvent) => boolean) | null): void } = {
    published,
    failWhen(test) {
      refuse = test;
    },
    async publish(event) {
      if (refuse?.(event)) throw new Error('broker unavailable');
      published.push(event);
      await inner?.publish(event);
    },
    ping: async () => inner?.ping(),
    subscribe: (group, patterns, handler) => {
      if (!inner) throw new Error('This recording bus has no subscribers.');
      return inner.subscribe(group, patterns, handler);
    },
    close: async () => inner?.close(),
  };
  return bus;
}

/** A pino logger whose lines land in an array, to assert on what was logged. */
export function memoryLogger() {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(JSON.parse(chunk.toString()));
      done();
    },
  });
  return { logger: pino({ level: 'debug' }, sink), lines };
}

/** The outbox, relay and idempotent consumer contract: runs on every `Database` implementation. */
export function outboxContract(name: string, open: () => Promise<Database>): void {
  describe(`Outbox contract: ${name}`, () => {
    let db: Database;
    let schema: string;
    let bus: ReturnType<typeof recordingBus>;
    let jobs: JobQueue;
    let log: ReturnType<typeof memoryLogger>;
    const relays: OutboxRelay[] = [];
    // A long interval: each test drives passes with flush() unless it tests polling.
    const relay = (intervalMs = 60_000, batchSize?: number) => {
      const started = startOutboxRelay({
        db,
        schema,
        events: bus,
        jobs,
        logger: log.logger,
        intervalMs,
        ...(batchSize ? { batchSize } : {}),
      });
      relays.push(started);
      return started;
    };

    // Starting PGlite compiles its WebAssembly: seconds on a busy machine.
    beforeAll(async () => {
      db = await open();
    }, 60_000);
    afterAll(async () => {
      await db?.close();
    });
    beforeEach(async () => {
      schema = uniqueSchema('outbox');
      log = memoryLogger();
      jobs = await createDatabaseJobQueue({
        db,
        schema: `${schema}_jobs`,
        logger: log.logger,
        pollIntervalMs: 20,
        soleProcess: false,
      });
      bus = recordingBus(createDatabaseEventBus({ jobs }));
      expect(await migrate(db, schema, outboxMigrations)).toEqual(['0000_outbox', '0001_outbox_jobs']);
    });
    afterEach(async () => {
      for (const r of relays.splice(0)) await r.stop();
      await bus.close();
      await jobs.close();
      await db.kysely.schema.dropSchema(schema).ifExists().cascade().execute();
      await db.kysely.schema.dropSchema(`${schema}_jobs`).ifExists().cascade().execute();
    });

    it('hands a job enqueued in a committed transaction to the job queue under its id, never a rolled-back one', async () => {
      const outbox = createOutbox(schema);
      const id = await db.kysely
        .transaction()
        .execute((trx) => outbox.enqueue(trx, 'transcode', { videoId: 'v1' }, { id: 'v1' }));
      expect(id).toBe('v1');
      await expect(
        db.kysely.transaction().execute(async (trx) => {
          await outbox.enqueue(trx, 'transcode', { videoId: 'v2' }, { id: 'v2' });
          throw new Error('the change failed');
        }),
      ).rejects.toThrow('the change failed');
      const generated = await outbox.enqueue(db.kysely, 'transcode', { videoId: 'v3' });
      expect(generated).toMatch(/^[0-9a-f-]{36}$/);
      expect(await jobs.stats('transcode')).toEqual({ waiting: 0, dead: 0 });
      const r = relay();
      expect(await r.flush()).toBe(2);
      expect(bus.published).toEqual([]);
      expect(await jobs.stats('transcode')).toEqual({ waiting: 2, dead: 0 });
      expect(await jobs.live('transcode', 'v1')).toBe(true);
      expect(await jobs.live('transcode', 'v2')).toBe(false);
      expect(await jobs.live('transcode', generated)).toBe(true);
      await expect(outbox.enqueue(db.kysely, 'no spaces allowed', {})).rejects.toThrow(/not a valid queue name/);
    });

    it('publishes an event written in a committed transaction, once, as written', async () => {
      const outbox = createOutbox(schema);
      const payload = { videoId: 'v1', tags: ['a', 'b'], nested: { n: 1 } };
      const written = await db.kysely.transaction().execute((trx) => outbox.write(trx, 'video.published', payload));
      expect(written).toMatchObject({ type: 'video.published', payload });
      expect(written.id).toMatch(/^[0-9a-f-]{36}$/);
      const r = relay();
      expect(await r.flush()).toBe(1);
      expect(await r.flush()).toBe(0);
      expect(bus.published).toEqual([written]);
    });

    it('keeps payloads that are arrays, strings and null intact', async () => {
      const outbox = createOutbox(schema);
      const payloads = [[1, 'two', { three: 3 }], 'plain text', null];
      for (const payload of payloads) await outbox.write(db.kysely, 'test.payload', payload);
      await relay().flush();
      expect(bus.published.map((e) => e.payload)).toEqual(payloads);
    });

    it('never publishes an event written in a transaction that rolled back', async () => {
      const outbox = createOutbox(schema);
      await expect(
        db.kysely.transaction().execute(async (trx) => {
          await outbox.write(trx, 'video.deleted', { videoId: 'v1' });
          throw new Error('the change failed');
        }),
      ).rejects.toThrow('the change failed');
      const r = relay();
      expect(await r.flush()).toBe(0);
      const left = await db.kysely.withSchema(schema).selectFrom('outbox').selectAll().execute();
      expect(left).toEqual([]);
      expect(bus.published).toEqual([]);
    });

    it('publishes in write order across transactions and batches', async () => {
      const outbox = createOutbox(schema);
      const written: DomainEvent[] = [];
      for (let i = 0; i < 4; i++) written.push(await outbox.write(db.kysely, 'test.seq', { i }));
      await db.kysely.transaction().execute(async (trx) => {
        for (let i = 4; i < 7; i++) written.push(await outbox.write(trx, 'test.seq', { i }));
      });
      const r = relay(60_000, 3);
      expect([await r.flush(), await r.flush(), await r.flush(), await r.flush()]).toEqual([3, 3, 1, 0]);
      expect(bus.published).toEqual(written);
    });

    it('leaves an event whose publish failed for the next pass, logged, without skipping ahead', async () => {
      const outbox = createOutbox(schema);
      const written: DomainEvent[] = [];
      for (let i = 0; i < 3; i++) written.push(await outbox.write(db.kysely, 'test.retry', { i }));
      bus.failWhen((e) => e.id === written[1]?.id);
      const r = relay();
      // The first event goes out, the second fails: the pass stops there rather than publish the third first.
      expect(await r.flush()).toBe(1);
      expect(bus.published).toEqual(written.slice(0, 1));
      expect(log.lines.some((l) => l.level === 40 && l.eventId === written[1]?.id)).toBe(true);
      bus.failWhen(null);
      expect(await r.flush()).toBe(2);
      expect(bus.published).toEqual(written);
    });

    it('hands a run of jobs on together; one that fails stays for the next pass, the others of its run do not', async () => {
      const outbox = createOutbox(schema);
      for (const id of ['j1', 'j2', 'j3']) await outbox.enqueue(db.kysely, 'transcode', { videoId: id }, { id });
      const after = await outbox.write(db.kysely, 'test.after', {});
      const enqueue = jobs.enqueue.bind(jobs);
      let failing = true;
      jobs.enqueue = (queue, data, opts) =>
        failing && opts?.id === 'j2' ? Promise.reject(new Error('broker away')) : enqueue(queue, data, opts);
      const r = relay();
      // j1 and j3 are handed on; the event after the run waits, as events never go out ahead of a failed row.
      expect(await r.flush()).toBe(2);
      expect(await jobs.live('transcode', 'j1')).toBe(true);
      expect(await jobs.live('transcode', 'j2')).toBe(false);
      expect(await jobs.live('transcode', 'j3')).toBe(true);
      expect(bus.published).toEqual([]);
      expect(log.lines.filter((l) => l.level === 40 && l.type === 'transcode')).toHaveLength(1);
      failing = false;
      expect(await r.flush()).toBe(2);
      expect(await jobs.live('transcode', 'j2')).toBe(true);
      expect(bus.published).toEqual([after]);
      expect(await jobs.stats('transcode')).toEqual({ waiting: 3, dead: 0 });
    });

    it('polls on its own every intervalMs', async () => {
      const outbox = createOutbox(schema);
      relay(20);
      const written = await outbox.write(db.kysely, 'test.poll', {});
      await vi.waitFor(() => expect(bus.published).toEqual([written]), { timeout: 5000, interval: 20 });
    });

    it('spaces out polls that find nothing, and is back at the interval once its module writes', async () => {
      // Every pass reads the outbox once: count the reads.
      let reads = 0;
      const counted: Database = {
        ...db,
        kysely: db.kysely.withPlugin({
          transformQuery(args) {
            if (args.node.kind === 'SelectQueryNode') reads += 1;
            return args.node;
          },
          transformResult: async (args) => args.result,
        }),
      };
      const r = startOutboxRelay({ db: counted, schema, events: bus, jobs, logger: log.logger, intervalMs: 100 });
      relays.push(r);
      const outbox = createOutbox(schema, { onWrite: () => r.nudge() });
      await new Promise((resolve) => setTimeout(resolve, 3000));
      // 100, 200, 400, 800, 800 ms apart: about 5 passes in 3 s, where polling at the interval makes 30.
      expect(reads).toBeGreaterThanOrEqual(3);
      expect(reads).toBeLessThanOrEqual(8);
      const started = performance.now();
      const written = await outbox.write(db.kysely, 'test.nudged', {});
      await vi.waitFor(() => expect(bus.published).toEqual([written]), { timeout: 5000, interval: 5 });
      // Without the nudge the row would wait for the idle poll, up to 800 ms away.
      expect(performance.now() - started).toBeLessThan(500);
    });

    it('stops polling once stopped', async () => {
      const outbox = createOutbox(schema);
      const r = relay(20);
      await r.stop();
      await outbox.write(db.kysely, 'test.stopped', {});
      await new Promise((resolve) => setTimeout(resolve, 150));
      expect(bus.published).toEqual([]);
    });

    it('reaches an idempotent consumer through the embedded bus, once per event despite redelivery', async () => {
      await db.kysely.schema.withSchema(schema).createTable('welcomed').addColumn('user_id', 'text').execute();
      const handled: string[] = [];
      const subscription = await bus.subscribe('mailer', ['user.*'], async (event) => {
        await consumeOnce(db, schema, 'mailer', event, async (trx) => {
          const { userId } = event.payload as { userId: string };
          await trx.withSchema(schema).insertInto('welcomed').values({ user_id: userId }).execute();
        });
        handled.push(event.id);
      });
      try {
        const outbox = createOutbox(schema);
        const first = await db.kysely
          .transaction()
          .execute((trx) => outbox.write(trx, 'user.registered', { userId: 'u1' }));
        await db.kysely.transaction().execute((trx) => outbox.write(trx, 'user.registered', { userId: 'u2' }));
        expect(await relay().flush()).toBe(2);
        await vi.waitFor(() => expect(handled).toHaveLength(2), { timeout: 5000, interval: 20 });
        // At-least-once: the same event may arrive again.
        await bus.publish(first);
        await vi.waitFor(() => expect(handled).toHaveLength(3), { timeout: 5000, interval: 20 });
        const rows = await db.kysely
          .withSchema(schema)
          .selectFrom('welcomed')
          .select('user_id')
          .orderBy('user_id')
          .execute();
        expect(rows).toEqual([{ user_id: 'u1' }, { user_id: 'u2' }]);
      } finally {
        await subscription.close();
      }
    });

    describe('consumeOnce', () => {
      const event: DomainEvent = {
        id: '6f1c1f8e-6b0a-4c55-9f4e-3d2b1a0c9e87',
        type: 'user.registered',
        occurredAt: new Date().toISOString(),
        payload: { userId: 'u1' },
      };
      const counted = (schemaName: string) =>
        db.kysely.withSchema(schemaName).selectFrom('processed_events').select(['consumer', 'event_id']).execute();

      it('runs the handler once per event id and consumer', async () => {
        let runs = 0;
        const handler = async () => {
          runs += 1;
        };
        expect(await consumeOnce(db, schema, 'mailer', event, handler)).toBe(true);
        expect(await consumeOnce(db, schema, 'mailer', event, handler)).toBe(false);
        expect(await consumeOnce(db, schema, 'search', event, handler)).toBe(true);
        expect(runs).toBe(2);
        expect(await counted(schema)).toHaveLength(2);
      });

      it('runs concurrent deliveries of one event once', async () => {
        let runs = 0;
        const results = await Promise.all(
          Array.from({ length: 4 }, () =>
            consumeOnce(db, schema, 'mailer', event, async () => {
              runs += 1;
            }),
          ),
        );
        expect(results.filter(Boolean)).toHaveLength(1);
        expect(runs).toBe(1);
      });

      it('commits the handler writes with the record, and forgets both when the handler throws', async () => {
        await db.kysely.schema.withSchema(schema).createTable('welcome').addColumn('user_id', 'text').execute();
        const write = (fail: boolean) =>
          consumeOnce(db, schema, 'mailer', event, async (trx) => {
            await trx.withSchema(schema).insertInto('welcome').values({ user_id: 'u1' }).execute();
            if (fail) throw new Error('mail server down');
          });
        await expect(write(true)).rejects.toThrow('mail server down');
        expect(await counted(schema)).toEqual([]);
        expect(await db.kysely.withSchema(schema).selectFrom('welcome').selectAll().execute()).toEqual([]);
        expect(await write(false)).toBe(true);
        expect(await write(false)).toBe(false);
        expect(await db.kysely.withSchema(schema).selectFrom('welcome').selectAll().execute()).toEqual([
          { user_id: 'u1' },
        ]);
      });
    });
  });
}
