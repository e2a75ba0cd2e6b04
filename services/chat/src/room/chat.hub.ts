import { randomUUID } from 'node:crypto';
import type {} from '@fastify/websocket';
import type { Journal, PubSub } from '@framecast/adapters';
import { chatCloseCodes } from '@framecast/contracts';
import {
  type AccessVerifier,
  type AccountStates,
  AppError,
  type Clock,
  type Identity,
  wsFrameError,
} from '@framecast/kit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import Type from 'typebox';
import type { RawData, WebSocket } from 'ws';
import { accountStore } from '../accounts/account.store.js';
import type { ChatMetrics } from '../chat.metrics.js';
import type { ChatSettings } from '../chat.settings.js';
import type { ChatTables } from '../chat.tables.js';
import { type Connection, openConnection } from './chat.connection.js';
import { personalFrame } from './chat.frames.js';
import type { SendFlow } from './chat.send.js';
import { openRoom, type Room } from './room.js';
import { createRoomPresence, type RoomPresence } from './room.presence.js';
import { createFlushScheduler } from './socket.writer.js';

/** A room nobody is in stays open this long, so a page reloading does not read it all again. */
const LINGER_MS = 30_000;
/** How often presence is added up and told to the rooms. */
const PRESENCE_TICK_MS = 2_000;

interface OpenRoom {
  room: Promise<Room>;
  presence: RoomPresence;
  connections: Set<Connection>;
  /** The count last told to the room's sockets. */
  told: number;
  linger?: ReturnType<typeof setTimeout>;
}

const SocketQuery = Type.Object({ since: Type.Optional(Type.String({ pattern: '^[0-9]{1,20}$' })) });
const SocketParams = Type.Object({ handle: Type.String({ minLength: 1, maxLength: 64 }) });

/**
 * The chat's WebSocket endpoint on this instance: `/api/chat/:handle/ws`. The channel is looked up before the
 * upgrade (an unknown one is answered 404 as plain HTTP); each socket joins its room, opened on first use and
 * closed a while after the last socket left.
 */
