import type { User } from '@framecast/contracts';

/** What the app knows about who is signed in. `loading` lasts until the first session restore settles. */
export type Session =
  | { status: 'loading'; user: null }
  | { status: 'signedOut'; user: null }
  | { status: 'signedIn'; user: User };

/** Read side, shaped for React's `useSyncExternalStore(store.subscribe, store.getSnapshot)`. */
export interface SessionStore {
  subscribe(listener: () => void): () => void;
  getSnapshot(): Session;
}

export interface WritableSessionStore extends SessionStore {
  set(session: Session): void;
}

export const loadingSession: Session = { status: 'loading', user: null };
export const signedOutSession: Session = { status: 'signedOut', user: null };

export function createSessionStore(initial: Session = loadingSession): WritableSessionStore {
  let current = initial;
  const listeners = new Set<() => void>();
  return {
    // Arrow functions: React calls these detached from the store.
    subscribe: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    getSnapshot: () => current,
    set: (session) => {
      if (session === current) return;
      current = session;
      for (const listener of listeners) listener();
    },
  };
}
