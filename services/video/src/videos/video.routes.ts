import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { UpdateVideoBody, Video, VideoListQuery, VideoPage } from '@framecast/contracts';
import {
  AppError,
  bearer,
  type Clock,
  decodeKeyset,
  HandleParams,
  IdParams,
  type KeysetSort,
  keysetPage,
  PageQuery,
  problems,
  requireIdentity,
} from '@framecast/kit';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import Type from 'typebox';
import type { UploadService } from '../upload/upload.service.js';
import { jsonb, type VideoRow, type VideoTables } from '../video.tables.js';
import { channelListing, manages, maySee, type Viewer } from './video.policy.js';
import type { VideoPresenter } from './video.presenter.js';
import { type VideoScope, videoStore } from './video.store.js';
import { videoFacts } from './video.view.js';

const DEFAULT_LIMIT = 20;
const notFound = () => AppError.notFound('video_not_found', 'There is no such video.');

/** Reading, listing, editing and deleting videos (views are counted by the analytics module). */
export function videoRoutes(deps: {
  db: Kysely<VideoTables>;
  clock: Clock;
  uploads: UploadService;
  present: VideoPresenter;
}) {
  const { db, clock, uploads, present } = deps;

  const visible = async (id: string, viewer: Viewer): Promise<VideoRow> => {
    const row = await videoStore.byId(db, id);
    if (!row || !maySee(videoFacts(row), viewer)) throw notFound();
    return row;
  };
  const managed = async (id: string, viewer: Viewer): Promise<VideoRow> => {
    const row = await visible(id, viewer);
    if (!manages(videoFacts(row), viewer)) {
      throw AppError.forbidden('not_video_owner', 'Only the channel that uploaded this video can change it.');
    }
    return row;
  };
  const page = async (
    scope: VideoScope,
    sort: KeysetSort,
    query: { limit?: number; cursor?: string },
    viewer: Viewer,
  ) => {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const cursor =
      query.cursor === undefined ? undefined : decodeKeyset(query.cursor, sort, { maxCount: Number.MAX_SAFE_INTEGER });
    const rows = await videoStore.page(db, { scope, sort, limit, ...(cursor ? { cursor } : {}) });
    const { items, nextCursor } = keysetPage(rows, limit, (row) =>
      sort === 'new' ? { sort, key: row.created_at, id: row.id } : { sort, key: Number(row.views), id: row.id },
    );
    return { items: items.map((row) => present(row, viewer)), nextCursor };
  };

  return async (scope: FastifyInstance) => {
    const app = scope.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/api/videos',
      {
        schema: {
          tags: ['videos'],
          summary: 'Public videos that are ready, newest or most viewed first; or the videos named by `ids`',
          querystring: VideoListQuery,
          response: { 200: VideoPage, ...problems(400) },
        },
      },
      async (request) => {
        const { ids, ...listing } = request.query;
        if (ids === undefined) return page({ kind: 'public' }, listing.sort ?? 'new', listing, request.identity);
        if (Object.keys(listing).length > 0) {
          throw AppError.badRequest('validation_failed', '"ids" is not sent with sort, limit or cursor.', {
            field: 'ids',
          });
        }
        // Each video as `GET /api/videos/:id` answers it, for batches of look-ups (GraphQL at the gateway).
        const wanted = [...new Set(ids.split(','))];
        const rows = new Map((await videoStore.byIds(db, wanted)).map((row) => [row.id, row]));
        const items = wanted.flatMap((id) => {
          const row = rows.get(id);
          return row && maySee(videoFacts(row), request.identity) ? [present(row, request.identity)] : [];
        });
        return { items, nextCursor: null };
      },
    );

    app.get(
      '/api/videos/mine',
      {
        schema: {
          tags: ['videos'],
          summary: "The caller's videos in every state, newest first (creator dashboard)",
          security: bearer,
          querystring: PageQuery,
          response: { 200: VideoPage, ...problems(400, 401) },
        },
      },
      async (request) => {
        const identity = requireIdentity(request);
        return page({ kind: 'mine', channelId: identity.userId }, 'new', request.query, identity);
      },
    );

    app.get(
      '/api/channels/:handle/videos',
      {
        schema: {
          tags: ['videos'],
          summary: "A channel's videos: public ones for others, all of them for the owner",
          params: HandleParams,
          querystring: VideoListQuery,
          response: { 200: VideoPage, ...problems(400) },
        },
      },
      async (request) => {
        const { handle } = request.params;
        const all = channelListing(handle, request.identity) === 'all';
        return page({ kind: 'channel', handle, all }, request.query.sort ?? 'new', request.query, request.identity);
      },
    );

    app.get(
      '/api/videos/:id',
      {
        schema: {
          tags: ['videos'],
          summary: 'A video, with its playback URLs once its first renditions play',
          params: IdParams,
          response: { 200: Video, ...problems(404) },
        },
      },
      async (request) => present(await visible(request.params.id, request.identity), request.identity),
    );

    app.patch(
      '/api/videos/:id',
      {
        schema: {
          tags: ['videos'],
          summary: 'Edit a video (its channel or an admin)',
          security: bearer,
          params: IdParams,
          body: UpdateVideoBody,
          response: { 200: Video, ...problems(400, 401, 403, 404) },
        },
      },
      async (request) => {
        const identity = requireIdentity(request);
        const row = await managed(request.params.id, identity);
        const { title, description, visibility, tags, category, language } = request.body;
        const details = {
          ...row.details,
          ...(tags !== undefined ? { tags } : {}),
          ...(category !== undefined ? { category } : {}),
          ...(language !== undefined ? { language } : {}),
        };
        const updated = await videoStore.update(db, row.id, {
          ...(title !== undefined ? { title } : {}),
          ...(description !== undefined ? { description } : {}),
          // A visibility change revokes every playback link signed before it.
          ...(visibility !== undefined && visibility !== row.visibility
            ? { visibility, playback_generation: row.playback_generation + 1 }
            : {}),
          details: jsonb(details),
          updated_at: clock.now(),
        });
        if (!updated) throw notFound();
        return present(updated, identity);
      },
    );

    app.delete(
      '/api/videos/:id',
      {
        schema: {
          tags: ['videos'],
          summary: 'Delete a video and every file of it (its channel or an admin)',
          security: bearer,
          params: IdParams,
          response: { 204: Type.Null(), ...problems(401, 403, 404) },
        },
      },
      async (request, reply) => {
        const identity = requireIdentity(request);
        await uploads.remove(await managed(request.params.id, identity));
        return reply.status(204).send(null);
      },
    );
  };
}
