import {
  type ClientFrame,
  type Position,
  type RealtimeCloseReason,
  type RealtimeErrorCode,
  realtimeCloseCodes,
  realtimeErrorCodes,
  type ServerFrame,
} from '@framecast/contracts';
import { decodeJwt } from 'jose';
import type { Logger } from 'pino';
import type { WebSocket } from 'ws';
import type { AccessVerifier } from '../auth.js';
import { AppError } from '../errors.js';
import { rawLength, refuseTooLarge } from '../websocket.js';
import { encodeFrame, parseClientFrame } from './frame.codec.js';
import { createRateWindow } from './rate.window.js';
import type { DropReason, RealtimeMetrics } from './realtime.metrics.js';
import type { RealtimeSettings } from './realtime.settings.js';
import { decideAccess, type ReadProbe } from './topic.access.js';
import type { Subscriber, TopicRegistry } from './topic.registry.js';

/** A slow socket's close frame waits behind what it has not read; after this long it is cut off. */
const CLOSE_GRACE_MS = 5_000;
/** setTimeout's longest delay. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export interface ConnectionDeps {
  socket: WebSocket;
  topics: TopicRegistry;
  settings: RealtimeSettings;
  metrics: RealtimeMetrics;
  logger: Logger;
  auth: AccessVerifier;
  read: ReadProbe;
  /** A token the upgrade request carried (`Authorization: Bearer`), already verified by the HTTP layer. */
  token?: string;
}

/**
 * One socket: frames handled one after another in arrival order, its identity (from `auth` frames), its topics,
 * its limits. Messages of its topics are written as the registry hands them over, unless the socket lags.
 */
