import type { ChatServerFrame } from '@framecast/contracts';
import { checkChatText } from '@framecast/contracts/rules';
import {
  type ChatAction,
  type ChatProblem,
  type ChatState,
  chatReducer,
  chatWaitMs,
  initialChatState,
} from './chat.state.js';
import { reconnectDelayMs } from './realtime.backoff.js';
import type { RealtimeSocket, WebSocketConstructor } from './realtime.client.js';
import type { Timers } from './session.manager.js';

/**
 * The close codes of the chat socket that change what the client does (`chatCloseCodes` of the contracts, written
 * out so the browser bundle takes no schema code; a test holds them equal).
 */
export const CHAT_ROOM_NOT_FOUND_CLOSE = 4004;
/** The client's own close when the server stopped answering: it reconnects. */
export const CHAT_SILENT_CLOSE = 4100;
/** Consecutive failed connections after which the panel says the chat failed (the client keeps trying). */
export const CHAT_FAIL_AFTER_ATTEMPTS = 5;
const DEFAULT_HEARTBEAT_MS = 30_000;
const OPEN = 1;

/**
 * The room's socket path (`chatSocketPath` of the contracts, written out for the same reason), and `?since` with the
 * newest message id the client has, so a reconnect brings exactly what was missed.
 */
export function chatSocketUrl(origin: string, handle: string, since: string | null): string {
  const base = `${origin.replace(/^http/, 'ws')}/api/chat/${encodeURIComponent(handle)}/ws`;
  return since === null ? base : `${base}?since=${encodeURIComponent(since)}`;
}

export interface ChatDeps {
  /** The API's origin (`http(s)://…`), read when each socket opens. */
  origin(): string;
  WebSocket?: WebSocketConstructor;
  timers: Timers;
  now?: () => number;
  accessToken(): string | null;
  /** Settles once no session refresh is in flight. */
  settled(): Promise<unknown>;
  /** Gets a new access token after the server said the one it had expired. */
  renew(): Promise<boolean>;
  /**
   * Whether the room exists, asked when a socket could not even open: a browser cannot see the server's 404 to the
   * upgrade. False stops the client (no such channel); true, or no answer, keeps it trying.
   */
  roomExists?(): Promise<boolean>;
  random?: () => number;
}

export type ChatSendResult = { ok: true; nonce: string } | { ok: false; problem: ChatProblem };

let nonces = 0;
/** The client's id of one message: unique enough within a page's lifetime, short enough for the protocol. */
function makeNonce(random: () => number): string {
  nonces = (nonces + 1) % 1_000_000;
  return `${Date.now().toString(36)}-${nonces.toString(36)}-${Math.floor(random() * 2 ** 32).toString(36)}`;
}

/**
 * One room's chat for the panel: opens its socket at once, authenticates from the session, keeps the messages
 * (`chatReducer`), reconnects with backoff and resumes with `?since` after a drop, and follows the session's token.
 * The state is read React's way: `useSyncExternalStore(room.subscribe, room.getSnapshot)`.
 */
