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

/** Writes queued frames once per event-loop turn, for every socket that has some. */
export function createFlushScheduler() {
  const dirty = new Set<SocketWriter>();
  let scheduled = false;
  const flush = () => {
    scheduled = false;
    const writers = [...dirty];
    dirty.clear();
    for (const writer of writers) writer.flush();
  };
  return {
    schedule(writer: SocketWriter) {
      dirty.add(writer);
      if (!scheduled) {
        scheduled = true;
        setImmediate(flush);
      }
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
  /** Frames written (counted per flush). */
  onWritten?: (frames: number) => void;
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
    flush() {
      if (stopped || queue.length === 0) return;
      const frames = queue;
      queue = [];
      if (socket.readyState !== socket.OPEN) return;
      if (raw.writableLength > opts.maxBuffered) {
        stopped = true;
        opts.onSlow();
        return;
      }
      raw.write(frames.length === 1 ? frames[0]! : Buffer.concat(frames));
      opts.onWritten?.(frames.length);
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
