import { type Kysely, sql } from 'kysely';
import { scoped, type TargetKind } from '../analytics.tables.js';
import { dayOf, hourOf } from '../beacons/rollup.writer.js';
import type { Range, Sums } from './report.plan.js';

/** Which rollup rows a report reads: one video or stream, or everything of a channel. */
export type Scope = { kind: TargetKind; id: string } | { channelId: string };

const SUM_COLUMNS = [
  'views',
  'sessions',
  'watch_seconds',
  'startup_ms',
  'startups',
  'stall_ms',
  'stalls',
  'errors',
  'fatal_errors',
  'switches',
  'bitrate_seconds',
  'bitrate_known_seconds',
] as const;

/** Queries of the rollups; no business rules. Sums come back as numbers on both drivers. */
export function reportStore(db: Kysely<any>) {
  const s = () => scoped(db);
  const hourly = (scope: Scope, range: Range) => {
    let q = s()
      .selectFrom('hourly')
      .where('hour', '>=', new Date(hourOf(range.from.getTime())))
      .where('hour', '<', range.to);
    q =
      'channelId' in scope
        ? q.where('channel_id', '=', scope.channelId)
        : q.where('kind', '=', scope.kind).where('target_id', '=', scope.id);
    return q;
  };

  return {
    video: (id: string) => s().selectFrom('videos').selectAll().where('video_id', '=', id).executeTakeFirst(),
    stream: (id: string) => s().selectFrom('streams').selectAll().where('session_id', '=', id).executeTakeFirst(),
    channel: (handle: string) =>
      s().selectFrom('channels').selectAll().where('handle', '=', handle.toLowerCase()).executeTakeFirst(),

    async sums(scope: Scope, range: Range): Promise<Sums> {
      const row: Record<string, unknown> = await hourly(scope, range)
        .select(SUM_COLUMNS.map((c) => sql<number>`coalesce(sum(${sql.ref(c)}), 0)::float8`.as(c)))
        .executeTakeFirstOrThrow();
      return Object.fromEntries(SUM_COLUMNS.map((c) => [c, Number(row[c])])) as unknown as Sums;
    },

    async byHour(scope: Scope, range: Range) {
      const rows = await hourly(scope, range)
        .select([
          'hour',
          sql<number>`sum(views)::float8`.as('views'),
          sql<number>`sum(watch_seconds)::float8`.as('watch_seconds'),
        ])
        .groupBy('hour')
        .execute();
      return rows.map((r) => ({
        hour: new Date(r.hour),
        views: Number(r.views),
        watch_seconds: Number(r.watch_seconds),
      }));
    },

    async uniqueViewers(scope: Scope, range: Range): Promise<number> {
      let q = s()
        .selectFrom('viewers')
        .where('day', '>=', dayOf(range.from.getTime()))
        .where('day', '<=', dayOf(range.to.getTime() - 1));
      q =
        'channelId' in scope
          ? q.where('channel_id', '=', scope.channelId)
          : q.where('kind', '=', scope.kind).where('target_id', '=', scope.id);
      const row = await q.select(sql<number>`count(distinct viewer)::float8`.as('n')).executeTakeFirstOrThrow();
      return Number(row.n);
    },

    async retention(videoId: string, range: Range) {
      const rows = await s()
        .selectFrom('retention')
        .where('video_id', '=', videoId)
        .where('day', '>=', dayOf(range.from.getTime()))
        .where('day', '<=', dayOf(range.to.getTime() - 1))
        .select(['bucket', sql<number>`sum(sessions)::float8`.as('sessions')])
        .groupBy('bucket')
        .execute();
      return rows.map((r) => ({ bucket: Number(r.bucket), sessions: Number(r.sessions) }));
    },

    async concurrency(sessionId: string, range: Range) {
      const rows = await s()
        .selectFrom('concurrency')
        .where('session_id', '=', sessionId)
        .where('minute', '>=', range.from)
        .where('minute', '<', range.to)
        .select(['minute', 'viewers'])
        .orderBy('minute')
        .execute();
      return rows.map((r) => ({ at: new Date(r.minute).toISOString(), count: Number(r.viewers) }));
    },

    async chatMinutes(channelId: string, range: Range) {
      const rows = await s()
        .selectFrom('channel_minutes')
        .where('channel_id', '=', channelId)
        .where('minute', '>=', new Date(Math.floor(range.from.getTime() / 60_000) * 60_000))
        .where('minute', '<', range.to)
        .where('chat_messages', '>', 0)
        .select(['minute', 'chat_messages'])
        .orderBy('minute')
        .execute();
      return rows.map((r) => ({ at: new Date(r.minute).toISOString(), count: Number(r.chat_messages) }));
    },

    async channelMinuteSums(channelId: string, range: Range) {
      const row = await s()
        .selectFrom('channel_minutes')
        .where('channel_id', '=', channelId)
        .where('minute', '>=', new Date(Math.floor(range.from.getTime() / 60_000) * 60_000))
        .where('minute', '<', range.to)
        .select([
          sql<number>`coalesce(sum(chat_messages), 0)::float8`.as('chat'),
          sql<number>`coalesce(sum(follows), 0)::float8`.as('follows'),
          sql<number>`coalesce(sum(unfollows), 0)::float8`.as('unfollows'),
        ])
        .executeTakeFirstOrThrow();
      return { chat: Number(row.chat), follows: Number(row.follows), unfollows: Number(row.unfollows) };
    },
  };
}

export type ReportStore = ReturnType<typeof reportStore>;
