import { REALTIME_PATH, type ServerFrame } from '@framecast/contracts';
import { type ClientOptions, WebSocket } from 'ws';

/** A socket on a hub that records every frame it receives, for tests. */
export interface Peer {
  socket: WebSocket;
  frames: ServerFrame[];
  /** Sends a frame (an object is sent as JSON, a string as is). */
  send(frame: object | string): void;
  /** The first frame received (already or within `timeoutMs`) that matches. */
  waitFor<T extends ServerFrame['type']>(
    type: T,
    match?: (frame: Extract<ServerFrame, { type: T }>) => boolean,
    timeoutMs?: number,
  ): Promise<Extract<ServerFrame, { type: T }>>;
  /** The data of the `message` frames of a topic, in arrival order, with their sequence numbers. */
  messages(topic: string): { seq: number; data: unknown }[];
  closed: Promise<{ code: number; reason: string }>;
  close(): Promise<void>;
}

/** Opens a socket on `base`'s `/api/realtime` and waits for the hub's `hello`. */
export async function connect(base: string, options: ClientOptions = {}): Promise<Peer> {
  const socket = new WebSocket(`${base.replace(/^http/, 'ws')}${REALTIME_PATH}`, options);
  const frames: ServerFrame[] = [];
  const waiters = new Set<() => void>();
  socket.on('message', (data) => {
    frames.push(JSON.parse(data.toString()) as ServerFrame);
    for (const wake of waiters) wake();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })),
  );
  const peer: Peer = {
    socket,
    frames,
    send: (frame) => socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame)),
    waitFor(type, match = () => true, timeoutMs = 5_000) {
      type F = Extract<ServerFrame, { type: typeof type }>;
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = frames.find((f): f is F => f.type === type && match(f as F));
          if (!found) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`No ${type} frame within ${timeoutMs} ms; got ${JSON.stringify(frames).slice(0, 2_000)}`));
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
    messages: (topic) =>
      frames.flatMap((f) => (f.type === 'message' && f.topic === topic ? [{ seq: f.seq, data: f.data }] : [])),
    closed,
    async close() {
      if (socket.readyState !== WebSocket.CLOSED) socket.close();
      await closed;
    },
  };
  await peer.waitFor('hello');
  return peer;
}
