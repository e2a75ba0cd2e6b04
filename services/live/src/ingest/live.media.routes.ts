import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import type { ObjectStorage } from '@framecast/adapters';
import { AppError, type CmcdMetrics } from '@framecast/kit';
import { type ChunkedBody, contentTypes, parseLivePath } from '@framecast/packager';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import { scoped } from '../live.tables.js';
import { sessionStore } from '../sessions/session.store.js';
import { type StreamPipeline, sessionPrefix } from './stream.pipeline.js';

/**
 * Asks the live instance holding a stream for one of its files, and answers with what it says, passing its body on as
 * it comes: a segment being written arrives there part by part, and goes on to the viewer the same way. An answer cut
 * off there is cut off here too.
 */
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
  // fetch undoes a content encoding, after which the length no longer holds; otherwise it tells a whole file.
  const length = answer.headers.get('content-length');
  if (length && !answer.headers.get('content-encoding')) reply.header('content-length', length);
  if (!answer.body) return reply.send(Buffer.alloc(0));
  return reply.send(Readable.fromWeb(answer.body as WebReadableStream<Uint8Array>));
}

/** A packager answer's body as Fastify sends it: text, bytes, or a stream of the parts of a segment being written. */
function sendable(body: string | Uint8Array | ChunkedBody): string | Buffer | Readable {
  if (typeof body === 'string') return body;
  if (body instanceof Uint8Array) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  // Sent with chunked transfer encoding, each part as it lands; a body that throws cuts the response off.
  return Readable.from(body, { objectMode: false });
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
 * on air in this process (blocking playlist reloads held there, the segment being written sent part by part as it
 * is written); while it is on air in another live instance, forwarded to that one (the session's `origin`),
 * blocking reloads, chunked segments and all; else from storage (what the packager wrote: the segments of the DVR
 * window, and the final playlists once the stream ended). Of the query, only the blocking reload's directives count;
 * players' CMCD argument goes into the metrics, once: not again where a request forwarded here is answered.
 */
export function liveMediaRoutes(deps: {
  db: Kysely<any>;
  storage: ObjectStorage;
  pipeline: (sessionId: string) => StreamPipeline | undefined;
  /** This instance's base URL (`LIVE_ADVERTISE_URL`). */
  self: string;
  cmcd: CmcdMetrics;
}) {
  const db = scoped(deps.db);
  return async (app: FastifyInstance) => {
    app.get<{ Params: { id: string; '*': string } }>(
      '/media/live/:id/*',
      { schema: { hide: true } },
      async (request, reply) => {
        const { id, '*': path } = request.params;
        if (request.headers[FORWARDED_HEADER] === undefined) deps.cmcd.observe(request.url);
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
              .send(sendable(answer.body));
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
