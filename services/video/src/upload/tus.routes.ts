import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import { join } from 'node:path';
import type { ObjectStorage } from '@framecast/adapters';
import { AppError, type Identity, requireIdentity } from '@framecast/kit';
import { FileStore } from '@tus/file-store';
import { Server, type Upload } from '@tus/server';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { VideoTables } from '../video.tables.js';
import { manages } from '../videos/video.policy.js';
import { videoStore } from '../videos/video.store.js';
import { acceptsUpload, uploadFields } from './upload.rules.js';
import { originalKey, type UploadService } from './upload.service.js';

export const TUS_PATH = '/api/uploads';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** What tus answers with when a hook refuses: its own `{ status_code, body }` shape. */
const refuse = (error: AppError) => ({ status_code: error.status, body: `${error.message}\n` });

/** The node request behind tus's web request, to find who made it. */
const nodeRequest = (req: unknown) => (req as { runtime?: { node?: { req?: IncomingMessage } } }).runtime?.node?.req;

export function tusUploads(deps: {
  directory: string;
  storage: ObjectStorage;
  uploads: UploadService;
  logger: Logger;
}) {
  const { directory, storage, uploads, logger } = deps;
  const datastore = new FileStore({ directory });
  /** Who sent each request being handed to tus (checked by the route before tus sees it). */
  const callers = new WeakMap<IncomingMessage, Identity>();

  const server = new Server({
    path: TUS_PATH,
    datastore,
    relativeLocation: true,
    // The tus id is the video id: the Location of an upload names its video.
    namingFunction: () => randomUUID(),
    async onUploadCreate(req, upload: Upload) {
      const raw = nodeRequest(req);
      const owner = raw ? callers.get(raw) : undefined;
      if (!owner) throw refuse(AppError.unauthorized('authentication_required', 'Sign in to do this.'));
      const meta = upload.metadata ?? {};
      const filename = meta.filename ?? undefined;
      if (!acceptsUpload(filename, meta.filetype ?? undefined)) {
        throw refuse(
          new AppError(
            415,
            'unsupported_video_type',
            'That file is not a video we accept. Upload MP4, MOV, MKV, WebM…',
          ),
        );
      }
      let fields: ReturnType<typeof uploadFields>;
      try {
        fields = uploadFields(
          {
            title: meta.title ?? undefined,
            description: meta.description ?? undefined,
            visibility: meta.visibility ?? undefined,
          },
          filename,
        );
      } catch (error) {
        throw refuse(error as AppError);
      }
      await uploads.create({ id: upload.id, owner, ...fields, size: upload.size ?? null }, 'uploading');
      return {};
    },
    async onUploadFinish(_req, upload: Upload) {
      const size = upload.size ?? upload.offset;
      await storage.put(originalKey(upload.id), createReadStream(join(directory, upload.id)));
      await datastore
        .remove(upload.id)
        .catch((err: unknown) => logger.warn({ err }, 'could not remove an upload file'));
      await uploads.startProcessing(upload.id, size, 'tus');
      return {};
    },
  });

  return {
    /** Deletes the temporary file of an upload that never finished. */
    async discard(videoId: string) {
      await datastore.remove(videoId).catch(() => undefined);
    },
    routes: (db: Kysely<VideoTables>) => async (app: FastifyInstance) => {
      // tus bodies are raw bytes for tus to read: left unparsed here.
      app.addContentTypeParser('application/offset+octet-stream', (_request, _payload, done) => done(null));

      const handOver = async (request: FastifyRequest, reply: FastifyReply) => {
        const id = (request.params as { id?: string }).id;
        if (request.method === 'POST') {
          const identity = requireIdentity(request);
          if (!identity.roles.includes('creator') && !identity.roles.includes('admin')) {
            throw AppError.forbidden('forbidden', 'Only creators can upload videos.');
          }
          const length = Number(request.headers['upload-length']);
          if (!Number.isSafeInteger(length) || length <= 0) {
            throw AppError.badRequest('upload_length_required', 'Say how large the video is in Upload-Length.');
          }
          const allowed = await uploads.allowanceFor(identity.userId);
          if (length > allowed.bytes) throw allowed.exceeded();
          callers.set(request.raw, identity);
        } else if (id !== undefined && request.method !== 'OPTIONS') {
          const row = UUID.test(id) ? await videoStore.byId(db, id) : undefined;
          if (!row) throw AppError.notFound('upload_not_found', 'There is no such upload.');
          const facts = { channelId: row.channel_id, visibility: row.visibility, status: row.status };
          if (!manages(facts, requireIdentity(request)))
            throw AppError.notFound('upload_not_found', 'There is no such upload.');
          if (request.method === 'DELETE') {
            // Terminating an upload deletes its video, the same as DELETE /api/videos/:id.
            await uploads.remove(row);
            return reply.status(204).header('tus-resumable', '1.0.0').send();
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
      };
      const schema = { hide: true };
      app.route({ method: ['POST', 'OPTIONS'], url: TUS_PATH, schema, handler: handOver });
      app.route({ method: ['HEAD', 'PATCH', 'DELETE', 'OPTIONS'], url: `${TUS_PATH}/:id`, schema, handler: handOver });
    },
  };
}
