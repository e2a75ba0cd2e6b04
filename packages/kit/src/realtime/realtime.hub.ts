import type { PubSub } from '@framecast/adapters';
import { REALTIME_PATH, realtimeCloseCodes } from '@framecast/contracts';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { WebSocket } from 'ws';
import type { AccessVerifier } from '../auth.js';
import { AppError } from '../errors.js';
import { wsFrameError } from '../websocket.js';
import { type Connection, openConnection } from './realtime.connection.js';
import { createRealtimeMetrics } from './realtime.metrics.js';
import type { RealtimeSettings } from './realtime.settings.js';
import type { ReadProbe } from './topic.access.js';
import { createTopicRegistry } from './topic.registry.js';

export interface RealtimeHubDeps {
  pubsub: PubSub;
  /** Namespace of the pub/sub channels (the deployment's Redis key prefix). */
  prefix: string;
  settings: RealtimeSettings;
  metrics: Registry;
  logger: Logger;
  auth: AccessVerifier;
}

/**
 * The WebSocket endpoint at `/api/realtime`: one socket per page, topics authorised per subscriber, messages fanned
 * out from pub/sub. The gateway mounts it, so it sits at the edge in every mode.
 */
export function createRealtimeHub(deps: RealtimeHubDeps) {
  const { settings, logger } = deps;
  const metrics = createRealtimeMetrics(deps.metrics);
  const topics = createTopicRegistry({
    pubsub: deps.pubsub,
    prefix: deps.prefix,
    limits: { maxMessages: settings.bufferMessages, maxAgeMs: settings.bufferMs },
    metrics,
    logger,
  });
  const connections = new Set<Connection>();
  const perAddress = new Map<string, number>();
  let closed = false;
  const heartbeat = setInterval(() => {
    for (const connection of connections) if (!connection.beat()) connections.delete(connection);
  }, settings.heartbeatMs);
  heartbeat.unref();

  const accept = (socket: WebSocket, request: FastifyRequest, read: ReadProbe) => {
    if (closed) return socket.close(1001, 'server_stopping');
    const address = request.ip;
    const open = perAddress.get(address) ?? 0;
    if (open >= settings.connectionsPerAddress) {
      metrics.dropped('too_many_connections');
      socket.close(realtimeCloseCodes.too_many_connections, 'too_many_connections');
      return;
    }
    perAddress.set(address, open + 1);
    // ws refuses frames that break the protocol (invalid UTF-8…) and closes the socket itself.
    socket.on('error', (error) => {
      if (wsFrameError(error)) metrics.dropped('bad_frame');
    });
    const header = request.identity ? request.headers.authorization?.slice('Bearer '.length) : undefined;
    const connection = openConnection({
      socket,
      topics,
      settings,
      metrics,
      logger,
      auth: deps.auth,
      read,
      token: header,
    });
    connections.add(connection);
    socket.once('close', () => {
      connections.delete(connection);
      const left = (perAddress.get(address) ?? 1) - 1;
      if (left > 0) perAddress.set(address, left);
      else perAddress.delete(address);
    });
  };

  return {
    async routes(app: FastifyInstance) {
      // Authorisation asks the API as the subscriber, from the subscriber's address (so rate limits count them).
      const probe =
        (address: string): ReadProbe =>
        async (path, token) => {
          const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
          const res = await app.inject({ method: 'GET', url: path, headers, remoteAddress: address });
          return res.statusCode;
        };
      app.route({
        method: 'GET',
        url: REALTIME_PATH,
        // Not an HTTP API: the protocol is described in docs/api.md, its frames in the contracts.
        schema: { hide: true },
        handler: async () => {
          throw new AppError(426, 'upgrade_required', 'This address speaks WebSocket only; connect with one.');
        },
        wsHandler: (socket, request) => accept(socket, request, probe(request.ip)),
      });
    },
    /** Closes every socket (1001, so clients reconnect elsewhere) and leaves pub/sub. */
    async close() {
      closed = true;
      clearInterval(heartbeat);
      for (const connection of connections) connection.close(1001, 'server_stopping');
      connections.clear();
      await topics.close();
    },
  };
}

export type RealtimeHub = ReturnType<typeof createRealtimeHub>;
