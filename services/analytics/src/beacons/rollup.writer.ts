import type { ModuleOutbox } from '@framecast/kit';
import { type Kysely, type RawBuilder, sql, type Transaction } from 'kysely';
import type { Logger } from 'pino';
import type { AnalyticsMetrics } from '../analytics.metrics.js';
import { type HourlyTable, scoped, type TargetKind } from '../analytics.tables.js';
import type { BatchDelta, Target } from './beacon.plan.js';

type Counts = Omit<HourlyTable, 'kind' | 'target_id' | 'hour' | 'channel_id'>;

const zero = (): Counts => ({
  views: 0,
  sessions: 0,
  watch_seconds: 0,
  startup_ms: 0,
  startups: 0,
  stall_ms: 0,
  stalls: 0,
  errors: 0,
  fatal_errors: 0,
  switches: 0,
  bitrate_seconds: 0,
  bitrate_known_seconds: 0,
});
const COUNT_COLUMNS = Object.keys(zero()) as (keyof Counts)[];
/** `x = hourly.x + excluded.x` for every count. */
const ADD_COUNTS = Object.fromEntries(
  COUNT_COLUMNS.map((col) => [col, sql<number>`${sql.ref(`hourly.${col}`)} + ${sql.ref(`excluded.${col}`)}`]),
) as Record<keyof Counts, RawBuilder<number>>;

const HOUR = 3600_000;
const MINUTE = 60_000;
/** Rows per statement: 16 parameters a row stays far below PostgreSQL's 65 535. */
const CHUNK = 1000;

/**
 * The rows in the order of their keys: instances writing the same rows at once lock them in one order, so their
 * flushes wait for each other rather than deadlock. Pure.
 */
export function inKeyOrder<T>(rows: ReadonlyMap<string, T>): T[] {
  return [...rows.keys()].sort().map((key) => rows.get(key) as T);
}

export const hourOf = (ms: number) => Math.floor(ms / HOUR) * HOUR;
export const minuteOf = (ms: number) => Math.floor(ms / MINUTE) * MINUTE;
export const dayOf = (ms: number) => new Date(ms).toISOString().slice(0, 10);

interface Pending {
  hourly: Map<string, { kind: TargetKind; id: string; hour: number; channelId: string; c: Counts }>;
  retention: Map<string, { videoId: string; day: string; bucket: number; sessions: number }>;
  viewers: Map<string, { kind: TargetKind; id: string; day: string; channelId: string; viewer: string }>;
  /** Views per video, for `analytics.views`. */
  videoViews: Map<string, number>;
}

const empty = (): Pending => ({ hourly: new Map(), retention: new Map(), viewers: new Map(), videoViews: new Map() });

/**
 * Counts from beacons, added up in memory and written every `flushMs` in one transaction: one upsert per table
 * adding the pending counts to the rows (`on conflict … do update set x = x + excluded.x`), and one `analytics.views`
 * event with the views counted per video. So ten thousand beacons a second cost the database a few statements a
 * flush. Live concurrency is held per minute and written once the minute is over (a viewer counts once per minute,
 * which partial sums could not say). A failed flush keeps its counts for the next one; a crash loses at most one
 * flush interval of counts.
 */
