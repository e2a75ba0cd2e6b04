import { type AddressInfo, createServer, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer, type TlsOptions } from 'node:tls';
import type { PublishSession } from './publish.session.js';
import { type RtmpLimits, resolveLimits } from './rtmp.limits.js';
import { type RtmpLogger, silentLogger } from './rtmp.logger.js';
import { type Authorize, SocketConnection } from './rtmp.socket.js';

/** What `createRtmpServer` takes: the caller's decisions, limits and logger; no global state. */
export interface RtmpServerOptions<Handle> {
  /**
   * Decides a publish, before any of its media is taken: accept with a handle of yours, or refuse with a reason the
   * publisher is told (NetStream.Publish.BadName). A second publisher on a live key is yours to refuse. The signal
   * aborts when the publisher leaves or `limits.authorizeTimeoutMs` passes; an answer after that is ignored.
   */
  authorize: Authorize<Handle>;
  /** Called once per accepted publish, with the session to read; attach listeners before its first `await`. */
  onPublish(session: PublishSession<Handle>): void | Promise<void>;
  limits?: Partial<RtmpLimits>;
  logger?: RtmpLogger;
  /** A key and certificate (and any other TLS options) to serve RTMPS instead of plain RTMP. */
  tls?: TlsOptions;
  /** Milliseconds clock for stats and timeouts' bookkeeping; tests may pass their own. */
  now?: () => number;
}

/** A running (or ready to run) RTMP server. */
export interface RtmpServer {
  /** Starts listening (port 0 for any free one); resolves with the address bound. */
  listen(port: number, host?: string): Promise<AddressInfo>;
  address(): AddressInfo | undefined;
  /** Open connections, publishing or not. */
  readonly connectionCount: number;
  /** Stops accepting, ends every session (publishers are told), and resolves once every socket is closed. */
  close(): Promise<void>;
}

/**
 * An RTMP(S) ingest server for publishers (FFmpeg, OBS): no global state, everything through its options. Each
 * socket is its own `SocketConnection`; connections over `maxConnections` (total or per address) are dropped at once.
 */
export function createRtmpServer<Handle>(options: RtmpServerOptions<Handle>): RtmpServer {
  const limits = resolveLimits(options.limits);
  const logger = options.logger ?? silentLogger;
  const now = options.now ?? (() => performance.now());
  const connections = new Set<SocketConnection<Handle>>();
  const perAddress = new Map<string, number>();
  const sockets = new Set<Socket>();
  let nextId = 1;
  let closing = false;

  const server: Server = options.tls
    ? createTlsServer({ ...options.tls, handshakeTimeout: limits.handshakeTimeoutMs })
    : createServer();

  // Admission happens on the raw TCP socket, before any TLS work.
  server.on('connection', (socket: Socket) => {
    const address = socket.remoteAddress ?? 'unknown';
    const fromAddress = perAddress.get(address) ?? 0;
    const total = sockets.size;
    if (closing || total >= limits.maxConnections || fromAddress >= limits.maxConnectionsPerAddress) {
      logger.warn({ remote: address, total, fromAddress }, 'rtmp: connection refused: too many connections');
      socket.destroy();
      return;
    }
    perAddress.set(address, fromAddress + 1);
    sockets.add(socket);
    socket.once('close', () => {
      sockets.delete(socket);
      const left = (perAddress.get(address) ?? 1) - 1;
      if (left <= 0) perAddress.delete(address);
      else perAddress.set(address, left);
    });
    if (!options.tls) serve(socket);
  });
  if (options.tls) {
    server.on('secureConnection', (socket: Socket) => serve(socket));
    server.on('tlsClientError', (err, socket) => {
      logger.info({ remote: socket.remoteAddress, err: err.message }, 'rtmp: TLS handshake failed');
      socket.destroy();
    });
  }
  // A failure to listen is `listen`'s rejection, for the caller to explain; later errors are logged here.
  let listening = false;
  server.on('error', (err) => {
    if (listening) logger.error({ err }, 'rtmp: server error');
  });

  function serve(socket: Socket): void {
    const connection = new SocketConnection(socket, {
      id: `rtmp-${nextId++}`,
      limits,
      logger,
      authorize: options.authorize,
      onPublish: options.onPublish,
      now,
    });
    connections.add(connection);
    void connection.closed.then(() => connections.delete(connection));
  }

  return {
    listen(port, host) {
      return new Promise((resolve, reject) => {
        const onError = (err: Error) => reject(err);
        server.once('error', onError);
        server.listen(port, host, () => {
          server.off('error', onError);
          listening = true;
          const address = server.address() as AddressInfo;
          logger.info({ port: address.port, tls: options.tls !== undefined }, 'rtmp: listening');
          resolve(address);
        });
      });
    },
    address() {
      const address = server.address();
      return address !== null && typeof address === 'object' ? address : undefined;
    },
    get connectionCount() {
      return connections.size;
    },
    async close() {
      closing = true;
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const connection of connections) connection.shutdown('The server is shutting down.');
      await Promise.all([...connections].map((c) => c.closed));
      // Sockets still in their TLS handshake have no connection to shut down.
      for (const socket of sockets) socket.destroy();
      await stopped;
    },
  };
}
