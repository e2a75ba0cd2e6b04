import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { AnalyticsRange, ChannelAnalytics, StreamAnalytics, VideoAnalytics } from '@framecast/contracts';
import {
  AppError,
  bearer,
  type Clock,
  HandleParams,
  type Identity,
  IdParams,
  problems,
  requireIdentity,
} from '@framecast/kit';
import type { FastifyInstance } from 'fastify';
import Type from 'typebox';
import { qoeOf, type Range, resolveRange, retentionOf, seriesOf, totalsOf } from './report.plan.js';
import type { ReportStore, Scope } from './report.store.js';

const tags = ['analytics'];
const SessionParams = Type.Object({ sessionId: Type.String({ format: 'uuid' }) }, { additionalProperties: false });

/** A channel's analytics are its owner's (a channel is its owner's account) and the admins'. Pure. */
export const mayRead = (channelId: string, identity: Identity) =>
  identity.userId === channelId || identity.roles.includes('admin');

const notFound = (what: string) => AppError.notFound('analytics_target_not_found', `No ${what} is known here.`);

function owned(channelId: string, identity: Identity) {
  if (!mayRead(channelId, identity)) {
    throw AppError.forbidden('not_analytics_owner', "Only the channel's owner and admins may read its analytics.");
  }
}

/** `/api/analytics/{videos,streams,channels}/…`: reports over the rollups (docs/api.md, "Analytics"). */
export function reportRoutes(deps: { store: ReportStore; clock: Clock }) {
  const { store, clock } = deps;

  const totals = async (scope: Scope, range: Range) => {
    const [sums, hours, uniqueViewers] = await Promise.all([
      store.sums(scope, range),
      store.byHour(scope, range),
      store.uniqueViewers(scope, range),
    ]);
    return {
      sums,
      body: {
        from: range.from.toISOString(),
        to: range.to.toISOString(),
        ...totalsOf(sums),
        uniqueViewers,
        qoe: qoeOf(sums),
        granularity: range.granularity,
        series: seriesOf(hours, range),
      },
    };
  };

  return async (scope: FastifyInstance) => {
    const app = scope.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/api/analytics/videos/:id',
      {
        schema: {
          tags,
          summary: "A video's views, unique viewers, watch time, retention and quality of experience (owner, admins)",
          security: bearer,
          params: IdParams,
          querystring: AnalyticsRange,
          response: { 200: VideoAnalytics, ...problems(400, 401, 403, 404) },
        },
      },
      async (request) => {
        const identity = requireIdentity(request);
        const video = await store.video(request.params.id);
        if (!video) throw notFound('video');
        owned(video.channel_id, identity);
        const range = resolveRange(request.query, clock.now());
        const { sums, body } = await totals({ kind: 'video', id: video.video_id }, range);
        const buckets = await store.retention(video.video_id, range);
        return {
          videoId: video.video_id,
          ...body,
          retention: retentionOf(buckets, sums.sessions, Number(video.duration)),
        };
      },
    );

    app.get(
      '/api/analytics/streams/:sessionId',
      {
        schema: {
          tags,
          summary:
            'A live session: views, watch time, concurrent viewers and their peak, chat per minute (owner, admins)',
          security: bearer,
          params: SessionParams,
          querystring: AnalyticsRange,
          response: { 200: StreamAnalytics, ...problems(400, 401, 403, 404) },
        },
      },
      async (request) => {
        const identity = requireIdentity(request);
        const stream = await store.stream(request.params.sessionId);
        if (!stream) throw notFound('live session');
        owned(stream.channel_id, identity);
        const now = clock.now();
        const startedAt = new Date(stream.started_at);
        const endedAt = stream.ended_at ? new Date(stream.ended_at) : null;
        // Without a range, the stream's own span (to the next minute, so its last minute is in).
        const end = new Date(Math.ceil((endedAt ?? now).getTime() / 60_000) * 60_000 + 1);
        const range = resolveRange(request.query, now, { from: startedAt, to: end });
        const { body } = await totals({ kind: 'stream', id: stream.session_id }, range);
        const [concurrentViewers, chatMessagesPerMinute] = await Promise.all([
          store.concurrency(stream.session_id, range),
          store.chatMinutes(stream.channel_id, {
            ...range,
            from: range.from < startedAt ? startedAt : range.from,
            to: endedAt && range.to > end ? end : range.to,
          }),
        ]);
        const peak = Math.max(stream.peak_viewers ?? 0, ...concurrentViewers.map((c) => c.count));
        return {
          sessionId: stream.session_id,
          startedAt: startedAt.toISOString(),
          endedAt: endedAt?.toISOString() ?? null,
          ...body,
          peakViewers: peak,
          concurrentViewers,
          chatMessages: chatMessagesPerMinute.reduce((n, m) => n + m.count, 0),
          chatMessagesPerMinute,
        };
      },
    );

    app.get(
      '/api/analytics/channels/:handle',
      {
        schema: {
          tags,
          summary: "A channel's videos and streams together, its chat messages and follows (owner, admins)",
          security: bearer,
          params: HandleParams,
          querystring: AnalyticsRange,
          response: { 200: ChannelAnalytics, ...problems(400, 401, 403, 404) },
        },
      },
      async (request) => {
        const identity = requireIdentity(request);
        const channel = await store.channel(request.params.handle);
        if (!channel) throw notFound('channel');
        owned(channel.channel_id, identity);
        const range = resolveRange(request.query, clock.now());
        const { body } = await totals({ channelId: channel.channel_id }, range);
        const minutes = await store.channelMinuteSums(channel.channel_id, range);
        return {
          channelId: channel.channel_id,
          handle: channel.handle,
          ...body,
          chatMessages: minutes.chat,
          followsGained: minutes.follows,
          followsLost: minutes.unfollows,
        };
      },
    );
  };
}
