import type {
  AuthProviders,
  AuthResult,
  Channel,
  ChannelListQuery,
  ChannelLive,
  ChannelPage,
  FollowResult,
  LiveNowPage,
  LiveSetup,
  LoginBody,
  RegisterBody,
  StreamSession,
  UpdateLiveBody,
  UpdateMeBody,
  UpdateVideoBody,
  User,
  Video,
  VideoListQuery,
  VideoPage,
} from '@framecast/contracts';
import { safeReturnTo } from '@framecast/contracts/rules';
import { analyticsApi } from './analytics.api.js';
import { isApiError } from './api-error.js';
import { chatApi } from './chat.api.js';
import { type ChatRoomConnection, openChatRoom } from './chat.client.js';
import { createTransport } from './http.js';
import { notificationsApi } from './notifications.api.js';
import { createRealtime, type WebSocketConstructor } from './realtime.client.js';
import { createSessionManager, type Timers } from './session.manager.js';
import type { SessionStore } from './session.store.js';

export interface ClientOptions {
  /** Origin of the API; '' (the default) for the page's own origin, where the gateway serves both. */
  baseUrl?: string;
  fetch?: typeof fetch;
  timers?: Timers;
  /** The WebSocket class for real-time updates; the browser's unless given (Node 20 has none: pass `ws`). */
  WebSocket?: WebSocketConstructor;
}

export type ChannelSort = NonNullable<ChannelListQuery['sort']>;
export type VideoSort = NonNullable<VideoListQuery['sort']>;

/** The text fields sent with a single-request upload. */
export interface VideoUploadFields {
  title: string;
  description?: string;
  visibility?: Video['visibility'];
}

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
  const realtime = createRealtime({
    url: () => realtimeUrl(baseUrl),
    WebSocket: options.WebSocket,
    timers,
    accessToken: session.accessToken,
    settled: session.settled,
    renew: session.renew,
  });
  session.onToken(() => realtime.tokenChanged());
  const chatCalls = chatApi(send);
  /** Chat rooms open on this page: each hears the session's new tokens. */
  const chatRooms = new Set<ChatRoomConnection>();
  session.onToken(() => {
    for (const room of chatRooms) room.tokenChanged();
  });

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
      /**
       * The current access token, after any refresh in flight, for requests the client does not make
       * itself (resumable uploads). Null when signed out.
       */
      accessToken: async () => {
        await session.settled();
        return session.accessToken();
      },
      /** Gets a new access token after a 401 outside the client; false when the session is gone. */
      renew: () => session.renew(),
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
      /** Public, ready videos for others; every video for the channel's owner. */
      videos: (handle: string, query: VideoListQuery = {}) =>
        send<VideoPage>({
          method: 'GET',
          path: `/api/channels/${encodeURIComponent(handle)}/videos`,
          query: { ...query },
        }),
    },
    videos: {
      /** Public, ready videos. */
      list: (query: VideoListQuery = {}) =>
        send<VideoPage>({ method: 'GET', path: '/api/videos', query: { ...query } }),
      /** The signed-in creator's videos in every state, newest first. */
      mine: (query: Omit<VideoListQuery, 'sort'> = {}) =>
        send<VideoPage>({ method: 'GET', path: '/api/videos/mine', query: { ...query } }),
      get: (id: string) => send<Video>({ method: 'GET', path: videoPath(id) }),
      update: (id: string, body: UpdateVideoBody) => send<Video>({ method: 'PATCH', path: videoPath(id), json: body }),
      remove: (id: string) => send<void>({ method: 'DELETE', path: videoPath(id) }),
      /** Single-request upload for small files; large ones go through the resumable endpoint. */
      upload: (file: Blob, fields: VideoUploadFields, filename = 'video') => {
        const form = new FormData();
        form.set('title', fields.title);
        if (fields.description !== undefined) form.set('description', fields.description);
        if (fields.visibility !== undefined) form.set('visibility', fields.visibility);
        // Fields first: the server reads them before it streams the file part.
        form.set('file', file, filename);
        return send<Video>({ method: 'POST', path: '/api/videos', form });
      },
    },
    analytics: analyticsApi(send),
    live: {
      /** The signed-in channel's stream key, ingest URLs and state; the first call makes the key. */
      me: () => send<LiveSetup>({ method: 'GET', path: '/api/live/me' }),
      update: (body: UpdateLiveBody) => send<LiveSetup>({ method: 'PATCH', path: '/api/live/me', json: body }),
      /** A new stream key: the old one stops working, and a stream sent with it ends. */
      rotateKey: () => send<LiveSetup>({ method: 'POST', path: '/api/live/me/key' }),
      /** Channels live now, most watched first. */
      now: (query: { limit?: number; cursor?: string } = {}) =>
        send<LiveNowPage>({ method: 'GET', path: '/api/live', query: { ...query } }),
      channel: (handle: string) =>
        send<ChannelLive>({ method: 'GET', path: `/api/channels/${encodeURIComponent(handle)}/live` }),
      session: (id: string) =>
        send<StreamSession>({ method: 'GET', path: `/api/live/sessions/${encodeURIComponent(id)}` }),
      /** Says this player is watching (every 30 s); `viewer` is the player's own random id. */
      heartbeat: (id: string, viewer: string) =>
        send<void>({
          method: 'POST',
          path: `/api/live/sessions/${encodeURIComponent(id)}/heartbeat`,
          json: { viewer },
        }),
    },
    /** The bell's notifications, what the caller hears of, and web push (`/api/notifications`). */
    notifications: notificationsApi(send),
    uploads: {
      /** The tus 1.0 endpoint for resumable uploads. */
      endpoint: `${baseUrl}/api/uploads`,
    },
    /** Server → browser updates over one WebSocket: `realtime.subscribe('video:<id>', { onMessage })`. */
    realtime: { subscribe: realtime.subscribe },
    chat: {
      ...chatCalls,
      /**
       * Joins a channel's chat room over its own socket, as the signed-in user (read only when signed out). `close()`
       * leaves it.
       */
      join(handle: string): ChatRoomConnection {
        const room = openChatRoom(handle, {
          origin: () => baseUrl || globalThis.location.origin,
          WebSocket: options.WebSocket,
          timers,
          accessToken: session.accessToken,
          settled: session.settled,
          renew: session.renew,
          roomExists: () =>
            chatCalls.room(handle).then(
              () => true,
              (error: unknown) => !(isApiError(error) && error.status === 404),
            ),
        });
        chatRooms.add(room);
        return {
          ...room,
          close() {
            chatRooms.delete(room);
            room.close();
          },
        };
      },
    },
    /** Stops the refresh timer and closes the real-time socket and chat rooms (tests, or an app being torn down). */
    dispose() {
      session.dispose();
      realtime.dispose();
      for (const room of chatRooms) room.close();
      chatRooms.clear();
    },
  };
}

/**
 * The hub's address (`REALTIME_PATH` of the contracts, written out so the browser bundle takes no schema code):
 * beside the API, or on the page's own origin.
 */
function realtimeUrl(baseUrl: string): string {
  const origin = baseUrl || globalThis.location.origin;
  return `${origin.replace(/^http/, 'ws')}/api/realtime`;
}

const videoPath = (id: string) => `/api/videos/${encodeURIComponent(id)}`;

export type FramecastClient = ReturnType<typeof createClient>;
