import {
  CHAT_MESSAGE_MAX_LENGTH,
  type ChatCloseReason,
  type ChatErrorCode,
  type ChatServerFrame,
  chatCloseCodes,
} from '@framecast/contracts';
import {
  type AccessVerifier,
  type AccountStates,
  AppError,
  accountStateError,
  type Identity,
  rawLength,
  refuseTooLarge,
} from '@framecast/kit';
import { decodeJwt } from 'jose';
import type { Logger } from 'pino';
import type { WebSocket } from 'ws';
import type { ChatMetrics } from '../chat.metrics.js';
import type { ChatSettings } from '../chat.settings.js';
import { parseClientFrame, personalFrame } from './chat.frames.js';
import { badgesOf, type SendFlow } from './chat.send.js';
import type { Member, Room } from './room.js';
import { roleIn } from './room.state.js';
import { canModerate } from './send.policy.js';
import { createSocketWriter, type FlushScheduler } from './socket.writer.js';

/** A closing socket's close frame waits behind what it has not read; after this long it is cut off. */
const CLOSE_GRACE_MS = 5_000;
const MAX_TIMER_MS = 2 ** 31 - 1;
/** Seconds of flooding, after the first warning, before the socket is closed. */
const FLOOD_SECONDS = 3;

export interface ConnectionDeps {
  socket: WebSocket;
  room: Room;
  scheduler: FlushScheduler;
  flow: SendFlow;
  auth: AccessVerifier;
  accountStates: AccountStates;
  settings: ChatSettings;
  metrics: ChatMetrics;
  logger: Logger;
  /** `?since=`: the last message id the client has. */
  since?: string;
  /** An identity the upgrade request carried (`Authorization: Bearer`, verified by the HTTP layer), and its token. */
  identity?: { identity: Identity; token: string };
  /** The current number of people in the room. */
  presence(): number;
  /** A signed-in user chats here with this display name. */
  seen(identity: Identity): void;
}

/**
 * One chat socket: frames handled one after another in arrival order; its identity from `auth` frames; its sends
 * through the room's rules; everything it is sent through one writer, in order. Garbage closes this socket only.
 */
