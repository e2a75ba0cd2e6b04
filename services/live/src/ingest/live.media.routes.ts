import type { ObjectStorage } from '@framecast/adapters';
import { AppError } from '@framecast/kit';
import { contentTypes, parseLivePath } from '@framecast/packager';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { scoped } from '../live.tables.js';
import { sessionStore } from '../sessions/session.store.js';
import { type StreamPipeline, sessionPrefix } from './stream.pipeline.js';

/** Asks the live instance holding a stream for one of its files, and answers with what it says. */
async function forward(url: string, request: FastifyRequest, reply: FastifyReply) {
  const aborted = new AbortController();
  request.raw.once('close', () => aborted.abort());
  const answer = await fetch(url, { headers: { [FORWARDED_HEADER]: '1' }, signal: aborted.signal }).catch(() => null);
  if (!answer) {
    reply.header('retry-after', '1');
    throw new AppError(503, 'live_unavailable', 'The server holding this stream cannot be reached; try again.');
  }
  reply.code(answer.status);
  for (const name of FORWARDED_ANSWER) {
    const value = answer.headers.get(name);
    if (value) reply.header(name, value);
  }
  return reply.send(Buffer.from(await answer.arrayBuffer()));
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const missing = () => AppError.notFound('live_media_not_found', 'There is no such file of this stream.');

/** The type of a stored file of a stream, by its name. */
function storedType(path: string): string {
  if (path.endsWith('.m3u8')) return contentTypes.playlist;
  if (path.endsWith('.mpd')) return contentTypes.mpd;
  return path.startsWith('audio/') ? contentTypes.media('audio') : contentTypes.media('video');
}

/** Marks a request one live instance forwards to another: it is answered there, never forwarded again. */
export const FORWARDED_HEADER = 'x-framecast-live-forwarded';
/** The headers of the holding instance's answer that go back to the viewer. */
const FORWARDED_ANSWER = ['content-type', 'cache-control', 'retry-after', 'x-content-type-options'];

/**
 * A stream's playlists, manifest and media under `/media/live/<session id>/`: from the packager's memory while it is
 * on air in this process (blocking playlist reloads held there); while it is on air in another live instance,
 * forwarded to that one (the session's `origin`), blocking reloads and all; else from storage (what the packager
 * wrote: the segments of the DVR window, and the final playlists once the stream ended).
 */
export function liveMediaRoutes(deps: {
  db: Kysely<any>;
  storage: ObjectStorage;
  pipeline: (sessionId: string) => StreamPipeline | undefined;
  /** This instance's base URL (`LIVE_ADVERTISE_URL`). */
  self: string;
}) {
  const db = scoped(deps.db);
  return async (app: FastifyInstance) => {
    app.get<{ Params: { id: string; '*': string } }>(
      '/media/live/:id/*',
      { schema: { hide: true } },
      async (request, reply) => {
        const { id, '*': path } = request.params;
        if (!UUID.test(id) || parseLivePath(path) === null) throw missing();
        const pipeline = deps.pipeline(id);
        let storageKey: string | null = null;
        if (pipeline) {
          const aborted = new AbortController();
          request.raw.once('close', () => aborted.abort());
          const query = new URL(request.url, 'http://live').searchParams;
          const answer = await pipeline.packager.get(path, query, aborted.signal);
          if (answer.status === 200) {
            return reply
              .header('content-type', answer.contentType)
              .header('cache-control', answer.cacheControl)
              .header('x-content-type-options', 'nosniff')
              .send(typeof answer.body === 'string' ? answer.body : Buffer.from(answer.body));
          }
          if (answer.code === 'bad_request') throw AppError.badRequest('live_request_invalid', answer.message);
          if (answer.code === 'unavailable' || answer.code === 'overloaded' || answer.code === 'aborted') {
            reply.header('retry-after', '1');
            throw new AppError(503, 'live_unavailable', answer.message);
          }
          if (answer.code !== 'in_storage') throw missing();
          storageKey = answer.key ?? null;
        } else {
          const session = await sessionStore.byId(db, id);
          if (!session) throw missing();
          const elsewhere = !session.ended_at && session.origin && session.origin !== deps.self;
          if (elsewhere && request.headers[FORWARDED_HEADER] === undefined) {
            return forward(`${session.origin}${request.url}`, request, reply);
          }
        }
        const key = `${sessionPrefix(id)}${storageKey ?? path}`;
        const info = await deps.storage.head(key);
        if (!info) throw missing();
        const object = await deps.storage.get(key);
        const playlist = path.endsWith('.m3u8') || path.endsWith('.mpd');
        return reply
          .header('content-type', storedType(path))
          .header('cache-control', playlist ? 'no-cache' : 'public, max-age=31536000, immutable')
          .header('content-length', object.contentLength)
          .header('x-content-type-options', 'nosniff')
          .send(object.body);
      },
    );
  };
}