export function openChatRoom(handle: string, deps: ChatDeps) {
  const now = deps.now ?? Date.now;
  const random = deps.random ?? Math.random;
  let state = initialChatState(handle);
  const listeners = new Set<() => void>();
  let socket: RealtimeSocket | null = null;
  /** The socket has sent its `auth` (or has nothing to send), so frames may go out. */
  let ready = false;
  let sentToken: string | null = null;
  let attempt = 0;
  let heartbeatMs = DEFAULT_HEARTBEAT_MS;
  let lastHeard = 0;
  let closed = false;
  const timers: Record<'reconnect' | 'beat', unknown> = { reconnect: null, beat: null };

  const dispatch = (action: ChatAction) => {
    const next = chatReducer(state, action);
    if (next === state) return;
    state = next;
    for (const listener of listeners) listener();
  };
  const stop = (name: keyof typeof timers) => {
    if (timers[name] !== null) deps.timers.clearTimeout(timers[name]);
    timers[name] = null;
  };
  const later = (name: keyof typeof timers, ms: number, run: () => void) => {
    stop(name);
    timers[name] = deps.timers.setTimeout(() => {
      timers[name] = null;
      run();
    }, ms);
  };
  const write = (frame: object) => {
    if (socket?.readyState !== OPEN) return false;
    socket.send(JSON.stringify(frame));
    return true;
  };

  /** Sends the session's token when it differs from what the socket speaks for; an anonymous socket sends nothing. */
  const authenticate = () => {
    const token = deps.accessToken();
    if (token === sentToken) return;
    const signedOut = token === null;
    sentToken = token;
    write({ type: 'auth', token });
    if (signedOut) dispatch({ type: 'signedOut' });
  };

  const beat = () => {
    if (now() - lastHeard > 2 * heartbeatMs) {
      socket?.close(CHAT_SILENT_CLOSE, 'no answer from the server');
      return;
    }
    write({ type: 'ping' });
    later('beat', heartbeatMs, beat);
  };

  const receive = (frame: ChatServerFrame) => {
    if (frame.type === 'welcome') {
      heartbeatMs = frame.heartbeatMs > 0 ? frame.heartbeatMs : DEFAULT_HEARTBEAT_MS;
      later('beat', heartbeatMs, beat);
    } else if (frame.type === 'ready') {
      attempt = 0;
    } else if (
      frame.type === 'error' &&
      frame.nonce === undefined &&
      (frame.code === 'token_expired' || frame.code === 'invalid_token')
    ) {
      // The server holds an older token than the session: a refresh sends the new one (through `tokenChanged`).
      void deps.renew();
    }
    dispatch({ type: 'frame', frame, now: now() });
  };

  const connect = () => {
    if (socket || closed) return;
    const Socket: WebSocketConstructor | undefined = deps.WebSocket ?? globalThis.WebSocket;
    if (!Socket) throw new Error('No WebSocket here: pass one to createClient({ WebSocket }).');
    dispatch({ type: 'connecting' });
    const current = new Socket(chatSocketUrl(deps.origin(), handle, state.lastId));
    socket = current;
    ready = false;
    let opened = false;
    // What went wrong shows in the close that follows (`ws` in Node would throw an error nobody listens to).
    current.addEventListener('error', () => {});
    current.addEventListener('open', () => {
      opened = true;
      lastHeard = now();
      // A session restore or refresh in flight finishes first, so the first frame carries the right token.
      void deps.settled().then(() => {
        if (socket !== current) return;
        ready = true;
        sentToken = null;
        authenticate();
      });
    });
    current.addEventListener('message', (event) => {
      if (socket !== current) return;
      lastHeard = now();
      if (typeof event.data !== 'string') return;
      let frame: ChatServerFrame;
      try {
        frame = JSON.parse(event.data) as ChatServerFrame;
      } catch {
        return;
      }
      receive(frame);
    });
    current.addEventListener('close', (event) => {
      if (socket !== current) return;
      socket = null;
      ready = false;
      stop('beat');
      if (closed) return;
      if (event.code === CHAT_ROOM_NOT_FOUND_CLOSE) {
        dispatch({ type: 'closed', failure: 'room_not_found' });
        return;
      }
      attempt++;
      dispatch({ type: 'closed', failure: attempt >= CHAT_FAIL_AFTER_ATTEMPTS ? 'unreachable' : null });
      const again = () => later('reconnect', reconnectDelayMs(attempt - 1, random), connect);
      if (opened || !deps.roomExists) return again();
      deps.roomExists().then(
        (exists) => {
          if (closed || socket) return;
          if (exists) return again();
          dispatch({ type: 'closed', failure: 'room_not_found' });
        },
        () => !closed && !socket && again(),
      );
    });
  };

  connect();

  return {
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
      };
    },
    getSnapshot: (): ChatState => state,
    /**
     * Sends a message as the signed-in user. Refused here, without a frame, when it could not pass anyway: not
     * connected or signed in, banned or waiting, or text the room's rules refuse (`checkChatText`). Otherwise it shows
     * as pending until the room echoes it or refuses it.
     */
    send(text: string): ChatSendResult {
      const fail = (problem: ChatProblem): ChatSendResult => ({ ok: false, problem });
      if (state.status !== 'ready' || !ready) {
        return fail({ code: 'not_connected', message: 'The chat is not connected.' });
      }
      if (!state.user) return fail({ code: 'auth_required', message: 'Sign in to chat.' });
      if (state.restriction?.kind === 'banned' && state.restriction.until === null) {
        return fail({ code: 'banned', message: 'You are banned from this chat.' });
      }
      const wait = chatWaitMs(state, now());
      if (wait > 0) {
        const code = state.restriction?.kind === 'timed_out' ? 'timed_out' : (state.cooldown?.reason ?? 'slow_mode');
        return fail({ code, message: 'Wait before sending again.', retryAfterMs: wait });
      }
      const checked = checkChatText(text);
      if (!checked.ok) return fail({ code: checked.code, message: checked.message });
      const nonce = makeNonce(random);
      if (!write({ type: 'send', text: checked.text, nonce })) {
        return fail({ code: 'not_connected', message: 'The chat is not connected.' });
      }
      dispatch({ type: 'sent', nonce, text: checked.text, now: now() });
      return { ok: true, nonce };
    },
    /** Forgets a message that was refused. */
    dismiss(nonce: string) {
      dispatch({ type: 'dismiss', nonce });
    },
    /** Connects at once rather than after the backoff (the panel's "Try again"). */
    retry() {
      if (closed || socket) return;
      stop('reconnect');
      connect();
    },
    /** The session's access token changed (sign-in, refresh, sign-out): the room hears it at once. */
    tokenChanged() {
      if (ready) authenticate();
    },
    close() {
      closed = true;
      stop('reconnect');
      stop('beat');
      socket?.close(1000, 'left the room');
      socket = null;
      listeners.clear();
    },
  };
}

export type ChatRoomConnection = ReturnType<typeof openChatRoom>;
