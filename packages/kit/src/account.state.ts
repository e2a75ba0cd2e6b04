import type { Cache } from '@framecast/adapters';
import { AppError } from './errors.js';

/** What can stop an account's unexpired access tokens from working before they expire. */
export type AccountState = 'deleted' | 'suspended';
const STATES: readonly string[] = ['deleted', 'suspended'] satisfies AccountState[];

/**
 * Accounts whose access tokens must stop working now: a short denylist in the cache adapter (Redis in
 * microservices mode, so every process sees it), written by the user module when an account is deleted (later:
 * suspended) and kept for an access token's lifetime, after which no token of the account is left to refuse.
 */
export interface AccountStates {
  mark(userId: string, state: AccountState, ttlMs: number): Promise<void>;
  of(userId: string): Promise<AccountState | null>;
}

export function accountStates(cache: Cache): AccountStates {
  const key = (userId: string) => `account-state:${userId}`;
  return {
    mark: (userId, state, ttlMs) => cache.set(key(userId), state, ttlMs),
    async of(userId) {
      const value = await cache.get(key(userId));
      return value !== null && STATES.includes(value) ? (value as AccountState) : null;
    },
  };
}

/** The 401 for a token of an account that may no longer act. */
export function accountStateError(state: AccountState): AppError {
  return state === 'deleted'
    ? AppError.unauthorized('account_deleted', 'This account has been deleted.')
    : AppError.unauthorized('account_suspended', 'This account is suspended.');
}
