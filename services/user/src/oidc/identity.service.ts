import { randomUUID } from 'node:crypto';
import { checkDisplayName, DISPLAY_NAME_MAX_LENGTH } from '@framecast/contracts/rules';
import type { ModuleOutbox } from '@framecast/kit';
import { AppError, type Clock } from '@framecast/kit';
import type { Kysely } from 'kysely';
import { conflictError } from '../accounts/account.service.js';
import { accountStore, UNIQUE_VIOLATION } from '../accounts/account.store.js';
import { initialRoles } from '../accounts/account.view.js';
import { handleBase, handleSearchPrefix, pickFreeHandle } from '../accounts/handle.pick.js';
import type { UserMetrics } from '../user.metrics.js';
import { type AccountRow, scoped } from '../user.tables.js';

/** The provider's name for the person, held to our rules; the handle when it does not pass them. */
function displayNameFrom(name: string | undefined, handle: string): string {
  const check = checkDisplayName((name ?? '').slice(0, DISPLAY_NAME_MAX_LENGTH));
  return check.ok ? check.value : handle;
}

/** What the identity provider's ID token says about the person. */
export interface ExternalIdentity {
  issuer: string;
  subject: string;
  email?: string;
  emailVerified: boolean;
  preferredUsername?: string;
  name?: string;
}

/** Attempts when a concurrent sign-up takes the handle, email or identity in between (it then exists). */
const ATTEMPTS = 3;

/**
 * The account behind an (issuer, subject) pair: the one already linked, else the account with the same
 * verified email (now linked), else a new account with a handle made from the person's name.
 */
export function createIdentityService(deps: {
  db: Kysely<any>;
  clock: Clock;
  outbox: ModuleOutbox;
  adminEmail: string | undefined;
  metrics: UserMetrics;
}) {
  const { db, clock, outbox, metrics } = deps;

  const attempt = (who: ExternalIdentity, email: string) =>
    db.transaction().execute(async (trx) => {
      const users = scoped(trx);
      const now = clock.now();
      const linked = await users
        .selectFrom('identities')
        .innerJoin('accounts', 'accounts.id', 'identities.user_id')
        .selectAll('accounts')
        .where('identities.issuer', '=', who.issuer)
        .where('identities.subject', '=', who.subject)
        .executeTakeFirst();
      if (linked) return { account: linked as AccountRow, created: false };

      const link = (userId: string) =>
        users
          .insertInto('identities')
          .values({ issuer: who.issuer, subject: who.subject, user_id: userId, created_at: now })
          .execute();

      const existing = await accountStore.byEmail(users, email);
      if (existing) {
        // Only a provider that vouches for the address may take over an account holding it.
        if (!who.emailVerified) throw conflictError('email');
        await link(existing.id);
        return { account: existing, created: false };
      }

      const base = handleBase({ preferredUsername: who.preferredUsername, email });
      const handle = pickFreeHandle(base, await accountStore.handlesStartingWith(users, handleSearchPrefix(base)));
      const account = await accountStore.insert(
        users,
        {
          id: randomUUID(),
          email,
          handle,
          display_name: displayNameFrom(who.name, handle),
          password_hash: null,
          // The configured admin address grants admin only when the provider has verified it.
          roles: initialRoles(email, who.emailVerified ? deps.adminEmail : undefined),
        },
        now,
      );
      await link(account.id);
      await outbox.write(trx, 'user.registered', { userId: account.id, handle: account.handle, email: account.email });
      return { account, created: true };
    });

  return {
    async signIn(who: ExternalIdentity): Promise<AccountRow> {
      const email = who.email?.trim().toLowerCase();
      if (!email) {
        throw AppError.badRequest(
          'oidc_email_missing',
          'The sign-in provider did not share an email address, which an account needs.',
        );
      }
      for (let n = 1; ; n++) {
        try {
          const { account, created } = await attempt(who, email);
          if (created) metrics.registration('oidc');
          metrics.login('oidc', 'success');
          return account;
        } catch (error) {
          if ((error as { code?: string })?.code !== UNIQUE_VIOLATION || n >= ATTEMPTS) throw error;
        }
      }
    },
  };
}

export type IdentityService = ReturnType<typeof createIdentityService>;
