import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
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

/** The node request behind tus's web request, to find what the route reserved for it. */
const nodeRequest = (req: unknown) => (req as { runtime?: { node?: { req?: IncomingMessage } } }).runtime?.node?.req;

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
}) {
  const { files, uploads, logger, clock, expiryHours } = deps;
  /** The video id reserved for each creation request being handed to tus. */
  const reservedIds = new WeakMap<IncomingMessage, string>();

  const server = new Server({
    path: TUS_PATH,
    datastore: files.datastore,
    relativeLocation: true,
    exposedHeaders: ['Upload-Expires'],
    postReceiveInterval: TOUCH_EVERY_MS,
    namingFunction(req) {
      const raw = nodeRequest(req);
      const id = raw ? reservedIds.get(raw) : undefined;
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

      const handOver = async (request: FastifyRequest, reply: FastifyReply) => {
        const id = (request.params as { id?: string }).id;
        let created: string | undefined;
        if (request.method === 'POST') {
          const row = await reserve(request);
          created = row.id;
          reservedIds.set(request.raw, row.id);
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
        // Headers set by the hooks so far (request id, CORS, security) go out with tus's answer.
        reply.hijack();
        for (const [name, value] of Object.entries(reply.getHeaders())) {
          if (value !== undefined) reply.raw.setHeader(name, value as string | number | string[]);
        }
        try {
          await server.handle(request.raw, reply.raw);
        } catch (error) {
          logger.error({ err: error }, 'resumable upload failed');
          if (!reply.raw.headersSent) reply.raw.writeHead(500).end();
        }
        // A creation tus refused (a header it does not take, a failed write) gives its reservation back.
        if (created && reply.raw.statusCode !== 201) {
          await uploads.release(created).catch((err: unknown) => logger.error({ err }, 'could not release an upload'));
          await files.discard(created);
        }
      };

      const schema = { hide: true };
      app.route({ method: ['POST', 'OPTIONS'], url: TUS_PATH, schema, handler: handOver });
      app.route({ method: ['HEAD', 'PATCH', 'DELETE', 'OPTIONS'], url: `${TUS_PATH}/:id`, schema, handler: handOver });
    },
  };
}
