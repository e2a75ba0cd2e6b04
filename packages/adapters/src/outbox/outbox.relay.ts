import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { DomainEvent, EventBus, JobQueue } from '../bus/types.js';
import type { Database } from '../db/types.js';

export interface OutboxRelayOptions {
  db: Database;
  schema: string;
  events: EventBus;
  /** Where job rows go. */
  jobs: JobQueue;
  logger: Logger;
  /**
   * Pause between polls when the outbox is drained; 250 ms unless set. Polls that find nothing space out, up to
   * `IDLE_POLL_FACTOR` times this, until a write in this process (`nudge`) or a pass that finds rows.
   */
  intervalMs?: number;
  /** Rows taken per pass; a full batch is followed at once by another pass. */
  batchSize?: number;
}

export interface OutboxRelay {
  /** Runs a pass now (after the one in progress, if any); resolves with the number of events published. */
  flush(): Promise<number>;
  /** A row was written in this process: the next pass comes within `intervalMs`, however idle the relay was. */
  nudge(): void;
  /** Stops polling and waits for the pass in progress. */
  stop(): Promise<void>;
}

/** How far idle polls space out: at most this many times the interval (2 s at the default 250 ms). */
export const IDLE_POLL_FACTOR = 8;

interface OutboxRow {
  seq: string | number;
  id: string;
  type: string;
  kind: 'event' | 'job';
  job_id: string | null;
  payload: unknown;
  occurred_at: Date | string;
}

/**
 * Publishes committed outbox rows of one schema, oldest first, and marks them published: events to the bus, jobs
 * to the job queue (under their own id, so a job handed on twice is still one job where the queue deduplicates).
 *
 * On PostgreSQL a pass holds its rows with `for update skip locked` until they are marked, so relays in
 * several processes never send the same row at the same moment (each keeps seq order within its own
 * batch). PGlite has a single connection and a single process: a pass reads without a transaction so
 * that bus handlers running in this process can use the database while it publishes.
 * A run of job rows is handed on at once; events one at a time, in order. A failed publish stops the pass at that row
 * (a failed job at the end of its run, the others of the run marked); it is logged and retried on the next pass.
 */
export function startOutboxRelay(opts: OutboxRelayOptions): OutboxRelay {
  const { db, schema, events, jobs, logger } = opts;
  const intervalMs = opts.intervalMs ?? 250;
  const batchSize = opts.batchSize ?? 100;
  const log = logger.child({ outbox: schema });
  const locking = db.dialect === 'postgres';

  const claim = <T>(work: (q: Kysely<any>) => Promise<T>): Promise<T> =>
    locking ? db.kysely.transaction().execute((trx) => work(trx)) : work(db.kysely);

  const pass = () =>
    claim(async (q) => {
      const rows = (await q
        .withSchema(schema)
        .selectFrom('outbox')
        .select(['seq', 'id', 'type', 'kind', 'job_id', 'payload', 'occurred_at'])
        .where('published_at', 'is', null)
        .orderBy('seq')
        .limit(batchSize)
        .$if(locking, (s) => s.forUpdate().skipLocked())
        .execute()) as OutboxRow[];
      const sent: OutboxRow['seq'][] = [];
      const failed = (row: OutboxRow, err: unknown) =>
        log.warn(
          { err, eventId: row.id, type: row.type, kind: row.kind },
          `handing on an outbox ${row.kind} failed; it stays for the next pass`,
        );
      for (let i = 0; i < rows.length; ) {
        const row = rows[i] as OutboxRow;
        if (row.kind === 'event') {
          try {
            await events.publish(toEvent(row));
          } catch (err) {
            failed(row, err);
            break;
          }
          sent.push(row.seq);
          i += 1;
          continue;
        }
        // A run of jobs is handed on at once: they have no order among them, and one after another they would each
        // wait for the database behind the work the first of them starts (a fan-out's batches holding up its e-mails).
        let end = i;
        while (end < rows.length && rows[end]?.kind === 'job') end += 1;
        const run = rows.slice(i, end);
        const results = await Promise.allSettled(
          run.map((job) => jobs.enqueue(job.type, job.payload, { id: job.job_id ?? job.id })),
        );
        results.forEach((result, k) => {
          const job = run[k] as OutboxRow;
          if (result.status === 'fulfilled') sent.push(job.seq);
          else failed(job, result.reason);
        });
        if (results.some((result) => result.status === 'rejected')) break;
        i = end;
      }
      if (sent.length > 0) {
        await q
          .withSchema(schema)
          .updateTable('outbox')
          .set({ published_at: new Date() })
          .where('seq', 'in', sent)
          .execute();
      }
      return { published: sent.length, full: rows.length === batchSize && sent.length === rows.length };
    });

  // Passes run one after another: a flush during a poll waits for it rather than racing it.
  let chain: Promise<unknown> = Promise.resolve();
  const enqueue = () => {
    const next = chain.then(pass);
    chain = next.catch(() => undefined);
    return next;
  };

  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  /** When the pending poll runs (`performance.now()`), or null while a pass runs. */
  let dueAt: number | null = null;
  /** The pause after the next pass that finds nothing: doubles each time, back to the interval on any work. */
  let idleDelay = intervalMs;
  const schedule = (delay: number) => {
    if (stopped) return;
    clearTimeout(timer);
    dueAt = performance.now() + delay;
    timer = setTimeout(poll, delay);
    // The relay alone should not keep a process alive.
    timer.unref();
  };
  const poll = () => {
    dueAt = null;
    enqueue().then(
      (result) => {
        if (result.published > 0) idleDelay = intervalMs;
        if (result.full) return schedule(0);
        schedule(idleDelay);
        idleDelay = Math.min(idleDelay * 2, intervalMs * IDLE_POLL_FACTOR);
      },
      (err: unknown) => {
        log.error({ err }, 'outbox relay pass failed');
        schedule(intervalMs);
      },
    );
  };
  schedule(intervalMs);

  return {
    flush: async () => (await enqueue()).published,
    nudge() {
      idleDelay = intervalMs;
      // A pass in progress schedules the next one itself, now at the interval.
      if (dueAt !== null && dueAt - performance.now() > intervalMs) schedule(intervalMs);
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await chain;
    },
  };
}

function toEvent(row: OutboxRow): DomainEvent {
  const occurredAt =
    row.occurred_at instanceof Date ? row.occurred_at.toISOString() : new Date(row.occurred_at).toISOString();
  return { id: row.id, type: row.type, occurredAt, payload: row.payload };
}
