import websocket from '@fastify/websocket';
import type { FastifyInstance } from 'fastify';
import type { TSchema } from 'typebox';
import Compile from 'typebox/compile';
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

export type ParsedFrame<T> = { ok: true; frame: T } | { ok: false; problem: string };

/**
 * A parser of a socket protocol's client frames: JSON text checked against `schema` (a union of frames told apart by
 * `type`), or what is wrong with it in words, for the error and the close reason. Pure.
 */
export function clientFrameParser<T>(schema: TSchema, types: readonly string[]): (text: string) => ParsedFrame<T> {
  const compiled = Compile(schema);
  return (text) => {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return { ok: false, problem: 'not JSON' };
    }
    if (compiled.Check(value)) return { ok: true, frame: value as T };
    const type = typeof value === 'object' && value !== null ? (value as { type?: unknown }).type : undefined;
    if (typeof type !== 'string' || !types.includes(type)) return { ok: false, problem: 'unknown frame type' };
    return { ok: false, problem: `malformed ${type} frame` };
  };
}
