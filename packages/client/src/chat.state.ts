import type {
  ChatErrorCode,
  ChatMessage,
  ChatRole,
  ChatServerFrame,
  ChatSettings,
  ChatUser,
} from '@framecast/contracts';

/** Messages kept for the panel; older ones go as new ones arrive. */
export const CHAT_MAX_SHOWN = 300;

/**
 * `connecting`: the first socket is opening (history not shown yet); `ready`: history is shown and live messages
 * arrive; `reconnecting`: the socket dropped and comes back by itself; `failed`: the room does not exist, or the
 * server stayed out of reach (the client still tries now and then, and `retry()` tries at once).
 */
export type ChatStatus = 'connecting' | 'ready' | 'reconnecting' | 'failed';

/** Why the chat failed: no channel has this handle, or the server could not be reached for a while. */
export type ChatFailure = 'room_not_found' | 'unreachable';

/** Codes the client gives problems of its own: the socket dropped before the server answered a message. */
export type ChatClientProblemCode = 'connection_lost' | 'not_connected';

/** What went wrong, as the server (or the client) said it; the panel puts it in words (`chatProblemText`). */
export interface ChatProblem {
  code: ChatErrorCode | ChatClientProblemCode;
  message: string;
  retryAfterMs?: number;
}

/** A message of the room as shown. */
export interface ChatLine {
  id: string;
  text: string;
  user: ChatUser;
  sentAt: string;
}

/** A message this client sent: `sending` until the room echoes it (then it is a line), `failed` when refused. */
export interface PendingLine {
  nonce: string;
  text: string;
  /** When it was sent, on this client's clock. */
  sentAt: number;
  state: 'sending' | 'failed';
  problem: ChatProblem | null;
  /** The connection it went out on, and the newest message id then: a resumed socket tells whether it arrived. */
  connection: number;
  after: string | null;
}

/** The caller may not send until `until` (ms on this client's clock; null: for good), as learnt at `since`. */
export interface ChatRestriction {
  kind: 'banned' | 'timed_out';
  until: number | null;
  since: number;
}

/** Sending waits until `until`: slow mode after a message, or the server's `retryAfterMs`. */
export interface ChatCooldown {
  reason: 'slow_mode' | 'rate_limited';
  until: number;
}

export interface ChatState {
  room: string;
  status: ChatStatus;
  failure: ChatFailure | null;
  /** Counts sockets opened: the first is 1. */
  connection: number;
  /** History has been shown once (a reconnect keeps what is shown meanwhile). */
  loaded: boolean;
  maxMessageLength: number | null;
  settings: ChatSettings | null;
  /** Who the socket speaks for, once the server answered `auth`; null while anonymous. */
  user: ChatUser | null;
  role: ChatRole | null;
  /** Whether the server answered an `auth` on this room at all. */
  authenticated: boolean;
  lines: ChatLine[];
  pending: PendingLine[];
  presence: number | null;
  /** The newest message id known: a reconnect asks for what came after it. */
  lastId: string | null;
  /** The last problem not tied to a message of this client (a refused token, the server unavailable). */
  error: ChatProblem | null;
  cooldown: ChatCooldown | null;
  restriction: ChatRestriction | null;
  /**
   * Moves on whenever the caller's standing in the room may have changed (signed in as someone else, banned, timed
   * out, their messages cleared): the panel reads the room again.
   */
  standing: number;
}

export type ChatAction =
  | { type: 'connecting' }
  | { type: 'frame'; frame: ChatServerFrame; now: number }
  /** The socket closed; `failure` when the client gives up on it (it may still try again later). */
  | { type: 'closed'; failure: ChatFailure | null }
  | { type: 'sent'; nonce: string; text: string; now: number }
  | { type: 'dismiss'; nonce: string }
  /** The session signed out: the socket is anonymous again. */
  | { type: 'signedOut' };