export function createChatHub(deps: {
  db: Kysely<ChatTables>;
  journal: Journal;
  pubsub: PubSub;
  prefix: string;
  flow: SendFlow;
  auth: AccessVerifier;
  accountStates: AccountStates;
  settings: ChatSettings;
  metrics: ChatMetrics;
  clock: Clock;
  logger: Logger;
}) {
  const { settings, metrics, logger } = deps;
  const instance = randomUUID();
  const scheduler = createFlushScheduler({
    delayMs: settings.writeDelayMs,
    onFlushed: (frames, writes) => {
      if (frames === 0) return;
      metrics.deliveries.inc(frames);
      metrics.writes.inc(writes);
    },
  });
  const rooms = new Map<string, OpenRoom>();
  const connections = new Set<Connection>();
  const perAddress = new Map<string, number>();
  const named = new Map<string, string>();
  let closed = false;

  const heartbeat = setInterval(() => {
    for (const connection of connections) if (!connection.beat()) connections.delete(connection);
  }, settings.heartbeatMs);
  heartbeat.unref();

  const presenceTick = setInterval(() => {
    for (const open of rooms.values()) {
      const total = open.presence.tick(open.connections.size);
      if (total === open.told) continue;
      open.told = total;
      const frame = personalFrame({ type: 'presence', count: total });
      open.room.then(
        (room) => room.broadcast(frame),
        () => undefined,
      );
    }
  }, PRESENCE_TICK_MS);
  presenceTick.unref();

  const roomOf = (channel: { id: string; handle: string }): OpenRoom => {
    let open = rooms.get(channel.id);
    if (open) {
      clearTimeout(open.linger);
      open.linger = undefined;
      return open;
    }
    const presence = createRoomPresence({
      pubsub: deps.pubsub,
      channel: `${deps.prefix}chat:presence:${channel.id}`,
      instance,
      logger,
    });
    const room = presence.start().then(() =>
      openRoom({
        channel,
        journal: deps.journal,
        db: deps.db,
        clock: deps.clock,
        logger,
        historyMessages: settings.historyMessages,
      }),
    );
    open = { room, presence, connections: new Set(), told: -1 };
    rooms.set(channel.id, open);
    metrics.rooms.set(rooms.size);
    room.catch((err: unknown) => {
      logger.error({ err, channel: channel.handle }, 'a chat room could not be opened');
      if (rooms.get(channel.id) === open) closeRoom(channel.id);
    });
    return open;
  };

  const closeRoom = (channelId: string) => {
    const open = rooms.get(channelId);
    if (!open) return;
    rooms.delete(channelId);
    metrics.rooms.set(rooms.size);
    clearTimeout(open.linger);
    void open.presence.stop();
    open.room.then(
      (room) => room.close(),
      () => undefined,
    );
  };

  const lingerOrClose = (channelId: string, open: OpenRoom) => {
    if (open.connections.size > 0 || open.linger || rooms.get(channelId) !== open) return;
    open.linger = setTimeout(() => closeRoom(channelId), LINGER_MS);
    open.linger.unref();
  };

  const seen = (identity: Identity) => {
    if (named.get(identity.userId) === identity.displayName) return;
    named.set(identity.userId, identity.displayName);
    if (named.size > 100_000) named.clear();
    accountStore
      .rename(deps.db, identity.userId, identity.displayName)
      .catch((err: unknown) => logger.warn({ err }, 'a chat display name could not be stored'));
  };

  const accept = async (socket: WebSocket, request: FastifyRequest, channel: { id: string; handle: string }) => {
    if (closed) return socket.close(1001, 'server_stopping');
    const address = request.ip;
    const count = perAddress.get(address) ?? 0;
    if (count >= settings.connectionsPerAddress) {
      metrics.closed.inc({ reason: 'too_many_connections' });
      return socket.close(chatCloseCodes.too_many_connections, 'too_many_connections');
    }
    perAddress.set(address, count + 1);
    socket.once('close', () => {
      const left = (perAddress.get(address) ?? 1) - 1;
      if (left > 0) perAddress.set(address, left);
      else perAddress.delete(address);
    });
    socket.on('error', (error) => {
      if (wsFrameError(error)) metrics.closed.inc({ reason: 'bad_frame' });
    });
    // What the client sends while its room opens (its `auth`, first) waits for the connection.
    const early: [RawData, boolean][] = [];
    const collect = (data: RawData, isBinary: boolean) => {
      if (early.length < settings.framesPerSecond * 2) early.push([data, isBinary]);
    };
    socket.on('message', collect);
    const open = roomOf(channel);
    let room: Room;
    try {
      room = await open.room;
    } catch {
      return socket.close(1011, 'chat_unavailable');
    }
    if (socket.readyState !== socket.OPEN) return lingerOrClose(channel.id, open);
    const token = request.headers.authorization?.slice('Bearer '.length);
    const since = (request.query as { since?: string }).since;
    const connection = openConnection({
      socket,
      room,
      scheduler,
      flow: deps.flow,
      auth: deps.auth,
      accountStates: deps.accountStates,
      settings,
      metrics,
      logger,
      ...(since === undefined ? {} : { since }),
      ...(request.identity && token ? { identity: { identity: request.identity, token } } : {}),
      presence: () => Math.max(open.told, open.connections.size),
      seen,
    });
    socket.off('message', collect);
    for (const [data, isBinary] of early) socket.emit('message', data, isBinary);
    connections.add(connection);
    open.connections.add(connection);
    socket.once('close', () => {
      connections.delete(connection);
      open.connections.delete(connection);
      lingerOrClose(channel.id, open);
    });
  };

  return {
    async routes(app: FastifyInstance) {
      app.route({
        method: 'GET',
        url: '/api/chat/:handle/ws',
        // Not an HTTP API: the protocol is described in docs/api.md, its frames in the contracts.
        schema: { hide: true, params: SocketParams, querystring: SocketQuery },
        preValidation: async (request) => {
          const { handle } = request.params as { handle: string };
          const account = await accountStore.byHandle(deps.db, handle);
          if (!account) throw new AppError(404, 'chat_not_found', `No channel is called "${handle}".`);
          (request as FastifyRequest & { chatChannel?: { id: string; handle: string } }).chatChannel = {
            id: account.user_id,
            handle: account.handle,
          };
        },
        handler: async () => {
          throw new AppError(426, 'upgrade_required', 'This address speaks WebSocket only; connect with one.');
        },
        wsHandler: (socket, request) => {
          const channel = (request as FastifyRequest & { chatChannel?: { id: string; handle: string } }).chatChannel!;
          void accept(socket, request, channel);
        },
      });
    },
    /** A deleted account's room closes: its sockets are told and let go. */
    async channelDeleted(channelId: string) {
      const open = rooms.get(channelId);
      if (!open) return;
      for (const connection of open.connections) connection.close('room_not_found');
      closeRoom(channelId);
    },
    /** Closes every socket (1001, so clients reconnect elsewhere) and every room. */
    async close() {
      closed = true;
      clearInterval(heartbeat);
      clearInterval(presenceTick);
      for (const connection of connections) connection.close('server_stopping');
      connections.clear();
      for (const id of [...rooms.keys()]) closeRoom(id);
    },
  };
}

export type ChatHub = ReturnType<typeof createChatHub>;
