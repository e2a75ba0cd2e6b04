import websocket from '@fastify/websocket';
import type { FastifyInstance } from 'fastify';
import type { WebSocket } from 'ws';

/**
 * The largest frame any WebSocket route of a process takes. One WebSocket server serves every socket route of the
 * process (the real-time hub, chat), so each route holds its sockets to its own, smaller limit (`tooLarge`).
 */
export const WEBSOCKET_MAX_PAYLOAD = 1024 * 1024;

/** Registers WebSocket support once for the whole process (each route then declares `wsHandler`). */
export async function websocketSupport(root: FastifyInstance): Promise<void> {
  await root.register(websocket, {
    options: { maxPayload: WEBSOCKET_MAX_PAYLOAD, perMessageDeflate: false },
    errorHandler(error, socket, request) {
      // ws refuses bad frames (invalid UTF-8, a bad opcode, too large) itself, closing with the matching code.
      if ((error as { code?: string }).code?.startsWith('WS_ERR_')) return;
      request.log.error({ err: error }, 'a WebSocket failed');
      socket.terminate();
    },
  });
}

/** A frame larger than the route's own limit: closed as ws closes one past its own (1009). True when closed. */
export function refuseTooLarge(socket: WebSocket, bytes: number, limit: number): boolean {
  if (bytes <= limit) return false;
  socket.close(1009, `frames are at most ${limit} bytes`);
  setTimeout(() => socket.terminate(), 5_000).unref();
  return true;
}

/** ws's code for a frame it refused, when `error` is one (`WS_ERR_INVALID_UTF8`…). */
export function wsFrameError(error: unknown): string | null {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && code.startsWith('WS_ERR_') ? code : null;
}

/** Bytes of a received message, whatever shape ws hands it in. */
export function rawLength(data: Buffer | ArrayBuffer | Buffer[]): number {
  if (Array.isArray(data)) return data.reduce((sum, part) => sum + part.length, 0);
  return data.byteLength;
}
