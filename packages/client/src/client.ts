import type {
  AuthProviders,
  AuthResult,
  Channel,
  ChannelListQuery,
  ChannelPage,
  FollowResult,
  LoginBody,
  RegisterBody,
  UpdateMeBody,
  User,
} from '@framecast/contracts';
import { createTransport } from './http.js';
import { safeReturnTo } from './return-to.js';
import { createSessionManager, type Timers } from './session.manager.js';
import type { SessionStore } from './session.store.js';

export interface ClientOptions {
  /** Origin of the API; '' (the default) for the page's own origin, where the gateway serves both. */
  baseUrl?: string;
  fetch?: typeof fetch;
  timers?: Timers;
}

export type ChannelSort = NonNullable<ChannelListQuery['sort']>;

export function createClient(options: ClientOptions = {}) {
  const baseUrl = options.baseUrl ?? '';
  // Bound: browsers throw "Illegal invocation" when fetch or setTimeout are called detached from window.
  const fetchFn = options.fetch ?? globalThis.fetch.bind(globalThis);
  const timers: Timers = options.timers ?? {
    setTimeout: (callback, ms) => globalThis.setTimeout(callback, ms),
    clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
  };
  const session = createSessionManager(timers);
  const send = createTransport({
    baseUrl,
    fetch: fetchFn,
    accessToken: session.accessToken,
    settled: session.settled,
    renew: session.renew,
  });
  session.attach(send);

  const signIn = async (path: string, body: object) => {
    const result = await send<AuthResult>({ method: 'POST', path, json: body, session: false });
    session.apply(result);
    return result.user;
  };

  const meChanged = async (request: Promise<User>) => {
    const user = await request;
    session.updateUser(user);
    return user;
  };

  return {
    session: session.store as SessionStore,
    auth: {
      /** Restores the session from the refresh cookie; call once at start. Resolves to whether someone is signed in. */
      restore: () => session.renew(),
      register: (body: RegisterBody) => signIn('/api/auth/register', body),
      login: (body: LoginBody) => signIn('/api/auth/login', body),
      async logout() {
        await session.settled();
        try {
          await send<void>({ method: 'POST', path: '/api/auth/logout', session: false });
        } finally {
          session.clear();
        }
      },
      providers: () => send<AuthProviders>({ method: 'GET', path: '/api/auth/providers', session: false }),
      /** A full-page navigation target: the provider's login, then back to `returnTo` signed in. */
      oidcStartUrl: (returnTo: string) =>
        `${baseUrl}/api/auth/oidc/start?returnTo=${encodeURIComponent(safeReturnTo(returnTo))}`,
    },
    users: {
      me: () => meChanged(send<User>({ method: 'GET', path: '/api/users/me' })),
      updateMe: (body: UpdateMeBody) => meChanged(send<User>({ method: 'PATCH', path: '/api/users/me', json: body })),
      uploadAvatar: (image: Blob) =>
        meChanged(send<User>({ method: 'PUT', path: '/api/users/me/avatar', blob: image })),
      deleteAvatar: () => meChanged(send<User>({ method: 'DELETE', path: '/api/users/me/avatar' })),
    },
    channels: {
      list: (query: ChannelListQuery = {}) =>
        send<ChannelPage>({ method: 'GET', path: '/api/channels', query: { ...query } }),
      get: (handle: string) => send<Channel>({ method: 'GET', path: `/api/channels/${encodeURIComponent(handle)}` }),
      follow: (handle: string) =>
        send<FollowResult>({ method: 'POST', path: `/api/channels/${encodeURIComponent(handle)}/follow` }),
      unfollow: (handle: string) =>
        send<FollowResult>({ method: 'DELETE', path: `/api/channels/${encodeURIComponent(handle)}/follow` }),
    },
    /** Stops the refresh timer (tests, or an app being torn down). */
    dispose: session.dispose,
  };
}

export type FramecastClient = ReturnType<typeof createClient>;