export function initialChatState(room: string): ChatState {
  return {
    room,
    status: 'connecting',
    failure: null,
    connection: 0,
    loaded: false,
    maxMessageLength: null,
    settings: null,
    user: null,
    role: null,
    authenticated: false,
    lines: [],
    pending: [],
    presence: null,
    lastId: null,
    error: null,
    cooldown: null,
    restriction: null,
    standing: 0,
  };
}

/** Orders message ids: decimal strings, ordered as numbers. */
export function compareChatIds(a: string, b: string): number {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

const newer = (a: string | null, b: string | null) =>
  a === null ? b : b === null || compareChatIds(a, b) >= 0 ? a : b;
const sameHandle = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** Roles the server lets past slow mode (its refusal with `retryAfterMs` corrects the panel if it does not). */
const SLOW_MODE_EXEMPT: readonly (ChatRole | null)[] = ['broadcaster', 'moderator', 'vip'];

/** Puts a message in order by id, once: a replay or a history after a reconnect may bring it again. */
export function insertLine(lines: readonly ChatLine[], line: ChatLine, max = CHAT_MAX_SHOWN): ChatLine[] {
  let at = lines.length;
  while (at > 0) {
    const order = compareChatIds(lines[at - 1]!.id, line.id);
    if (order === 0) return lines as ChatLine[];
    if (order < 0) break;
    at--;
  }
  const next = [...lines.slice(0, at), line, ...lines.slice(at)];
  return next.length > max ? next.slice(next.length - max) : next;
}

const lineOf = (frame: ChatMessage): ChatLine => ({
  id: frame.id,
  text: frame.text,
  user: frame.user,
  sentAt: frame.sentAt,
});

/**
 * After a resumed socket's replay: a message sent on an earlier socket arrived if a message of the caller with its
 * text came after the newest id known when it was sent (the replay does not have to carry its nonce); otherwise it
 * was lost with the socket.
 */
function settleOrphans(state: ChatState): PendingLine[] {
  const claimed = new Set<string>();
  const pending: PendingLine[] = [];
  for (const item of state.pending) {
    if (item.state !== 'sending' || item.connection >= state.connection) {
      pending.push(item);
      continue;
    }
    const arrived = state.lines.find(
      (line) =>
        !claimed.has(line.id) &&
        state.user !== null &&
        sameHandle(line.user.handle, state.user.handle) &&
        line.text === item.text &&
        (item.after === null || compareChatIds(line.id, item.after) > 0),
    );
    if (arrived) {
      claimed.add(arrived.id);
      continue;
    }
    pending.push({
      ...item,
      state: 'failed',
      problem: { code: 'connection_lost', message: 'The connection dropped before the message was sent.' },
    });
  }
  return pending;
}

function receive(state: ChatState, frame: ChatServerFrame, now: number): ChatState {
  switch (frame.type) {
    case 'welcome':
      return { ...state, maxMessageLength: frame.maxMessageLength };
    case 'settings': {
      const { type: _type, ...settings } = frame;
      return { ...state, settings };
    }
    case 'authenticated': {
      const changed = state.user?.handle !== frame.user?.handle;
      return {
        ...state,
        user: frame.user,
        role: frame.role,
        authenticated: true,
        error: state.error && isAuthProblem(state.error.code) ? null : state.error,
        // Someone else now: the previous person's waits and bans are not theirs.
        ...(changed ? { cooldown: null, restriction: null } : {}),
        standing: state.standing + 1,
      };
    }
    case 'message': {
      const lines = insertLine(state.lines, lineOf(frame));
      const mine = frame.nonce === undefined ? undefined : state.pending.find((p) => p.nonce === frame.nonce);
      const slow = state.settings?.slowModeSeconds ?? 0;
      const cooldown =
        mine && slow > 0 && !SLOW_MODE_EXEMPT.includes(state.role)
          ? { reason: 'slow_mode' as const, until: mine.sentAt + slow * 1000 }
          : state.cooldown;
      return {
        ...state,
        lines,
        lastId: newer(state.lastId, frame.id),
        pending: mine ? state.pending.filter((p) => p !== mine) : state.pending,
        cooldown,
      };
    }
    case 'deleted':
      return { ...state, lines: state.lines.filter((line) => line.id !== frame.id) };
    case 'cleared': {
      const who = frame.userHandle;
      const lines = who === undefined ? [] : state.lines.filter((line) => !sameHandle(line.user.handle, who));
      const mine = who !== undefined && state.user !== null && sameHandle(who, state.user.handle);
      return { ...state, lines, standing: mine ? state.standing + 1 : state.standing };
    }
    case 'presence':
      return { ...state, presence: frame.count };
    case 'reset':
      // What was shown cannot be brought up to date: the latest history follows.
      return { ...state, lines: [] };
    case 'ready': {
      const next: ChatState = {
        ...state,
        status: 'ready',
        failure: null,
        loaded: true,
        lastId: newer(state.lastId, frame.lastId),
        error: state.error?.code === 'unavailable' ? null : state.error,
      };
      return { ...next, pending: settleOrphans(next) };
    }
    case 'error':
      return refused(state, frame, now);
    case 'pong':
      return state;
  }
}

const isAuthProblem = (code: ChatProblem['code']) => code === 'invalid_token' || code === 'token_expired';

function refused(state: ChatState, frame: Extract<ChatServerFrame, { type: 'error' }>, now: number): ChatState {
  const problem: ChatProblem = {
    code: frame.code,
    message: frame.message,
    ...(frame.retryAfterMs !== undefined ? { retryAfterMs: frame.retryAfterMs } : {}),
  };
  const until = frame.retryAfterMs !== undefined ? now + frame.retryAfterMs : null;
  let { cooldown, restriction, standing } = state;
  if ((frame.code === 'slow_mode' || frame.code === 'rate_limited') && until !== null) {
    cooldown = { reason: frame.code, until };
  } else if (frame.code === 'timed_out' || frame.code === 'banned') {
    restriction = { kind: frame.code, until, since: now };
    standing++;
  } else if (frame.code === 'followers_only') {
    standing++;
  }
  const owner = frame.nonce === undefined ? undefined : state.pending.find((p) => p.nonce === frame.nonce);
  if (owner) {
    return {
      ...state,
      cooldown,
      restriction,
      standing,
      pending: state.pending.map((p) => (p === owner ? { ...p, state: 'failed', problem } : p)),
    };
  }
  return { ...state, cooldown, restriction, standing, error: problem };
}

/** The chat panel's state after one thing happened: pure, so every case is tested without a socket. */
export function chatReducer(state: ChatState, action: ChatAction): ChatState {
  switch (action.type) {
    case 'connecting':
      return {
        ...state,
        connection: state.connection + 1,
        status: state.status === 'failed' ? 'failed' : state.loaded ? 'reconnecting' : 'connecting',
      };
    case 'frame':
      return receive(state, action.frame, action.now);
    case 'closed':
      return {
        ...state,
        status: action.failure ? 'failed' : state.loaded || state.status === 'failed' ? 'reconnecting' : 'connecting',
        failure: action.failure,
        presence: null,
      };
    case 'sent':
      return {
        ...state,
        pending: [
          ...state.pending,
          {
            nonce: action.nonce,
            text: action.text,
            sentAt: action.now,
            state: 'sending',
            problem: null,
            connection: state.connection,
            after: state.lastId,
          },
        ],
      };
    case 'dismiss':
      return { ...state, pending: state.pending.filter((p) => p.nonce !== action.nonce) };
    case 'signedOut':
      return { ...state, user: null, role: null, cooldown: null, restriction: null, standing: state.standing + 1 };
  }
}

/** Milliseconds before the caller may send again (0: now), from a cooldown or a timeout. */
export function chatWaitMs(state: Pick<ChatState, 'cooldown' | 'restriction'>, now: number): number {
  const until = Math.max(
    state.cooldown?.until ?? 0,
    state.restriction?.kind === 'timed_out' ? (state.restriction.until ?? 0) : 0,
  );
  return Math.max(0, until - now);
}
