import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { ObjectStorage } from '@framecast/adapters';
import { UpdateMeBody, UpdateRolesBody, User } from '@framecast/contracts';
import { checkDisplayName } from '@framecast/contracts/rules';
import type { AccountStates, ModuleOutbox } from '@framecast/kit';
import {
  AppError,
  bearer,
  type Clock,
  IdParams,
  NoContent,
  problems,
  requireIdentity,
  requireRole,
} from '@framecast/kit';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { accountStore } from '../accounts/account.store.js';
import { sortRoles, toUser } from '../accounts/account.view.js';
import { scoped, type UserTables } from '../user.tables.js';

export const accountGone = () =>
  AppError.notFound('user_not_found', 'Your account no longer exists. Sign in with another account.');

/** The signed-in person's own account, and role management for admins. */
export function usersRoutes(deps: {
  db: Kysely<any>;
  clock: Clock;
  outbox: ModuleOutbox;
  /** Where a deleted account is marked, so its unexpired access tokens stop working at once. */
  states: AccountStates;
  /** How long an access token lives: the mark is kept that long. */
  accessTokenTtlSeconds: number;
  storage: ObjectStorage;
  logger: Logger;
}) {
  const { clock, states } = deps;
  const db: Kysely<UserTables> = scoped(deps.db);
  return async (scope: FastifyInstance) => {
    const app = scope.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/api/users/me',
      {
        schema: {
          tags: ['users'],
          summary: 'The signed-in account',
          security: bearer,
          response: { 200: User, ...problems(401, 404) },
        },
      },
      async (request) => {
        const account = await accountStore.byId(db, requireIdentity(request).userId);
        if (!account) throw accountGone();
        return toUser(account);
      },
    );

    app.delete(
      '/api/users/me',
      {
        schema: {
          tags: ['users'],
          summary: 'Delete the signed-in account',
          description:
            'Deletes the account, its follows, sessions and avatar; its videos follow within moments. Its access tokens stop working at once, in every process.',
          security: bearer,
          response: { 204: NoContent, ...problems(401) },
        },
      },
      async (request, reply) => {
        const { userId } = requireIdentity(request);
        // Marked first: from now on no token of the account passes, whichever process it reaches.
        await states.mark(userId, 'deleted', (deps.accessTokenTtlSeconds + 60) * 1000);
        // The account's other data (videos…) is removed by the modules that keep it, on `user.deleted`.
        const removed = await deps.db.transaction().execute(async (trx) => {
          const row = await accountStore.remove(scoped(trx), userId);
          if (row) await deps.outbox.write(trx, 'user.deleted', { userId: row.id, handle: row.handle });
          return row;
        });
        if (removed?.avatar_key) {
          await deps.storage
            .delete(removed.avatar_key)
            .catch((err: unknown) => deps.logger.warn({ err }, 'could not delete the avatar of a deleted account'));
        }
        return reply.status(204).send(null);
      },
    );

    app.patch(
      '/api/users/me',
      {
        schema: {
          tags: ['users'],
          summary: 'Change the display name or bio',
          security: bearer,
          body: UpdateMeBody,
          response: { 200: User, ...problems(400, 401, 404) },
        },
      },
      async (request) => {
        const { userId } = requireIdentity(request);
        const { displayName, bio } = request.body;
        if (displayName === undefined && bio === undefined) {
          throw AppError.badRequest('empty_update', 'Send a displayName or a bio to change.');
        }
        const name = displayName === undefined ? undefined : checkDisplayName(displayName);
        if (name && !name.ok) {
          throw AppError.badRequest('invalid_display_name', name.message, { reason: name.reason });
        }
        const changes = { displayName: name?.value, bio };
        const account = await accountStore.updateProfile(db, userId, changes, clock.now());
        if (!account) throw accountGone();
        return toUser(account);
      },
    );

    app.put(
      '/api/users/:id/roles',
      {
        schema: {
          tags: ['users'],
          summary: "Set an account's roles (admins only)",
          description: 'Takes effect in the access tokens issued from the next sign-in or refresh.',
          security: bearer,
          params: IdParams,
          body: UpdateRolesBody,
          response: { 200: User, ...problems(400, 401, 403, 404) },
        },
      },
      async (request) => {
        const admin = requireRole(request, 'admin');
        const roles = sortRoles(request.body.roles);
        // An admin cannot lock themself out; another admin can still change their roles.
        if (request.params.id === admin.userId && !roles.includes('admin')) {
          throw AppError.badRequest('cannot_demote_self', 'You cannot remove your own admin role.');
        }
        const account = await accountStore.setRoles(db, request.params.id, roles, clock.now());
        if (!account) throw AppError.notFound('user_not_found', 'There is no account with this id.');
        return toUser(account);
      },
    );
  };
}
