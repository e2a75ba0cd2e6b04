import type { Position, RealtimeErrorCode, ServerFrame, Topic, TopicMessage } from '@framecast/contracts';
import { reconnectDelayMs } from './realtime.backoff.js';
import type { Timers } from './session.manager.js';

/** What the client needs of a WebSocket: the browser's, or `ws` in Node (passed in; Node 20 has no global one). */
export interface RealtimeSocket {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  addEventListener(type: 'close', listener: (event: { code: number; reason: string }) => void): void;
  addEventListener(type: 'open', listener: () => void): void;
  /** A socket that could not open or broke; `close` follows. */
  addEventListener(type: 'error', listener: () => void): void;
}
export type WebSocketConstructor = new (url: string) => RealtimeSocket;

export interface TopicHandlers<T extends Topic> {
  onMessage(data: TopicMessage<T>, meta: { seq: number }): void;
  /** Messages were missed and cannot be replayed (too long away, or another server): refetch the state. */
  onReload?(): void;
  /** The subscription was refused or ended: `topic_forbidden`, `unknown_topic`, `too_many_topics`, … */
  onError?(error: { code: RealtimeErrorCode; message: string }): void;
}

export interface RealtimeDeps {
  /** `ws(s)://…/api/realtime`, computed when the first socket opens. */
  url(): string;
  WebSocket?: WebSocketConstructor;
  timers: Timers;
  accessToken(): string | null;
  /** Settles once no session refresh is in flight. */
  settled(): Promise<unknown>;
  /** Gets a new access token after the hub said the one it had expired. */
  renew(): Promise<boolean>;
  random?: () => number;
}

interface Entry {
  handlers: Set<TopicHandlers<Topic>>;
  position?: Position;
  refused: boolean;
}

const OPEN = 1;
/** With no topic left, the socket stays this long for a page that subscribes again (a re-render). */
const IDLE_CLOSE_MS = 5_000;
const DEFAULT_HEARTBEAT_MS = 30_000;

/**
 * One socket per client, opened on the first subscription. Topics are reference-counted; after a drop the socket
 * comes back with backoff and each topic resumes from the last message it had (replayed exactly once, or a reload).
 */
export function createRealtime(deps: RealtimeDeps) {
  const topics = new Map<Topic, Entry>();
  let socket: RealtimeSocket | null = null;
  /** The socket is open and has sent its `auth`, so frames may go out. */
  let ready = false;
  let sentToken: string | null = null;
  let attempt = 0;
  let heartbeatMs = DEFAULT_HEARTBEAT_MS;
  let lastHeard = 0;
  let disposed = false;
  const timers: Record<'reconnect' | 'idle' | 'beat', unknown> = { reconnect: null, idle: null, beat: null };

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

  const send = (frame: object) => {
    if (socket?.readyState === OPEN) socket.send(JSON.stringify(frame));
  };
  const sendSubscribe = (topic: Topic, entry: Entry) =>
    send({ type: 'subscribe', topic, ...(entry.position ? { since: entry.position } : {}) });

  const sendAuth = () => {
    const token = deps.accessToken();
    const signedIn = sentToken === null && token !== null;
    sentToken = token;
    send({ type: 'auth', token });
    // Topics refused while anonymous may be open to the user who just signed in.
    if (signedIn) {
      for (const [topic, entry] of topics) {
        if (!entry.refused) continue;
        entry.refused = false;
        sendSubscribe(topic, entry);
      }
    }
  };

  const beat = () => {
    if (Date.now() - lastHeard > 2 * heartbeatMs) return socket?.close(4100, 'no answer from the server');
    send({ type: 'ping' });
    later('beat', heartbeatMs, beat);
  };

  const receive = (frame: ServerFrame) => {
    const entry = 'topic' in frame && frame.topic !== undefined ? topics.get(frame.topic as Topic) : undefined;
    switch (frame.type) {
      case 'hello':
        attempt = 0;
        heartbeatMs = frame.heartbeatMs;
        later('beat', heartbeatMs, beat);
        return;
      case 'subscribed':
        if (entry) entry.position = { epoch: frame.epoch, seq: frame.seq };
        return;
      case 'reload':
        if (!entry) return;
        entry.position = { epoch: frame.epoch, seq: frame.seq };
        for (const handlers of entry.handlers) handlers.onReload?.();
        return;
      case 'message': {
        if (!entry || (entry.position && frame.seq <= entry.position.seq)) return;
        if (entry.position) entry.position.seq = frame.seq;
        for (const handlers of entry.handlers) handlers.onMessage(frame.data as never, { seq: frame.seq });
        return;
      }
      case 'error':
        if (entry) {
          // A hub that could not follow the topic right now gets another chance when the socket reconnects.
          entry.refused = frame.code !== 'unavailable';
          entry.position = undefined;
          for (const handlers of entry.handlers) handlers.onError?.({ code: frame.code, message: frame.message });
        } else if (frame.code === 'token_expired' || frame.code === 'invalid_token') {
          void deps.renew();
        }
        return;
      default:
        return;
    }
  };

  const connect = () => {
    if (socket || disposed || topics.size === 0) return;
    const Socket: WebSocketConstructor | undefined = deps.WebSocket ?? globalThis.WebSocket;
    if (!Socket) throw new Error('No WebSocket here: pass one to createClient({ WebSocket }).');
    const current = new Socket(deps.url());
    socket = current;
    ready = false;
    current.addEventListener('open', () => {
      lastHeard = Date.now();
      // A session restore or refresh in flight finishes first, so the first frame carries the right token.
      void deps.settled().then(() => {
        if (socket !== current) return;
        ready = true;
        sentToken = null;
        sendAuth();
        for (const [topic, entry] of topics) if (!entry.refused) sendSubscribe(topic, entry);
      });
    });
    current.addEventListener('message', (event) => {
      lastHeard = Date.now();
      if (typeof event.data !== 'string') return;
      receive(JSON.parse(event.data) as ServerFrame);
    });
    current.addEventListener('close', () => {
      if (socket !== current) return;
      socket = null;
      ready = false;
      stop('beat');
      if (disposed || topics.size === 0) return;
      later('reconnect', reconnectDelayMs(attempt++, deps.random), connect);
    });
  };

  return {
    /** Follows a topic; the returned function stops following it. Typed by the topic catalog. */
    subscribe<T extends Topic>(topic: T, handlers: TopicHandlers<T>): () => void {
      const wanted = handlers as unknown as TopicHandlers<Topic>;
      let entry = topics.get(topic);
      if (!entry) {
        entry = { handlers: new Set(), refused: false };
        topics.set(topic, entry);
        if (ready) sendSubscribe(topic, entry);
      }
      entry.handlers.add(wanted);
      stop('idle');
      connect();
      const held = entry;
      return () => {
        if (!held.handlers.delete(wanted) || held.handlers.size > 0 || topics.get(topic) !== held) return;
        topics.delete(topic);
        if (ready && !held.refused) send({ type: 'unsubscribe', topic });
        if (topics.size === 0) later('idle', IDLE_CLOSE_MS, () => socket?.close(1000, 'no topics'));
      };
    },
    /** The session's access token changed (sign-in, refresh, sign-out): the hub hears it at once. */
    tokenChanged() {
      if (ready && deps.accessToken() !== sentToken) sendAuth();
    },
    dispose() {
      disposed = true;
      for (const name of ['reconnect', 'idle', 'beat'] as const) stop(name);
      socket?.close(1000, 'client disposed');
      socket = null;
      topics.clear();
    },
  };
}

export type Realtime = ReturnType<typeof createRealtime>;
