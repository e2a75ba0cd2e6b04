import type { ChatServerFrame } from '@framecast/contracts';
import { WebSocket } from 'ws';

type Frame = ChatServerFrame;
type FrameOf<T extends Frame['type']> = Extract<Frame, { type: T }>;

/** A real WebSocket client of the chat protocol for tests: every frame it received, and waits on them. */
export interface TestChatClient {
  socket: WebSocket;
  frames: Frame[];
  /** The first frame of `type` (matching `match`) after the `from`-th frame received, waiting up to `timeoutMs`. */
  next<T extends Frame['type']>(
    type: T,
    match?: (frame: FrameOf<T>) => boolean,
    opts?: { from?: number; timeoutMs?: number },
  ): Promise<FrameOf<T>>;
  /** Messages received so far, in order. */
  messages(): FrameOf<'message'>[];
  send(frame: unknown): void;
  /** Resolves with the close code and reason. */
  closed: Promise<{ code: number; reason: string }>;
  close(): Promise<void>;
}

export async function connectChat(
  baseUrl: string,
  handle: string,
  opts: { since?: string; token?: string; headers?: Record<string, string>; address?: string } = {},
): Promise<TestChatClient> {
  const url = new URL(`/api/chat/${handle}/ws`, baseUrl.replace(/^http/, 'ws'));
  if (opts.since) url.searchParams.set('since', opts.since);
  const socket = new WebSocket(url, {
    headers: opts.headers ?? {},
    ...(opts.address ? { localAddress: opts.address } : {}),
  });
  const frames: Frame[] = [];
  const wakes = new Set<() => void>();
  socket.on('message', (data) => {
    frames.push(JSON.parse(data.toString()) as Frame);
    for (const wake of wakes) wake();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    socket.once('close', (code, reason) => {
      resolve({ code, reason: reason.toString() });
      for (const wake of wakes) wake();
    });
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
    socket.once('unexpected-response', (_req, res) => reject(new Error(`chat socket refused: ${res.statusCode}`)));
  });
  const client: TestChatClient = {
    socket,
    frames,
    next(type, match, { from = 0, timeoutMs = 5000 } = {}) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = frames
            .slice(from)
            .find((f): f is FrameOf<typeof type> => f.type === type && (!match || match(f as FrameOf<typeof type>)));
          if (found) {
            wakes.delete(check);
            clearTimeout(timer);
            resolve(found);
          }
        };
        const timer = setTimeout(() => {
          wakes.delete(check);
          reject(new Error(`no ${type} frame within ${timeoutMs} ms; got ${JSON.stringify(frames.slice(from))}`));
        }, timeoutMs);
        wakes.add(check);
        check();
      });
    },
    messages: () => frames.filter((f): f is FrameOf<'message'> => f.type === 'message'),
    send(frame) {
      socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
    },
    closed,
    async close() {
      if (socket.readyState === socket.CLOSED) return;
      socket.close();
      await closed;
    },
  };
  if (opts.token) client.send({ type: 'auth', token: opts.token });
  return client;
}
