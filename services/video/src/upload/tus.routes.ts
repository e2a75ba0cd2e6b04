import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { errorCatalog } from '@framecast/contracts/errors';
import { acceptsVideoFile } from '@framecast/contracts/rules';
import { AppError, type Clock, requireIdentity } from '@framecast/kit';
import { EVENTS, Metadata, Server } from '@tus/server';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { VideoTables } from '../video.tables.js';
import { manages } from '../videos/video.policy.js';
import { videoStore } from '../videos/video.store.js';
import { videoFacts } from '../videos/video.view.js';
import type { TusFiles } from './tus.files.js';
import { unsupportedType, uploadExpired, uploadExpiresAt, uploadFields } from './upload.rules.js';
import type { UploadService } from './upload.service.js';

export const TUS_PATH = '/api/uploads';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** How often a PATCH still streaming counts as activity; each write counts when it ends (see `tus.files.ts`). */
const TOUCH_EVERY_MS = 60_000;

/** The problems a tus answer of ours becomes. */
type TusCode =
  | 'tus_bad_request'
  | 'forbidden'
  | 'upload_not_found'
  | 'upload_offset_mismatch'
  | 'upload_expired'
  | 'tus_resumable_required'
  | 'upload_too_large'
  | 'unsupported_media_type';

const noSuchUpload = () => AppError.notFound('upload_not_found', 'There is no such upload.');

/** `Upload-Expires`: an HTTP date (RFC 9110). */
const httpDate = (date: Date) => date.toUTCString();

/**
 * `/api/uploads`: resumable uploads with tus 1.0 (`@tus/server`), the tus id being the video id. The route checks
 * the caller and the metadata and reserves the video (quota included) before tus creates anything, so every refusal
 * is a problem+json answer. An unfinished upload expires `expiryHours` after bytes last arrived: HEAD and PATCH then
 * answer 410, and `Upload-Expires` says when. tus's own expiration counts from creation on the wall clock, so it is
 * left off; the module's clock and the video's `updated_at` decide instead.
 */
