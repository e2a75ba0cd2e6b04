import type { IncomingMessage } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';

export interface BodyRate {
  /** The window over which the rate is measured. */
  windowMs: number;
  /** The least a body must bring in each window, on average; 0 turns the rule off. */
  minBytesPerSecond: number;
}

const hasBody = (raw: IncomingMessage) =>
  raw.headers['transfer-encoding'] !== undefined || Number(raw.headers['content-length'] ?? 0) > 0;

/**
 * `onRequest` hook: while a request's body arrives, each window must bring at least the minimum rate of bytes, or
 * the socket is closed. A slow but real upload (a phone on a poor line sends kilobytes a second) goes on for as long
 * as it takes; a client trickling a byte every few seconds to hold the socket does not. A window in which the server
 * itself was not reading (the body waits in the stream's buffer for a slow store) does not count against the client.
 */
export function bodyRateGuard(rate: BodyRate) {
  const minBytes = Math.ceil((rate.minBytesPerSecond * rate.windowMs) / 1000);
  return (request: FastifyRequest, _reply: FastifyReply, done: () => void) => {
    const raw = request.raw;
    if (minBytes === 0 || !hasBody(raw)) return done();
    const socket = raw.socket;
    let seen = socket.bytesRead;
    const timer = setInterval(() => {
      if (raw.complete || socket.destroyed) return stop();
      const read = socket.bytesRead;
      const waitingForUs = raw.readableLength > 0 || raw.isPaused();
      if (read - seen < minBytes && !waitingForUs) {
        stop();
        socket.destroy();
        return;
      }
      seen = read;
    }, rate.windowMs);
    timer.unref();
    const stop = () => clearInterval(timer);
    raw.once('end', stop);
    raw.once('close', stop);
    done();
  };
}