export function openConnection(deps: ConnectionDeps) {
  const { socket, settings, metrics } = deps;
  const rate = createRateWindow(settings.messagesPerSecond);
  const topics = new Set<string>();
  const who: { userId: string | null; token: string | null } = { userId: null, token: null };
  let expiry: ReturnType<typeof setTimeout> | undefined;
  let closing = false;
  let alive = true;
  let queue: Promise<void> = Promise.resolve();

  const send = (frame: ServerFrame) => {
    if (!closing && socket.readyState === socket.OPEN) socket.send(encodeFrame(frame));
  };
  const problem = (code: RealtimeErrorCode, message: string, topic?: string) =>
    send({ type: 'error', code, message, ...(topic === undefined ? {} : { topic }) });

  const drop = (reason: DropReason & RealtimeCloseReason, detail?: string) => {
    if (closing) return;
    closing = true;
    metrics.dropped(reason);
    socket.close(realtimeCloseCodes[reason], (detail ? `${reason}: ${detail}` : reason).slice(0, 120));
    setTimeout(() => socket.terminate(), CLOSE_GRACE_MS).unref();
  };

  const subscriber: Subscriber = {
    deliver(frame) {
      if (closing || socket.readyState !== socket.OPEN) return;
      if (socket.bufferedAmount > settings.maxBufferedBytes) return drop('slow_consumer');
      socket.send(frame, { binary: false });
      metrics.delivered('live');
    },
    reload(topic, epoch, seq) {
      send({ type: 'reload', topic, epoch, seq });
    },
  };

  const leave = (topic: string) => {
    if (!topics.delete(topic)) return false;
    deps.topics.detach(topic, subscriber);
    metrics.subscriptions.dec();
    return true;
  };

  const allowed = async (topic: string) => {
    try {
      return await decideAccess(topic, who, deps.read);
    } catch (err) {
      deps.logger.warn({ err, topic }, 'a real-time subscription could not be authorised');
      return 'unavailable' as const;
    }
  };

  /** Identity changed: every topic is authorised again, and those no longer allowed end. */
  const recheck = async () => {
    for (const topic of [...topics]) {
      const decision = await allowed(topic);
      if (decision !== 'allowed' && leave(topic)) {
        problem('topic_forbidden', 'This topic is no longer open to this connection.', topic);
      }
    }
  };

  const authenticate = async (token: string | null) => {
    clearTimeout(expiry);
    who.userId = null;
    who.token = null;
    if (token !== null) {
      try {
        who.userId = (await deps.auth.verify(token)).userId;
        who.token = token;
        const exp = decodeJwt(token).exp;
        if (exp !== undefined) {
          expiry = setTimeout(() => enqueue(expire), Math.min(MAX_TIMER_MS, Math.max(0, exp * 1000 - Date.now())));
          expiry.unref();
        }
      } catch (error) {
        const code = error instanceof AppError ? error.code : 'invalid_token';
        const known = (realtimeErrorCodes as readonly string[]).includes(code)
          ? (code as RealtimeErrorCode)
          : 'invalid_token';
        problem(known, error instanceof AppError ? error.message : 'The access token is not valid.');
      }
    }
    send({ type: 'authenticated', userId: who.userId });
    await recheck();
  };

  const expire = async () => {
    if (who.token === null) return;
    who.userId = null;
    who.token = null;
    problem('token_expired', 'The access token has expired; send a fresh one.');
    send({ type: 'authenticated', userId: null });
    await recheck();
  };

  const subscribe = async (topic: string, since?: Position) => {
    if (!topics.has(topic) && topics.size >= settings.maxTopics) {
      return problem('too_many_topics', `A connection may follow at most ${settings.maxTopics} topics.`, topic);
    }
    const decision = await allowed(topic);
    if (closing) return;
    if (decision === 'unknown_topic') return problem(decision, `There is no topic "${topic}".`, topic);
    if (decision === 'topic_forbidden') return problem(decision, 'This topic is not open to this connection.', topic);
    if (decision === 'unavailable') return problem(decision, 'This topic cannot be followed right now.', topic);
    let attached: Awaited<ReturnType<TopicRegistry['attach']>>;
    try {
      attached = await deps.topics.attach(topic, subscriber, since);
    } catch (err) {
      deps.logger.warn({ err, topic }, 'a real-time topic could not be followed');
      return problem('unavailable', 'This topic cannot be followed right now.', topic);
    }
    if (closing) return deps.topics.detach(topic, subscriber);
    if (!topics.has(topic)) {
      topics.add(topic);
      metrics.subscriptions.inc();
    }
    send({ type: attached.kind, topic, epoch: attached.epoch, seq: attached.seq });
    for (const frame of attached.replay) socket.send(frame, { binary: false });
    if (attached.replay.length > 0) metrics.delivered('replay', attached.replay.length);
  };

  const handle = async (frame: ClientFrame) => {
    switch (frame.type) {
      case 'ping':
        return send({ type: 'pong' });
      case 'auth':
        return authenticate(frame.token);
      case 'subscribe':
        return subscribe(frame.topic, frame.since);
      case 'unsubscribe':
        if (leave(frame.topic)) return send({ type: 'unsubscribed', topic: frame.topic });
        return problem('not_subscribed', 'This connection does not follow that topic.', frame.topic);
    }
  };

  function enqueue(work: () => Promise<void>) {
    queue = queue
      .then(() => (closing ? undefined : work()))
      .catch((err: unknown) => deps.logger.error({ err }, 'a real-time frame failed'));
  }

  metrics.connections.inc();
  socket.on('pong', () => {
    alive = true;
  });
  socket.on('message', (data, isBinary) => {
    alive = true;
    if (closing) return;
    if (refuseTooLarge(socket, rawLength(data), settings.maxFrameBytes)) {
      closing = true;
      return metrics.dropped('frame_too_large');
    }
    if (!rate.hit(Date.now())) return drop('rate_limited', `more than ${settings.messagesPerSecond} frames a second`);
    if (isBinary) return drop('bad_frame', 'binary frames are not part of the protocol');
    const parsed = parseClientFrame(data.toString());
    if (!parsed.ok) return drop('bad_frame', parsed.problem);
    enqueue(() => handle(parsed.frame));
  });
  socket.once('close', () => {
    closing = true;
    clearTimeout(expiry);
    for (const topic of [...topics]) leave(topic);
    metrics.connections.dec();
  });

  send({
    type: 'hello',
    heartbeatMs: settings.heartbeatMs,
    maxTopics: settings.maxTopics,
    maxFrameBytes: settings.maxFrameBytes,
  });
  if (deps.token) enqueue(() => authenticate(deps.token!));

  return {
    /** Heartbeat: false when the peer has not answered since the last beat (then it is cut off). */
    beat(): boolean {
      if (!alive) {
        if (!closing) metrics.dropped('heartbeat');
        closing = true;
        socket.terminate();
        return false;
      }
      alive = false;
      socket.ping();
      return true;
    },
    /** Server stopping. */
    close(code: number, reason: string) {
      closing = true;
      socket.close(code, reason);
    },
  };
}

export type Connection = ReturnType<typeof openConnection>;