export function tusUploads(deps: {
  files: TusFiles;
  uploads: UploadService;
  logger: Logger;
  clock: Clock;
  expiryHours: number;
  /** Origins allowed to call from other sites (the platform's CORS settings); none: no CORS headers. */
  corsOrigins: readonly string[];
}) {
  const { files, uploads, logger, clock, expiryHours, corsOrigins } = deps;
  /** The video id reserved for each creation request handed to tus (the web request this route made for it). */
  const reservedIds = new WeakMap<Request, string>();

  const server = new Server({
    path: TUS_PATH,
    datastore: files.datastore,
    relativeLocation: true,
    exposedHeaders: ['Upload-Expires'],
    postReceiveInterval: TOUCH_EVERY_MS,
    // The same answer as the platform's CORS: only configured origins, never `*`.
    allowedOrigins: (origin) => corsOrigins.includes(origin),
    allowedCredentials: true,
    namingFunction(req) {
      const id = reservedIds.get(req);
      if (!id) throw new Error('an upload reached tus without a reserved video');
      return id;
    },
    async onUploadFinish(_req, upload) {
      await files.finish(upload.id, upload.size ?? upload.offset);
      return {};
    },
  });
  server.on(EVENTS.POST_RECEIVE, (_req, upload) => {
    uploads.touch(upload.id).catch((err: unknown) => logger.warn({ err }, 'could not mark an upload as active'));
  });

  /** Checks a creation request and reserves its video; tus then creates the upload under that id. */
  const reserve = async (request: FastifyRequest) => {
    const identity = requireIdentity(request);
    if (!identity.roles.includes('creator') && !identity.roles.includes('admin')) {
      throw AppError.forbidden('forbidden', 'Only creators can upload videos.');
    }
    if (request.headers['tus-resumable'] === undefined) {
      throw new AppError(412, 'tus_resumable_required', 'Send Tus-Resumable: 1.0.0 with every tus request.');
    }
    const length = Number(request.headers['upload-length']);
    if (!Number.isSafeInteger(length) || length <= 0) {
      throw AppError.badRequest('upload_length_required', 'Say how large the video is in Upload-Length.');
    }
    let meta: Record<string, string | null>;
    try {
      meta = Metadata.parse(request.headers['upload-metadata'] as string | undefined);
    } catch {
      throw AppError.badRequest(
        'upload_metadata_invalid',
        'Upload-Metadata must be comma-separated "key base64value" pairs.',
      );
    }
    const filename = meta.filename ?? undefined;
    if (!acceptsVideoFile({ name: filename, type: meta.filetype ?? undefined })) throw unsupportedType();
    const fields = uploadFields(
      {
        title: meta.title ?? undefined,
        description: meta.description ?? undefined,
        visibility: meta.visibility ?? undefined,
      },
      filename,
    );
    const { row } = await uploads.reserve({ id: randomUUID(), owner: identity, ...fields }, { exactly: length });
    return row;
  };

  return {
    routes: (db: Kysely<VideoTables>) => async (app: FastifyInstance) => {
      // tus bodies are raw bytes for tus to read: left unparsed here.
      app.addContentTypeParser('application/offset+octet-stream', (_request, _payload, done) => done(null));

      const giveBack = async (id: string) => {
        await uploads.release(id).catch((err: unknown) => logger.error({ err }, 'could not release an upload'));
        await files.discard(id);
      };

      const handOver = async (request: FastifyRequest, reply: FastifyReply) => {
        const id = (request.params as { id?: string }).id;
        let created: string | undefined;
        if (request.method === 'POST') {
          const row = await reserve(request);
          created = row.id;
          reply.header('upload-expires', httpDate(uploadExpiresAt(row.updated_at, expiryHours)));
        } else if (id !== undefined && request.method !== 'OPTIONS') {
          const row = UUID.test(id) ? await videoStore.byId(db, id) : undefined;
          if (!row) throw noSuchUpload();
          if (!manages(videoFacts(row), requireIdentity(request))) throw noSuchUpload();
          if (request.method === 'DELETE') {
            // Terminating an upload deletes its video, the same as DELETE /api/videos/:id.
            await uploads.remove(row);
            return reply.status(204).header('tus-resumable', '1.0.0').send();
          }
          if (row.status === 'uploading') {
            const now = clock.now();
            if (uploadExpired(row.updated_at, now, expiryHours)) {
              throw new AppError(
                410,
                'upload_expired',
                `Nothing arrived for this upload in ${expiryHours} hours, so it was given up. Start the upload again.`,
              );
            }
            const offset = Number(request.headers['upload-offset']);
            const completes = offset + Number(request.headers['content-length'] ?? 0) === Number(row.size);
            // A PATCH moves the expiry to now (its bytes touch the upload); one that completes the upload ends it.
            const touched = request.method === 'PATCH' ? now : row.updated_at;
            if (!(request.method === 'PATCH' && completes)) {
              reply.header('upload-expires', httpDate(uploadExpiresAt(touched, expiryHours)));
            }
          }
        }
        // tus answers a web request the route builds; its answer goes out through Fastify, so the headers of every
        // hook (request id, CORS, security) go with it, and its errors become problems like every other error.
        const web = webRequest(request);
        if (created) reservedIds.set(web, created);
        let answer: Response;
        try {
          answer = await server.handleWeb(web);
        } catch (error) {
          if (created) await giveBack(created);
          throw error;
        }
        // A creation tus refused (a header it does not take, a failed write) gives its reservation back.
        if (created && answer.status !== 201) await giveBack(created);
        if (answer.status >= 400) {
          const problem = await tusProblem(answer);
          if (problem.status >= 500)
            logger.warn({ status: answer.status, detail: problem.cause }, 'resumable upload failed');
          throw problem;
        }
        reply.status(answer.status);
        for (const [name, value] of answer.headers) {
          if (name !== 'content-length' || answer.body !== null) reply.header(name, value);
        }
        return reply.send(answer.body ? Readable.fromWeb(answer.body as never) : null);
      };

      const schema = { hide: true };
      app.route({ method: ['POST', 'OPTIONS'], url: TUS_PATH, schema, handler: handOver });
      app.route({ method: ['HEAD', 'PATCH', 'DELETE', 'OPTIONS'], url: `${TUS_PATH}/:id`, schema, handler: handOver });
    },
  };
}

/** The Fastify request as the web request tus takes; a PATCH's body streams straight from the socket. */
function webRequest(request: FastifyRequest): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
  }
  // Only tus's own content type is left unparsed for it; any other body was read (or refused) by Fastify already.
  const hasBody =
    (request.method === 'PATCH' || request.method === 'POST') &&
    String(request.headers['content-type']).split(';')[0]?.trim().toLowerCase() === 'application/offset+octet-stream';
  return new Request(`http://${request.host}${request.url}`, {
    method: request.method,
    headers,
    ...(hasBody ? { body: Readable.toWeb(request.raw) as ReadableStream, duplex: 'half' } : {}),
  } as RequestInit);
}

/** A tus error answer (plain text) as a problem: its status, and its sentence as the detail. */
async function tusProblem(answer: Response): Promise<AppError> {
  const text = (await answer.text()).trim();
  const codes: Partial<Record<number, TusCode>> = {
    400: 'tus_bad_request',
    403: 'forbidden',
    404: 'upload_not_found',
    409: 'upload_offset_mismatch',
    410: 'upload_expired',
    412: 'tus_resumable_required',
    413: 'upload_too_large',
    415: 'unsupported_media_type',
  };
  if (answer.status >= 500) {
    return new AppError(500, 'upload_failed', 'The upload could not be stored; try again.', undefined, { cause: text });
  }
  const code = codes[answer.status] ?? 'tus_bad_request';
  return new AppError(errorCatalog[code].status, code, text || 'The upload request was refused.');
}
