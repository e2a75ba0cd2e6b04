import { randomUUID } from 'node:crypto';
import type { LoginBody, RegisterBody } from '@framecast/contracts';
import { handleMessage, isReservedHandle, normalizeHandle } from '@framecast/contracts/rules';
import type { ModuleOutbox } from '@framecast/kit';
import { AppError, type Clock } from '@framecast/kit';
import type { Kysely } from 'kysely';
import type { UserMetrics } from '../user.metrics.js';
import { type AccountRow, scoped } from '../user.tables.js';
import { accountStore, uniqueViolation } from './account.store.js';
import { initialRoles } from './account.view.js';
import type { PasswordHasher } from './password.hasher.js';
import type { PasswordOwner, PasswordVerdict } from './password.policy.js';

export interface AccountService {
  register(body: RegisterBody): Promise<AccountRow>;
  /** The account whose credentials these are; 401 `invalid_credentials` otherwise. */
  login(body: LoginBody): Promise<AccountRow>;
}

export interface AccountDeps {
  db: Kysely<any>;
  clock: Clock;
  outbox: ModuleOutbox;
  hasher: PasswordHasher;
  checkPassword: (password: string, owner: PasswordOwner) => PasswordVerdict;
  adminEmail: string | undefined;
  metrics: UserMetrics;
}

export const conflictError = (field: 'email' | 'handle') =>
  field === 'email'
    ? AppError.conflict('email_taken', 'An account with this email address already exists. Sign in instead.')
    : AppError.conflict('handle_taken', 'This handle is taken. Choose another one.');

const invalidCredentials = () =>
  AppError.unauthorized('invalid_credentials', 'The email or handle and password do not match an account.');

export function createAccountService(deps: AccountDeps): AccountService {
  const { db, clock, outbox, hasher, metrics } = deps;

  return {
    async register(body) {
      const email = body.email.toLowerCase();
      const handle = normalizeHandle(body.handle);
      if (isReservedHandle(handle)) {
        throw AppError.badRequest('handle_reserved', handleMessage('reserved', handle));
      }
      const verdict = deps.checkPassword(body.password, { email, handle });
      if (!verdict.ok) throw AppError.badRequest('weak_password', verdict.message, { reason: verdict.problem });
      const taken = await accountStore.taken(scoped(db), email, handle);
      if (taken) throw conflictError(taken);

      const passwordHash = await hasher.hash(body.password);
      try {
        const account = await db.transaction().execute(async (trx) => {
          const row = await accountStore.insert(
            scoped(trx),
            {
              id: randomUUID(),
              email,
              handle,
              display_name: handle,
              password_hash: passwordHash,
              roles: initialRoles(email, deps.adminEmail),
            },
            clock.now(),
          );
          await outbox.write(trx, 'user.registered', { userId: row.id, handle: row.handle, email: row.email });
          return row;
        });
        metrics.registration('password');
        return account;
      } catch (error) {
        // Two sign-ups racing for one email or handle: the database's unique index decides.
        const field = uniqueViolation(error);
        if (field) throw conflictError(field);
        throw error;
      }
    },

    async login(body) {
      if (body.email === undefined && body.handle === undefined) {
        throw AppError.badRequest('missing_identifier', 'Give your email address or your handle to sign in.');
      }
      const users = scoped(db);
      const account =
        body.email !== undefined
          ? await accountStore.byEmail(users, body.email.toLowerCase())
          : await accountStore.byHandle(users, normalizeHandle(body.handle ?? ''));
      const ok = await hasher.verify(account?.password_hash ?? null, body.password);
      if (!account || !ok) {
        metrics.login('password', 'invalid_credentials');
        throw invalidCredentials();
      }
      metrics.login('password', 'success');
      return account;
    },
  };
}
