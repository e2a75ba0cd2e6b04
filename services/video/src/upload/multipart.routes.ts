import { randomUUID } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import multipart from '@fastify/multipart';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { ProblemSchema, Video } from '@framecast/contracts';
import { acceptsVideoFile } from '@framecast/contracts/rules';
import { AppError, type ModuleContext, requireIdentity } from '@framecast/kit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { VideoSettings } from '../video.settings.js';
import { toVideo } from '../videos/video.view.js';
import { byteLimit } from './byte.limit.js';
import { unsupportedType, uploadFields } from './upload.rules.js';
import { originalKey, type Reserved, type UploadService } from './upload.service.js';

const FIELD_LIMIT = 8 * 1024;
const KEEP_ALIVE_MS = 60_000;

/**
 * An error reading the request body is the client's: a body cut short or not multipart at all is a 400. Our own
 * errors and @fastify/multipart's limits (`FST_…`, with their statuses) pass through.
 */
function asBodyError(error: unknown): unknown {
  if (error instanceof AppError || String((error as { code?: unknown }).code ?? '').startsWith('FST_')) return error;
  return AppError.badRequest(
    'malformed_multipart',
    'The upload ended early or is not well-formed multipart data. Send it again.',
  );
}

/** The body's parts, with parse errors made 400s (errors of the loop body that consumes them are left alone). */
async function* partsOf(request: FastifyRequest) {
  try {
    for await (const part of request.parts()) yield part;
  } catch (error) {
    throw asBodyError(error);
  }
}

/**
 * `POST /api/videos`: a single-request multipart upload (`file` part plus `title`, `description`, `visibility`
 * fields, in any order). When the file part begins, the video is created in `uploading` with the bytes it may use
 * reserved against the quota; the file streams into storage through a byte counter. Past the size limit or the
 * reservation the write fails, the reservation is given back, nothing stays in storage, and the answer is 413.
 */
export function multipartRoutes(deps: {
  uploads: UploadService;
  storage: ModuleContext['storage'];
  settings: VideoSettings;
}) {
  const { uploads, storage, settings } = deps;
  return async (scope: FastifyInstance) => {
    await scope.register(multipart, {
      limits: { fields: 10, files: 1, fieldSize: FIELD_LIMIT, parts: 12, fileSize: settings.maxUploadBytes + 1 },
    });
    const app = scope.withTypeProvider<TypeBoxTypeProvider>();
    app.post(
      '/api/videos',
      {
        schema: {
          tags: ['videos'],
          summary: 'Upload a video in one multipart/form-data request (small files; use /api/uploads to resume)',
          security: [{ bearer: [] }],
          consumes: ['multipart/form-data'],
          response: {
            201: Video,
            400: ProblemSchema,
            401: ProblemSchema,
            404: ProblemSchema,
            413: ProblemSchema,
            415: ProblemSchema,
          },
        },
      },
      async (request, reply) => {
        const identity = requireIdentity(request);
        if (!request.isMultipart()) {
          throw new AppError(
            415,
            'unsupported_media_type',
            'Send the video as multipart/form-data with a "file" part.',
          );
        }
        // A multipart body is larger than its file: its length bounds what the file may need.
        const length = Number(request.headers['content-length']);
        const bound = Number.isSafeInteger(length) && length > 0 ? length : null;
        const id = randomUUID();
        const fields: Record<string, string> = {};
        let reserved: Reserved | null = null;
        let file: { filename: string; size: number } | null = null;
        let keepAlive: NodeJS.Timeout | undefined;
        try {
          for await (const part of partsOf(request)) {
            if (part.type === 'field') {
              if (typeof part.value === 'string') fields[part.fieldname] = part.value;
              continue;
            }
            if (part.fieldname !== 'file' || file) {
              part.file.resume();
              continue;
            }
            if (!acceptsVideoFile({ name: part.filename, type: part.mimetype })) {
              part.file.resume();
              throw unsupportedType();
            }
            // Reserved before the bytes stream, so uploads of the channel running at once share its quota.
            const claim = async () =>
              uploads.reserve({ id, owner: identity, ...uploadFields(fields, part.filename) }, { atMost: bound });
            reserved = await claim().catch((error: unknown) => {
              part.file.resume();
              throw error;
            });
            // A slow upload is not abandoned: it counts as active while its bytes stream.
            keepAlive = setInterval(() => uploads.touch(id).catch(() => undefined), KEEP_ALIVE_MS);
            keepAlive.unref();
            const counter = byteLimit(reserved.bytes, reserved.exceeded);
            const stored = storage.put(originalKey(id), counter, { contentType: part.mimetype });
            const read = pipeline(part.file, counter).catch((error: unknown) => {
              throw asBodyError(error);
            });
            await Promise.all([read, stored]);
            file = { filename: part.filename, size: counter.bytes() };
          }
          if (!file) throw AppError.badRequest('file_missing', 'The upload needs a "file" part holding the video.');
          if (file.size === 0) throw AppError.badRequest('file_empty', 'The uploaded file is empty.');
          const meta = uploadFields(fields, file.filename);
          const row = await uploads.startProcessing(id, file.size, 'multipart', meta);
          if (!row) throw AppError.notFound('video_not_found', 'The video was deleted while it was uploading.');
          return reply.status(201).send(toVideo(row));
        } catch (error) {
          if (reserved) {
            await uploads.release(id).catch(() => undefined);
            await storage.delete(originalKey(id)).catch(() => undefined);
          }
          const tooLarge = (error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE';
          throw tooLarge && reserved ? reserved.exceeded() : error;
        } finally {
          clearInterval(keepAlive);
        }
      },
    );
  };
}
