import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';
import * as ws from 'ws';

/** ws's framing, exported by ws (`WebSocket.Sender`) though its type declarations leave it out. */
const { Sender } = ws as unknown as {
  Sender: {
    frame(
      data: Buffer,
      options: { fin: boolean; rsv1: boolean; opcode: number; mask: boolean; readOnly: boolean },
    ): Buffer[];
  };
};

/**
 * A text frame as it goes on the wire (header and payload, unmasked as a server sends it), built once by ws's own
 * framing and then written to every socket that should have it.
 */
export function wireFrame(text: string): Buffer {
  const payload = Buffer.from(text);
  return Buffer.concat(Sender.frame(payload, { fin: true, rsv1: false, opcode: 1, mask: false, readOnly: false }));
}

/**
 * Joins the frames queued for one socket into one buffer, reusing the last result when the next socket has the same
 * frames queued (the sockets of a room, one after another): a room's batch is copied once, not once per socket.
 */
export function joiner() {
  let last: readonly Buffer[] = [];
  let joined: Buffer | null = null;
  return (frames: readonly Buffer[]): Buffer => {
    if (frames.length === 1) return frames[0]!;
    if (joined && frames.length === last.length && frames.every((frame, i) => frame === last[i])) return joined;
    last = frames;
    joined = Buffer.concat(frames);
    return joined;
  };
}

/**
 * After a pass over the sockets, the next waits at least as long as this one took: fan-out takes at most half of the
 * event loop, however big the room and however busy the machine.
 */
const REST_PER_PASS = 1;

/**
 * Writes queued frames for every socket that has some, at most once every `delayMs` and never sooner after a pass
 * than that pass took (`REST_PER_PASS`): when the last pass was longer ago, at the end of this event-loop turn;
 * otherwise once both have passed. A quiet room's message goes out at once; in a busy room the frames queued meanwhile
 * share one `write` per socket (one system call, the most of a delivery's cost), the trade Centrifugo's `write_delay`
 * makes, without its wait when nothing else is coming. In a room so big that writing one message to every socket
 * takes longer than the delay (80 ms for 10,000 sockets here), the wait grows with it, so the messages that come
 * meanwhile share the next pass instead of each taking one of their own. `onFlushed` hears how many frames each pass
 * wrote, in how many writes.
 */
export function createFlushScheduler(
  opts: { delayMs?: number; onFlushed?: (frames: number, writes: number) => void } = {},
) {
  const delayMs = opts.delayMs ?? 0;
  const dirty = new Set<SocketWriter>();
  let scheduled = false;
  /** The earliest the next pass may start (`performance.now()`). */
  let nextPass = Number.NEGATIVE_INFINITY;
  const flush = () => {
    scheduled = false;
    const began = performance.now();
    const writers = [...dirty];
    dirty.clear();
    let frames = 0;
    let writes = 0;
    const join = joiner();
    for (const writer of writers) {
      const written = writer.flush(join);
      frames += written;
      if (written > 0) writes++;
    }
    const ended = performance.now();
    nextPass = Math.max(began + delayMs, ended + (ended - began) * REST_PER_PASS);
    opts.onFlushed?.(frames, writes);
  };
  return {
    schedule(writer: SocketWriter) {
      dirty.add(writer);
      if (scheduled) return;
      scheduled = true;
      const wait = nextPass - performance.now();
      if (wait > 0) setTimeout(flush, wait);
      else setImmediate(flush);
    },
    forget(writer: SocketWriter) {
      dirty.delete(writer);
    },
  };
}

export type FlushScheduler = ReturnType<typeof createFlushScheduler>;

/**
 * Every text frame one socket is sent goes through here, in order: queued, and written in one `write` per event-loop
 * turn (frames coalesced), straight to the TCP socket under ws. That is safe because the server never compresses
 * (permessage-deflate is off), so ws keeps nothing queued of its own and every write is a whole frame. A socket
 * whose unsent bytes pass `maxBuffered` is a slow consumer: `onSlow` is called and nothing more is queued.
 */
export function createSocketWriter(opts: {
  socket: WebSocket;
  scheduler: FlushScheduler;
  maxBuffered: number;
  onSlow: () => void;
}) {
  const { socket } = opts;
  // ws's TCP socket: not part of its typed API, but stable since ws 1 and what `send` itself writes to.
  const raw = (socket as unknown as { _socket: Socket })._socket;
  let queue: Buffer[] = [];
  let stopped = false;

  const writer = {
    /** Queues a frame built with `wireFrame` (the same buffer may go to many sockets). */
    write(frame: Buffer) {
      if (stopped) return;
      queue.push(frame);
      if (queue.length === 1) opts.scheduler.schedule(writer);
    },
    /** Writes what is queued, joined by `join`; how many frames that was. */
    flush(join: (frames: readonly Buffer[]) => Buffer = (frames) => Buffer.concat(frames)): number {
      if (stopped || queue.length === 0) return 0;
      const frames = queue;
      queue = [];
      if (socket.readyState !== socket.OPEN) return 0;
      if (raw.writableLength > opts.maxBuffered) {
        stopped = true;
        opts.onSlow();
        return 0;
      }
      raw.write(join(frames));
      return frames.length;
    },
    /** Writes what is queued, then the close frame after it. */
    close(code: number, reason: string) {
      writer.flush();
      stopped = true;
      opts.scheduler.forget(writer);
      socket.close(code, reason);
    },
    /** Nothing more is written (the socket closed or is being cut off). */
    stop() {
      stopped = true;
      queue = [];
      opts.scheduler.forget(writer);
    },
  };
  return writer;
}

export type SocketWriter = ReturnType<typeof createSocketWriter>;
