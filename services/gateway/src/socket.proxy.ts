import type {} from '@fastify/websocket';
import { AppError, type ModuleName, type RemoteModule } from '@framecast/kit';
import type { FastifyInstance } from 'fastify';
import { type RawData, WebSocket } from 'ws';

/** Close codes a peer may not send in a close frame: they stand for "none given" and "dropped". */
const RESERVED = new Set([1004, 1005, 1006, 1015]);
/** What the relay holds for the other side before it gives up on a socket that does not read. */
const MAX_BUFFERED = 1024 * 1024;
/** Frames a client may send before the module's socket is open. */
const MAX_EARLY = 32;

const closeCode = (code: number) => (RESERVED.has(code) || code < 1000 || code >= 5000 ? 1011 : code);

/**
 * Microservices mode: each WebSocket route of a module served elsewhere (`sockets`) is relayed to it. The client's
 * socket is accepted here, a socket to the module opened with the client's address (`X-Forwarded-For`), token and
 * request id, and frames go both ways unchanged until either side closes, the other then closed with its code.
 */
export async function socketProxyRoutes(
  app: FastifyInstance,
  opts: { remotes: ReadonlyMap<ModuleName, RemoteModule> },
) {
  for (const remote of opts.remotes.values()) {
    for (const path of remote.sockets) {
      app.route({
        method: 'GET',
        url: path,
        schema: { hide: true },
        handler: async () => {
          throw new AppError(426, 'upgrade_required', 'This address speaks WebSocket only; connect with one.');
        },
        wsHandler: (client, request) => {
          const target = `${remote.url.replace(/^http/, 'ws')}${request.url}`;
          const forwarded = [request.headers['x-forwarded-for'], request.ip].filter(Boolean).join(', ');
          const headers: Record<string, string> = { 'x-request-id': String(request.id), 'x-forwarded-for': forwarded };
          if (request.headers.authorization) headers.authorization = request.headers.authorization;
          // Pings are passed through, not answered here: the module's heartbeat then reaches the client itself.
          const upstream = new WebSocket(target, { headers, perMessageDeflate: false, autoPong: false });
          const early: [RawData, boolean][] = [];
          const relay = (from: WebSocket, to: WebSocket) => (data: RawData, isBinary: boolean) => {
            if (to.readyState !== WebSocket.OPEN) return;
            if (to.bufferedAmount > MAX_BUFFERED) {
              from.terminate();
              to.terminate();
              return;
            }
            to.send(data, { binary: isBinary });
          };
          client.on('message', (data, isBinary) => {
            if (upstream.readyState === WebSocket.CONNECTING) {
              if (early.length < MAX_EARLY) early.push([data, isBinary]);
              return;
            }
            relay(client, upstream)(data, isBinary);
          });
          upstream.on('open', () => {
            for (const [data, isBinary] of early.splice(0)) upstream.send(data, { binary: isBinary });
          });
          upstream.on('message', relay(upstream, client));
          upstream.on('unexpected-response', (_req, res) => {
            // Refused before the upgrade (404: no such room): the client's socket is already open, so it is told so.
            client.close(res.statusCode === 404 ? 4004 : 1011, `upstream answered ${res.statusCode}`);
            upstream.terminate();
          });
          upstream.on('error', (err) => {
            request.log.warn({ err, target: remote.url }, 'a relayed socket failed');
            if (client.readyState === WebSocket.OPEN) client.close(1011, 'upstream_unavailable');
          });
          upstream.on('close', (code, reason) => {
            if (client.readyState === WebSocket.OPEN) client.close(closeCode(code), reason.toString().slice(0, 120));
          });
          client.on('close', (code, reason) => {
            if (upstream.readyState === WebSocket.OPEN)
              upstream.close(closeCode(code), reason.toString().slice(0, 120));
            else if (upstream.readyState === WebSocket.CONNECTING) upstream.terminate();
          });
          upstream.on('ping', (data) => {
            if (client.readyState === WebSocket.OPEN) client.ping(data);
          });
          client.on('pong', (data) => {
            if (upstream.readyState === WebSocket.OPEN) upstream.pong(data);
          });
        },
      });
    }
  }
}
