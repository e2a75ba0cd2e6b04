import { randomUUID } from 'node:crypto';
import type { Clock } from '@framecast/kit';
import { AppError } from '@framecast/kit';
import type { Kysely } from 'kysely';
import { accountStore } from '../accounts/account.store.js';
import type { UserMetrics } from '../user.metrics.js';
import { type AccountRow, scoped } from '../user.tables.js';
import type { AccessTokenIssuer, IssuedAccessToken } from './access-token.issuer.js';
import { decideRefresh, hashRefreshToken, newRefreshToken, successorToken } from './refresh.rotation.js';
import { refreshStore } from './refresh.store.js';

/** A signed-in session: the access token and the refresh token that renews it. */
export interface SessionTokens extends IssuedAccessToken {
  refreshToken: string;
}

export interface SessionService {
  /** Starts a new session family for `account`. */
  start(account: AccountRow): Promise<SessionTokens>;
  /** Rotates a refresh token; throws 401 `invalid_refresh_token` or `refresh_token_reused`. */
  refresh(refreshToken: string): Promise<SessionTokens & { account: AccountRow }>;
  /** Ends the session family the token belongs to; unknown tokens are ignored. */
  end(refreshToken: string): Promise<void>;
}

const invalid = () =>
  AppError.unauthorized('invalid_refresh_token', 'Your session has expired or was ended. Sign in again.');

export function createSessionService(deps: {
  db: Kysely<any>;
  clock: Clock;
  issuer: AccessTokenIssuer;
  refreshTtlSeconds: number;
  /** How long a rotated token still answers with its successor instead of counting as reuse. */
  reuseGraceSeconds: number;
  /** Derives successors (`successorToken`). */
  secret: string;
  metrics: UserMetrics;
}): SessionService {
  const { db, clock, issuer, refreshTtlSeconds, metrics, secret } = deps;
  const graceMs = deps.reuseGraceSeconds * 1000;
  const expiry = (now: Date) => new Date(now.getTime() + refreshTtlSeconds * 1000);

  const issueRefresh = async (
    users: ReturnType<typeof scoped>,
    userId: string,
    familyId: string,
    now: Date,
    refreshToken = newRefreshToken(),
  ) => {
    await refreshStore.insert(users, {
      tokenHash: hashRefreshToken(refreshToken),
      familyId,
      userId,
      now,
      expiresAt: expiry(now),
    });
    return refreshToken;
  };

  return {
    async start(account) {
      const refreshToken = await issueRefresh(scoped(db), account.id, randomUUID(), clock.now());
      return { ...(await issuer.issue(account)), refreshToken };
    },

    async refresh(presented) {
      const tokenHash = hashRefreshToken(presented);
      const now = clock.now();
      const outcome = await db.transaction().execute(async (trx) => {
        const users = scoped(trx);
        const row = await refreshStore.lock(users, tokenHash);
        const decision = decideRefresh(
          row && { expiresAt: row.expires_at, usedAt: row.used_at, revokedAt: row.revoked_at },
          now,
          graceMs,
        );
        if (!row || decision.action === 'reject') return { kind: 'reject' as const };
        if (decision.action === 'replay') {
          // Rotated a moment ago by a concurrent refresh: the same successor again, while it is itself unused.
          const refreshToken = successorToken(secret, presented);
          const successor = await refreshStore.lock(users, hashRefreshToken(refreshToken));
          const account = await accountStore.byId(users, row.user_id);
          if (successor && !successor.used_at && !successor.revoked_at && account) {
            return { kind: 'rotate' as const, account, refreshToken };
          }
          await refreshStore.revokeFamily(users, row.family_id, now);
          return { kind: 'reuse' as const };
        }
        if (decision.action === 'reuse') {
          // Committed before answering: the revocation must hold even though the request fails.
          await refreshStore.revokeFamily(users, row.family_id, now);
          return { kind: 'reuse' as const };
        }
        const account = await accountStore.byId(users, row.user_id);
        if (!account) return { kind: 'reject' as const };
        await refreshStore.markUsed(users, tokenHash, now);
        const refreshToken = await issueRefresh(
          users,
          account.id,
          row.family_id,
          now,
          successorToken(secret, presented),
        );
        return { kind: 'rotate' as const, account, refreshToken };
      });
      if (outcome.kind === 'reject') throw invalid();
      if (outcome.kind === 'reuse') {
        metrics.refreshReuse();
        throw AppError.unauthorized(
          'refresh_token_reused',
          'This session token was already used, so the session was ended for your safety. Sign in again.',
        );
      }
      const access = await issuer.issue(outcome.account);
      return { ...access, refreshToken: outcome.refreshToken, account: outcome.account };
    },

    async end(presented) {
      const users = scoped(db);
      const row = await refreshStore.byHash(users, hashRefreshToken(presented));
      if (row) await refreshStore.revokeFamily(users, row.family_id, clock.now());
    },
  };
}
