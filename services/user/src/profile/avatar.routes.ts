import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { ObjectStorage } from '@framecast/adapters';
import { User } from '@framecast/contracts';
import { AVATAR_MAX_BYTES, AVATAR_TYPES, formatLimit, normalizeHandle } from '@framecast/contracts/rules';
import { AppError, bearer, type Clock, HandleParams, problems, requireIdentity } from '@framecast/kit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import Type from 'typebox';
import { accountStore } from '../accounts/account.store.js';
import { toUser } from '../accounts/account.view.js';
import type { UserTables } from '../user.tables.js';
import { reencodeAvatar } from './avatar.encode.js';
import { checkAvatar, typeOfKey } from './avatar.image.js';
import { accountGone } from './users.routes.js';

const ImageBody = Type.Unsafe<Buffer>({
  type: 'string',
  format: 'binary',
  description: `The image itself: ${AVATAR_TYPES.join(', ')}; at most ${formatLimit(AVATAR_MAX_BYTES)}.`,
});

const ImageResponse = Type.Unsafe<Readable>({ type: 'string', format: 'binary', description: 'The image.' });

const AvatarQuery = Type.Object({ v: Type.Optional(Type.String({ maxLength: 64 })) });

const tooLarge = () =>
  new AppError(413, 'image_too_large', `An avatar can be at most ${formatLimit(AVATAR_MAX_BYTES)}.`);

/** Refuses an oversized upload from its Content-Length, before reading it. */
async function refuseOversized(request: FastifyRequest) {
  const length = Number(request.headers['content-length']);
  if (Number.isFinite(length) && length > AVATAR_MAX_BYTES) throw tooLarge();
}

/**
 * Avatars: uploaded as the raw request body, checked by their leading bytes, stored under
 * `avatars/<userId>/<random>.<ext>` and served with a URL that changes with each upload.
 */
export function avatarRoutes(deps: { db: Kysely<UserTables>; clock: Clock; storage: ObjectStorage; logger: Logger }) {
  const { db, clock, storage, logger } = deps;

  const deleteQuietly = async (key: string | null) => {
    if (!key) return;
    // The account no longer points at it; a leftover file is harmless, so a failure is only logged.
    await storage.delete(key).catch((err: unknown) => logger.warn({ err, key }, 'could not delete an old avatar'));
  };

  return async (scope: FastifyInstance) => {
    // In this scope every body arrives as bytes; the handler decides what it accepts.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_request, body, done) => done(null, body));
    const app = scope.withTypeProvider<TypeBoxTypeProvider>();

    app.put(
      '/api/users/me/avatar',
      {
        bodyLimit: AVATAR_MAX_BYTES,
        onRequest: refuseOversized,
        schema: {
          tags: ['users'],
          summary: 'Upload a new avatar (the raw image as the body)',
          security: bearer,
          consumes: [...AVATAR_TYPES],
          body: ImageBody,
          response: { 200: User, ...problems(400, 401, 404, 413, 415) },
        },
        // The body is bytes, not JSON: nothing for the schema validator to check.
        validatorCompiler: () => () => true,
      },
      async (request) => {
        const { userId } = requireIdentity(request);
        const bytes = Buffer.isBuffer(request.body) ? request.body : Buffer.alloc(0);
        const check = checkAvatar(request.headers['content-type'], bytes);
        if (!check.ok) throw new AppError(check.status, check.code, check.message);

        const version = randomBytes(9).toString('base64url');
        const key = `avatars/${userId}/${version}.${check.ext}`;
        const before = await accountStore.byId(db, userId);
        if (!before) throw accountGone();
        await storage.put(key, await reencodeAvatar(bytes, check.type), { contentType: check.type });
        const account = await accountStore.setAvatar(db, userId, { key, version }, clock.now());
        if (!account) {
          await deleteQuietly(key);
          throw accountGone();
        }
        await deleteQuietly(before.avatar_key);
        return toUser(account);
      },
    );

    app.delete(
      '/api/users/me/avatar',
      {
        schema: {
          tags: ['users'],
          summary: 'Remove the avatar',
          security: bearer,
          response: { 200: User, ...problems(401, 404) },
        },
      },
      async (request) => {
        const { userId } = requireIdentity(request);
        const before = await accountStore.byId(db, userId);
        if (!before) throw accountGone();
        const account = await accountStore.setAvatar(db, userId, null, clock.now());
        if (!account) throw accountGone();
        await deleteQuietly(before.avatar_key);
        return toUser(account);
      },
    );

    app.get(
      '/api/channels/:handle/avatar',
      {
        schema: {
          tags: ['channels'],
          summary: "A channel's avatar image",
          produces: [...AVATAR_TYPES],
          params: HandleParams,
          querystring: AvatarQuery,
          response: { 200: ImageResponse, ...problems(404) },
        },
      },
      async (request, reply) => {
        const account = await accountStore.byHandle(db, normalizeHandle(request.params.handle));
        const key = account?.avatar_key;
        if (!account || !key) throw AppError.notFound('avatar_not_found', 'This channel has no avatar.');
        const object = await storage.get(key);
        // Only the URL of the current avatar may be cached for good: a stale `v` must not pin new bytes.
        const current = request.query.v === account.avatar_version;
        return reply
          .type(typeOfKey(key) ?? 'application/octet-stream')
          .header('content-length', object.contentLength)
          .header('x-content-type-options', 'nosniff')
          .header('cache-control', current ? 'public, max-age=31536000, immutable' : 'public, max-age=60')
          .send(object.body);
      },
    );
  };
}