export function openConnection(deps: ConnectionDeps) {
  const { socket, room, settings, metrics } = deps;
  let identity: Identity | null = null;
  let closing = false;
  let alive = true;
  let expiry: ReturnType<typeof setTimeout> | undefined;
  let queue: Promise<void> = Promise.resolve();
  const flood = { windowStart: 0, frames: 0, flooding: 0, warned: false };

  const cutOff = () => {
    closing = true;
    setTimeout(() => socket.terminate(), CLOSE_GRACE_MS).unref();
  };
  const writer = createSocketWriter({
    socket,
    scheduler: deps.scheduler,
    maxBuffered: settings.maxBufferedBytes,
    onSlow: () => {
      if (closing) return;
      metrics.closed.inc({ reason: 'slow_consumer' });
      // The close frame waits behind what the client has not read; if it never reads, it is cut off.
      socket.close(chatCloseCodes.slow_consumer, 'slow_consumer');
      cutOff();
    },
  });
  const member: Member = { writer, userId: null, staff: false, immediate: false, lastId: 0, pending: null };
  // Made (or no longer) a moderator or VIP: the client hears its new role and badges at once.
  member.roleChanged = () => {
    if (identity) setIdentity(identity);
  };

  const send = (frame: ChatServerFrame) => {
    if (!closing) writer.write(personalFrame(frame));
  };
  const problem = (code: ChatErrorCode, message: string, extra: { nonce?: string; retryAfterMs?: number } = {}) =>
    send({ type: 'error', code, message, ...extra });

  const close = (reason: ChatCloseReason, detail: string) => {
    if (closing) return;
    metrics.closed.inc({ reason });
    writer.close(chatCloseCodes[reason], `${reason}: ${detail}`.slice(0, 120));
    cutOff();
  };

  const setIdentity = (next: Identity | null) => {
    clearTimeout(expiry);
    identity = next;
    member.userId = next?.userId ?? null;
    member.staff = next?.roles.includes('admin') ?? false;
    const role = next ? roleIn(room.state, next.userId) : null;
    room.setImmediate(member, next !== null && canModerate({ role: role!, staff: member.staff }));
    if (!next) return send({ type: 'authenticated', user: null, role: null });
    deps.seen(next);
    const user = {
      handle: next.handle,
      displayName: next.displayName,
      badges: badgesOf({ role: role!, staff: member.staff }),
    };
    send({ type: 'authenticated', user, role });
  };

  const expireAt = (token: string) => {
    const exp = decodeJwt(token).exp;
    if (exp === undefined) return;
    expiry = setTimeout(
      () =>
        enqueue(async () => {
          problem('token_expired', 'The access token has expired; send a fresh one.');
          setIdentity(null);
        }),
      Math.min(MAX_TIMER_MS, Math.max(0, exp * 1000 - Date.now())),
    );
    expiry.unref();
  };

  const authenticate = async (token: string | null) => {
    if (token === null) return setIdentity(null);
    try {
      const verified = await deps.auth.verify(token);
      const state = await deps.accountStates.of(verified.userId);
      if (state) throw accountStateError(state);
      setIdentity(verified);
      expireAt(token);
    } catch (error) {
      const code = error instanceof AppError && error.code === 'token_expired' ? 'token_expired' : 'invalid_token';
      problem(code, error instanceof AppError ? error.message : 'The access token is not valid.');
      setIdentity(null);
    }
  };

  const sendMessage = async (text: string, nonce?: string) => {
    const extra = nonce === undefined ? {} : { nonce };
    if (!identity) return problem('auth_required', 'Sign in to chat.', extra);
    let refusal: Awaited<ReturnType<SendFlow['send']>>;
    try {
      refusal = await deps.flow.send(room, identity, text, nonce);
    } catch (err) {
      deps.logger.error({ err, room: room.channel.handle }, 'a chat message could not be sent');
      return problem('unavailable', 'Chat cannot take messages right now; try again shortly.', extra);
    }
    if (refusal) {
      metrics.refused.inc({ code: refusal.code });
      const retry = refusal.retryAfterMs === undefined ? {} : { retryAfterMs: refusal.retryAfterMs };
      return problem(refusal.code, refusal.message, { ...extra, ...retry });
    }
    metrics.messages.inc();
  };

  function enqueue(work: () => Promise<void> | void) {
    queue = queue
      .then(() => (closing ? undefined : work()))
      .catch((err: unknown) => deps.logger.error({ err }, 'a chat frame failed'));
  }

  /** Frames a second: past the limit they are dropped with one warning a second; 3 s more of it closes the socket. */
  const admit = (at: number): boolean => {
    if (at - flood.windowStart >= 1000) {
      if (flood.frames <= settings.framesPerSecond) flood.flooding = 0;
      flood.windowStart = at;
      flood.frames = 0;
      flood.warned = false;
    }
    flood.frames += 1;
    if (flood.frames <= settings.framesPerSecond) return true;
    if (flood.frames === settings.framesPerSecond + 1) flood.flooding += 1;
    if (flood.flooding > FLOOD_SECONDS) {
      close('flooding', `more than ${settings.framesPerSecond} frames a second`);
      return false;
    }
    if (!flood.warned) {
      flood.warned = true;
      metrics.refused.inc({ code: 'rate_limited' });
      problem('rate_limited', `Slow down: at most ${settings.framesPerSecond} frames a second.`, {
        retryAfterMs: 1000 - (at - flood.windowStart),
      });
    }
    return false;
  };

  metrics.connections.inc();
  socket.on('pong', () => {
    alive = true;
  });
  socket.on('message', (data, isBinary) => {
    alive = true;
    if (closing) return;
    if (refuseTooLarge(socket, rawLength(data), settings.maxFrameBytes)) {
      metrics.closed.inc({ reason: 'frame_too_large' });
      closing = true;
      writer.stop();
      return;
    }
    if (!admit(Date.now())) return;
    if (isBinary) return close('bad_frame', 'binary frames are not part of the protocol');
    const parsed = parseClientFrame(data.toString());
    if (!parsed.ok) {
      problem('bad_frame', `This is not a frame of the chat protocol (${parsed.problem}).`);
      return close('bad_frame', parsed.problem);
    }
    const frame = parsed.frame;
    switch (frame.type) {
      case 'ping':
        return send({ type: 'pong' });
      case 'auth':
        return enqueue(() => authenticate(frame.token));
      case 'send':
        return enqueue(() => sendMessage(frame.text, frame.nonce));
    }
  });
  socket.once('close', () => {
    closing = true;
    clearTimeout(expiry);
    writer.stop();
    room.leave(member);
    metrics.connections.dec();
  });

  send({
    type: 'welcome',
    room: room.channel.handle,
    heartbeatMs: settings.heartbeatMs,
    maxMessageLength: CHAT_MESSAGE_MAX_LENGTH,
  });
  send({ type: 'settings', ...room.state.settings });
  if (deps.identity) {
    const given = deps.identity;
    enqueue(() => {
      setIdentity(given.identity);
      expireAt(given.token);
    });
  }
  enqueue(async () => {
    await room.join(member, deps.since);
    send({ type: 'presence', count: deps.presence() });
  });

  return {
    /** Heartbeat: false when the peer has not answered since the last beat (then it is cut off). */
    beat(): boolean {
      if (!alive) {
        if (!closing) metrics.closed.inc({ reason: 'idle' });
        closing = true;
        writer.stop();
        socket.terminate();
        return false;
      }
      alive = false;
      socket.ping();
      return true;
    },
    /** Server stopping, or the room went away. */
    close(reason: 'server_stopping' | 'room_not_found') {
      if (closing) return;
      if (reason === 'room_not_found') return close('room_not_found', 'this channel no longer exists');
      writer.close(1001, 'server_stopping');
      cutOff();
    },
  };
}

export type Connection = ReturnType<typeof openConnection>;
