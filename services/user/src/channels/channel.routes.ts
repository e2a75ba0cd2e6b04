import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Channel, ChannelListQuery, ChannelPage, FollowResult } from '@framecast/contracts';
import { normalizeHandle } from '@framecast/contracts/rules';
import type { ModuleOutbox } from '@framecast/kit';
import {
  AppError,
  bearer,
  type Clock,
  decodeKeyset,
  HandleParams,
  keysetPage,
  problems,
  requireIdentity,
} from '@framecast/kit';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { accountStore } from '../accounts/account.store.js';
import { toChannel } from '../accounts/account.view.js';
import { scoped, type UserTables } from '../user.tables.js';
import { channelStore } from './channel.store.js';

const DEFAULT_LIMIT = 20;

const notFound = (handle: string) => AppError.notFound('channel_not_found', `There is no channel "${handle}".`);

/** Every account has a channel at its handle: the directory, one channel, follow and unfollow. */
export function channelRoutes(deps: { db: Kysely<any>; clock: Clock; outbox: ModuleOutbox }) {
  const { clock, outbox } = deps;
  const db: Kysely<UserTables> = scoped(deps.db);

  const channelByHandle = async (handle: string) => {
    const account = await accountStore.byHandle(db, normalizeHandle(handle));
    if (!account) throw notFound(handle);
    return account;
  };

  /** The channels named by `handles` that exist, in the order asked (batches of look-ups: GraphQL at the gateway). */
  const byHandles = async (query: ChannelListQuery, viewer: string | undefined) => {
    const { handles = '', ...listing } = query;
    if (Object.keys(listing).length > 0) {
      throw AppError.badRequest('validation_failed', '"handles" is not sent with sort, limit or cursor.', {
        field: 'handles',
      });
    }
    const wanted = [...new Set(handles.split(',').map(normalizeHandle))];
    const rows = new Map((await channelStore.byHandles(db, wanted)).map((row) => [row.handle, row]));
    const found = wanted.flatMap((handle) => rows.get(handle) ?? []);
    const followed = viewer
      ? await channelStore.followed(
          db,
          viewer,
          found.map((r) => r.id),
        )
      : undefined;
    return { items: found.map((row) => toChannel(row, followed ? followed.has(row.id) : undefined)), nextCursor: null };
  };

  return async (scope: FastifyInstance) => {
    const app = scope.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/api/channels',
      {
        schema: {
          tags: ['channels'],
          summary: 'Browse channels, newest or most followed first; or the channels named by `handles`',
          querystring: ChannelListQuery,
          response: { 200: ChannelPage, ...problems(400) },
        },
      },
      async (request) => {
        if (request.query.handles !== undefined) return byHandles(request.query, request.identity?.userId);
        const sort = request.query.sort ?? 'new';
        const limit = request.query.limit ?? DEFAULT_LIMIT;
        const cursor = request.query.cursor === undefined ? undefined : decodeKeyset(request.query.cursor, sort);
        const rows = await channelStore.page(db, { sort, limit, ...(cursor ? { cursor } : {}) });
        const { items, nextCursor } = keysetPage(rows, limit, (row) =>
          sort === 'new' ? { sort, key: row.created_at, id: row.id } : { sort, key: row.follower_count, id: row.id },
        );
        const viewer = request.identity?.userId;
        const followed = viewer
          ? await channelStore.followed(
              db,
              viewer,
              items.map((r) => r.id),
            )
          : undefined;
        return {
          items: items.map((row) => toChannel(row, followed ? followed.has(row.id) : undefined)),
          nextCursor,
        };
      },
    );

    app.get(
      '/api/channels/:handle',
      {
        schema: {
          tags: ['channels'],
          summary: 'A channel, and whether the caller follows it',
          params: HandleParams,
          response: { 200: Channel, ...problems(404) },
        },
      },
      async (request) => {
        const account = await channelByHandle(request.params.handle);
        const viewer = request.identity?.userId;
        const following = viewer ? (await channelStore.followed(db, viewer, [account.id])).has(account.id) : undefined;
        return toChannel(account, following);
      },
    );

    app.post(
      '/api/channels/:handle/follow',
      {
        schema: {
          tags: ['channels'],
          summary: 'Follow a channel (following twice changes nothing)',
          security: bearer,
          params: HandleParams,
          response: { 200: FollowResult, ...problems(400, 401, 404) },
        },
      },
      async (request) => {
        const { userId } = requireIdentity(request);
        const channel = await channelByHandle(request.params.handle);
        if (channel.id === userId)
          throw AppError.badRequest('cannot_follow_self', 'You cannot follow your own channel.');
        const followerCount = await deps.db.transaction().execute(async (trx) => {
          const users = scoped(trx);
          // A token can outlive its account by a moment (deleted in another request): no follow from nobody.
          const follower = await accountStore.byId(users, userId);
          if (!follower) throw AppError.unauthorized('account_deleted', 'This account has been deleted.');
          const added = await channelStore.follow(users, userId, channel.id, clock.now());
          if (added) {
            await outbox.write(trx, 'user.followed', {
              followerId: userId,
              followerHandle: follower.handle,
              channelId: channel.id,
              channelHandle: channel.handle,
            });
          }
          return channelStore.followerCount(users, channel.id);
        });
        return { following: true, followerCount };
      },
    );

    app.delete(
      '/api/channels/:handle/follow',
      {
        schema: {
          tags: ['channels'],
          summary: 'Stop following a channel',
          security: bearer,
          params: HandleParams,
          response: { 200: FollowResult, ...problems(401, 404) },
        },
      },
      async (request) => {
        const { userId } = requireIdentity(request);
        const channel = await channelByHandle(request.params.handle);
        const followerCount = await deps.db.transaction().execute(async (trx) => {
          const users = scoped(trx);
          if (await channelStore.unfollow(users, userId, channel.id)) {
            await outbox.write(trx, 'user.unfollowed', {
              followerId: userId,
              channelId: channel.id,
              channelHandle: channel.handle,
            });
          }
          return channelStore.followerCount(users, channel.id);
        });
        return { following: false, followerCount };
      },
    );
  };
}