export function createRollupWriter(deps: {
  db: Kysely<any>;
  outbox: ModuleOutbox;
  logger: Logger;
  metrics: AnalyticsMetrics;
  flushMs: number;
  now: () => number;
}) {
  let pending = empty();
  /** Live session → minute → playback sessions heard from in it. */
  const concurrency = new Map<string, Map<number, Set<string>>>();
  let timer: ReturnType<typeof setInterval> | undefined;
  let flushing: Promise<void> | null = null;

  const hourlyOf = (p: Pending, target: Target, at: number) => {
    const hour = hourOf(at);
    const key = `${target.kind}:${target.id}:${hour}`;
    let row = p.hourly.get(key);
    if (!row) {
      row = { kind: target.kind, id: target.id, hour, channelId: target.channelId, c: zero() };
      p.hourly.set(key, row);
    }
    return row.c;
  };

  const mergeInto = (into: Pending, from: Pending) => {
    for (const [key, row] of from.hourly) {
      const have = into.hourly.get(key);
      if (!have) into.hourly.set(key, row);
      else for (const col of COUNT_COLUMNS) have.c[col] += row.c[col];
    }
    for (const [key, row] of from.retention) {
      const have = into.retention.get(key);
      if (!have) into.retention.set(key, row);
      else have.sessions += row.sessions;
    }
    for (const [key, row] of from.viewers) into.viewers.set(key, row);
    for (const [id, n] of from.videoViews) into.videoViews.set(id, (into.videoViews.get(id) ?? 0) + n);
  };

  const writeHourly = async (trx: Transaction<any>, rows: Pending['hourly']) => {
    const all = inKeyOrder(rows);
    for (let i = 0; i < all.length; i += CHUNK) {
      await scoped(trx)
        .insertInto('hourly')
        .values(
          all.slice(i, i + CHUNK).map((r) => ({
            kind: r.kind,
            target_id: r.id,
            hour: new Date(r.hour),
            channel_id: r.channelId,
            ...r.c,
          })),
        )
        .onConflict((oc) => oc.columns(['kind', 'target_id', 'hour']).doUpdateSet(ADD_COUNTS))
        .execute();
    }
  };

  const writeRetention = async (trx: Transaction<any>, rows: Pending['retention']) => {
    const all = inKeyOrder(rows);
    for (let i = 0; i < all.length; i += CHUNK) {
      await scoped(trx)
        .insertInto('retention')
        .values(
          all.slice(i, i + CHUNK).map((r) => ({
            video_id: r.videoId,
            day: r.day,
            bucket: r.bucket,
            sessions: r.sessions,
          })),
        )
        .onConflict((oc) =>
          oc
            .columns(['video_id', 'day', 'bucket'])
            .doUpdateSet({ sessions: sql`retention.sessions + excluded.sessions` }),
        )
        .execute();
    }
  };

  const writeViewers = async (trx: Transaction<any>, rows: Pending['viewers']) => {
    const all = inKeyOrder(rows);
    for (let i = 0; i < all.length; i += CHUNK) {
      await scoped(trx)
        .insertInto('viewers')
        .values(
          all.slice(i, i + CHUNK).map((r) => ({
            kind: r.kind,
            target_id: r.id,
            day: r.day,
            channel_id: r.channelId,
            viewer: r.viewer,
          })),
        )
        .onConflict((oc) => oc.columns(['kind', 'target_id', 'day', 'viewer']).doNothing())
        .execute();
    }
  };

  const writeConcurrency = async (
    trx: Transaction<any>,
    rows: { session: string; minute: number; viewers: number }[],
  ) => {
    for (let i = 0; i < rows.length; i += CHUNK) {
      await scoped(trx)
        .insertInto('concurrency')
        .values(
          rows
            .slice(i, i + CHUNK)
            .map((r) => ({ session_id: r.session, minute: new Date(r.minute), viewers: r.viewers })),
        )
        .onConflict((oc) =>
          oc.columns(['session_id', 'minute']).doUpdateSet({ viewers: sql`concurrency.viewers + excluded.viewers` }),
        )
        .execute();
    }
  };

  /** Minutes that are over, taken out of `concurrency` (all of them when `everything`). */
  const closedMinutes = (everything: boolean) => {
    const current = minuteOf(deps.now());
    const out: { session: string; minute: number; viewers: number }[] = [];
    for (const [session, minutes] of concurrency) {
      for (const [minute, players] of minutes) {
        if (!everything && minute >= current) continue;
        out.push({ session, minute, viewers: players.size });
        minutes.delete(minute);
      }
      if (minutes.size === 0) concurrency.delete(session);
    }
    return out;
  };

  const putBack = (rows: { session: string; minute: number; viewers: number }[]) => {
    // The players themselves are gone; the count is kept as that many placeholders.
    for (const r of rows) {
      const minutes = concurrency.get(r.session) ?? new Map<number, Set<string>>();
      concurrency.set(r.session, minutes);
      const players = minutes.get(r.minute) ?? new Set<string>();
      for (let i = 0; i < r.viewers; i++) players.add(`\u0000${i}`);
      minutes.set(r.minute, players);
    }
  };

  const flush = async (everything: boolean) => {
    const batch = pending;
    pending = empty();
    const minutes = closedMinutes(everything);
    if (batch.hourly.size + batch.retention.size + batch.viewers.size + minutes.length === 0) return;
    const started = performance.now();
    try {
      await deps.db.transaction().execute(async (trx) => {
        await writeHourly(trx, batch.hourly);
        await writeRetention(trx, batch.retention);
        await writeViewers(trx, batch.viewers);
        await writeConcurrency(trx, minutes);
        const videos = [...batch.videoViews].map(([videoId, views]) => ({ videoId, views }));
        for (let i = 0; i < videos.length; i += 1000) {
          await deps.outbox.write(trx, 'analytics.views', { videos: videos.slice(i, i + 1000) });
        }
      });
      deps.metrics.flushes.inc();
      deps.metrics.flushSeconds.observe((performance.now() - started) / 1000);
    } catch (err) {
      deps.logger.error({ err, rows: batch.hourly.size }, 'analytics counts could not be written; trying again');
      deps.metrics.flushFailures.inc();
      mergeInto(batch, pending);
      pending = batch;
      putBack(minutes);
    }
  };

  const run = (everything = false) => {
    flushing ??= flush(everything).finally(() => {
      flushing = null;
    });
    return flushing;
  };

  return {
    /** Adds a checked batch's counts to its target's current hour. */
    add(target: Target, delta: BatchDelta, at: number) {
      const c = hourlyOf(pending, target, at);
      c.sessions += delta.sessions;
      c.watch_seconds += delta.watchSeconds;
      c.startup_ms += delta.startupMs;
      c.startups += delta.startups;
      c.stall_ms += delta.stallMs;
      c.stalls += delta.stalls;
      c.errors += delta.errors;
      c.fatal_errors += delta.fatalErrors;
      c.switches += delta.switches;
      c.bitrate_seconds += delta.bitrateSeconds;
      c.bitrate_known_seconds += delta.bitrateKnownSeconds;
      if (target.kind === 'video' && delta.buckets.length > 0) {
        const day = dayOf(at);
        for (const bucket of delta.buckets) {
          const key = `${target.id}:${day}:${bucket}`;
          const have = pending.retention.get(key);
          if (have) have.sessions += 1;
          else pending.retention.set(key, { videoId: target.id, day, bucket, sessions: 1 });
        }
      }
    },
    /** A view was counted for `viewer` (a hash). */
    view(target: Target, viewer: string, at: number) {
      hourlyOf(pending, target, at).views += 1;
      const day = dayOf(at);
      pending.viewers.set(`${target.kind}:${target.id}:${day}:${viewer}`, {
        kind: target.kind,
        id: target.id,
        day,
        channelId: target.channelId,
        viewer,
      });
      if (target.kind === 'video') pending.videoViews.set(target.id, (pending.videoViews.get(target.id) ?? 0) + 1);
    },
    /** A live session's player was heard from. */
    heard(streamId: string, playback: string, at: number) {
      const minutes = concurrency.get(streamId) ?? new Map<number, Set<string>>();
      concurrency.set(streamId, minutes);
      const minute = minuteOf(at);
      const players = minutes.get(minute) ?? new Set<string>();
      minutes.set(minute, players);
      players.add(playback);
    },
    /** Players of a live session in its minute still under way (not written yet). */
    listening(streamId: string): number {
      return concurrency.get(streamId)?.get(minuteOf(deps.now()))?.size ?? 0;
    },
    start() {
      timer ??= setInterval(() => void run(), deps.flushMs);
      timer.unref();
    },
    /** Writes everything pending now, the minute under way included. */
    async drain() {
      await flushing;
      await run(true);
    },
    async stop() {
      clearInterval(timer);
      timer = undefined;
      await flushing;
      await run(true);
    },
  };
}

export type RollupWriter = ReturnType<typeof createRollupWriter>;
