import type { ObjectStorage } from '@framecast/adapters';
import { AppError, type CmcdMetrics } from '@framecast/kit';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { videoPrefix } from '../upload/upload.service.js';
import type { VideoTables } from '../video.tables.js';
import { mediaAccess } from '../videos/video.policy.js';
import { videoStore } from '../videos/video.store.js';
import { videoFacts } from '../videos/video.view.js';
import { parseRange } from './byte.range.js';
import { parseMediaPath } from './media.path.js';
import { cacheControl, mediaType } from './media.types.js';
import type { PlaybackSigner } from './playback.signer.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const missing = () =>
  AppError.notFound(
    'media_not_found',
    'There is no such media file, or its playback link has expired. Open the video again to get a new one.',
  );

/**
 * `/media/videos/<id>/…`: the transcoder's outputs, straight from storage, with byte ranges and cache headers.
 * Private and unlisted videos are served only under `/media/videos/<id>/t/<token>/…`, the token checked each time.
 * The query string plays no part in what is served (the token is in the path): players' CMCD argument only goes into
 * the metrics.
 */
export function mediaRoutes(deps: {
  db: Kysely<VideoTables>;
  storage: ObjectStorage;
  signer: PlaybackSigner;
  cmcd: CmcdMetrics;
}) {
  const { db, storage, signer, cmcd } = deps;
  return async (app: FastifyInstance) => {
    app.get<{ Params: { id: string; '*': string } }>(
      '/media/videos/:id/*',
      { schema: { hide: true } },
      async (request, reply) => {
        cmcd.observe(request.url);
        const { id, '*': rest } = request.params;
        const path = UUID.test(id) ? parseMediaPath(rest) : null;
        const type = path ? mediaType(path.file) : null;
        if (!path || !type) throw missing();
        const row = await videoStore.byId(db, id);
        const token =
          path.token === null || !row ? null : signer.verify({ id, generation: row.playback_generation }, path.token);
        const decision = mediaAccess(row ? videoFacts(row) : null, token);
        if (decision === 'not_found') throw missing();

        const key = videoPrefix(id) + path.file;
        const info = await storage.head(key);
        if (!info) throw missing();
        const range = parseRange(request.headers.range, info.size);
        reply
          .header('content-type', type.type)
          .header('cache-control', cacheControl(type.kind, path.token !== null, row?.status === 'processing'))
          .header('accept-ranges', 'bytes')
          .header('x-content-type-options', 'nosniff');
        if (info.lastModified) reply.header('last-modified', info.lastModified.toUTCString());
        if (range.kind === 'unsatisfiable') {
          reply.header('content-range', `bytes */${info.size}`);
          throw new AppError(416, 'range_not_satisfiable', 'The requested byte range is outside the file.');
        }
        const object = await storage.get(key, range.kind === 'partial' ? range : undefined);
        reply.header('content-length', object.contentLength);
        if (range.kind === 'partial') {
          reply.status(206).header('content-range', `bytes ${range.start}-${range.end}/${info.size}`);
        }
        return reply.send(object.body);
      },
    );
  };
}
