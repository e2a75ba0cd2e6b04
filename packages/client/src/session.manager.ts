import type { AuthResult, User } from '@framecast/contracts';
import { isApiError } from './api-error.js';
import type { Send } from './http.js';
import { createSessionStore, type SessionStore, signedOutSession } from './session.store.js';

export interface Timers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/**
 * When to refresh an access token that lives `expiresIn` seconds: a margin before it expires, one
 * minute or a fifth of its life, whichever is shorter, so short-lived tokens still get used.
 */
export function refreshDelayMs(expiresIn: number): number {
  const lifetime = expiresIn * 1000;
  return Math.max(1000, lifetime - Math.min(60_000, lifetime * 0.2));
}

/** Retry delay after a refresh failed for a reason other than the session being gone. */
export const RETRY_REFRESH_MS = 30_000;

/** A refresh answered with a 4xx (other than 429) means there is no session to restore. */
export function sessionIsGone(error: unknown): boolean {
  return isApiError(error) && error.status >= 400 && error.status < 500 && error.status !== 429;
}

/**
 * Holds the access token in memory only (never in storage scripts could read); the refresh token is an
 * httpOnly cookie the browser sends to /api/auth/refresh.
 */
export function createSessionManager(timers: Timers) {
  const store = createSessionStore();
  let token: string | null = null;
  let refreshing: Promise<boolean> | null = null;
  let timer: unknown = null;
  let send: Send | null = null;
  const tokenListeners = new Set<(token: string | null) => void>();
  const tokenChanged = () => {
    for (const listener of tokenListeners) listener(token);
  };

  const schedule = (ms: number) => {
    if (timer !== null) timers.clearTimeout(timer);
    timer = timers.setTimeout(() => {
      timer = null;
      void renew();
    }, ms);
  };

  const apply = (result: AuthResult) => {
    token = result.accessToken;
    store.set({ status: 'signedIn', user: result.user });
    schedule(refreshDelayMs(result.expiresIn));
    tokenChanged();
  };

  const clear = () => {
    token = null;
    if (timer !== null) timers.clearTimeout(timer);
    timer = null;
    store.set(signedOutSession);
    tokenChanged();
  };

  const renew = (): Promise<boolean> => {
    refreshing ??= (async () => {
      try {
        apply(await send!<AuthResult>({ method: 'POST', path: '/api/auth/refresh', session: false }));
        return true;
      } catch (error) {
        if (!sessionIsGone(error) && store.getSnapshot().status === 'signedIn') {
          // Offline or a server hiccup: keep the session and try again; requests retry on 401 meanwhile.
          schedule(RETRY_REFRESH_MS);
        } else {
          clear();
        }
        return false;
      } finally {
        refreshing = null;
      }
    })();
    return refreshing;
  };

  return {
    store: store as SessionStore,
    /** Connects the transport; separate because the transport itself needs this manager. */
    attach(transport: Send) {
      send = transport;
    },
    accessToken: () => token,
    /** Calls `listener` with each new access token (sign-in, refresh) and with null on sign-out. */
    onToken(listener: (token: string | null) => void) {
      tokenListeners.add(listener);
      return () => tokenListeners.delete(listener);
    },
    settled: () => refreshing ?? Promise.resolve(),
    renew,
    apply,
    clear,
    /** Replaces the signed-in user after a profile change, keeping the token. */
    updateUser(user: User) {
      if (store.getSnapshot().status === 'signedIn') store.set({ status: 'signedIn', user });
    },
    dispose() {
      if (timer !== null) timers.clearTimeout(timer);
      timer = null;
    },
  };
}

export type SessionManager = ReturnType<typeof createSessionManager>;
