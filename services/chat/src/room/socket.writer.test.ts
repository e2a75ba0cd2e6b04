import type { Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import { createFlushScheduler, createSocketWriter, joiner, type SocketWriter, wireFrame } from './socket.writer.js';

let closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.reverse()) await close();
  closers = [];
});

/** A real server socket and the client at its other end. */
async function pair() {
  const server = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: false });
  closers.push(() => new Promise((resolve) => server.close(() => resolve())));
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address() as { port: number };
  const accepted = new Promise<WebSocket>((resolve) => server.once('connection', resolve));
  const client = new WebSocket(`ws://127.0.0.1:${port}`);
  closers.push(async () => client.terminate());
  await new Promise((resolve) => client.once('open', resolve));
  return { socket: await accepted, client };
}

describe('the socket writer', () => {
  it('writes frames in order, several in one write, readable by any WebSocket client', async () => {
    const { socket, client } = await pair();
    const received: string[] = [];
    client.on('message', (data) => received.push(data.toString()));
    let flushed = 0;
    let passWrites = 0;
    const scheduler = createFlushScheduler({
      delayMs: 20,
      onFlushed: (frames, writes) => {
        flushed += frames;
        passWrites += writes;
      },
    });
    const writer = createSocketWriter({ socket, scheduler, maxBuffered: 1 << 20, onSlow: () => undefined });
    const raw = (socket as unknown as { _socket: Socket })._socket;
    let writes = 0;
    const write = raw.write.bind(raw);
    raw.write = ((chunk: Buffer, ...rest: never[]) => {
      writes += 1;
      return write(chunk, ...rest);
    }) as typeof raw.write;
    // The first frame goes out at once; what comes within the delay after it shares the next write.
    writer.write(wireFrame('first'));
    await expect.poll(() => received.length).toBe(1);
    const began = performance.now();
    for (const text of ['one', 'two', 'three', 'ünïcödé 🎉', 'x'.repeat(70_000)]) writer.write(wireFrame(text));
    await expect.poll(() => received.length).toBe(6);
    expect(performance.now() - began).toBeGreaterThanOrEqual(10);
    expect(received.slice(0, 5)).toEqual(['first', 'one', 'two', 'three', 'ünïcödé 🎉']);
    expect(received[5]).toHaveLength(70_000);
    expect(writes).toBe(2);
    expect(flushed).toBe(6);
    expect(passWrites).toBe(2);
  });

  it('rests after a long pass as long as it took, so what comes meanwhile shares the next', async () => {
    const passes: number[] = [];
    const scheduler = createFlushScheduler({ delayMs: 0 });
    // A pass that takes 40 ms, as writing to 5,000 sockets does here.
    const slowSockets = {
      flush() {
        const began = performance.now();
        passes.push(began);
        while (performance.now() - began < 40);
        return 1;
      },
    } as unknown as SocketWriter;
    scheduler.schedule(slowSockets);
    await expect.poll(() => passes.length).toBe(1);
    scheduler.schedule(slowSockets);
    await expect.poll(() => passes.length).toBe(2);
    expect(passes[1]! - passes[0]!).toBeGreaterThanOrEqual(79);
    // A quick pass leaves no rest beyond the delay.
    const quick = {
      flush() {
        passes.push(performance.now());
        return 1;
      },
    } as unknown as SocketWriter;
    await new Promise((resolve) => setTimeout(resolve, 50));
    scheduler.schedule(quick);
    await expect.poll(() => passes.length).toBe(3);
    const asked = performance.now();
    scheduler.schedule(quick);
    await expect.poll(() => passes.length).toBe(4);
    expect(passes[3]! - asked).toBeLessThan(20);
  });

  it('drops a socket that stops reading once too much waits unsent, and writes it nothing more', async () => {
    const { socket, client } = await pair();
    (client as unknown as { _socket: Socket })._socket.pause();
    let slow = 0;
    const scheduler = createFlushScheduler();
    const writer = createSocketWriter({ socket, scheduler, maxBuffered: 64 * 1024, onSlow: () => slow++ });
    const frame = wireFrame('y'.repeat(60_000));
    for (let i = 0; i < 400 && slow === 0; i++) {
      writer.write(frame);
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    expect(slow).toBe(1);
    const raw = (socket as unknown as { _socket: Socket })._socket;
    const pending = raw.writableLength;
    writer.write(frame);
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(raw.writableLength).toBe(pending);
    expect(slow).toBe(1);
  });

  it('joins a batch once for every socket that has the same frames queued', () => {
    const join = joiner();
    const a = wireFrame('a');
    const b = wireFrame('b');
    const first = join([a, b]);
    expect(join([a, b])).toBe(first);
    expect(join([a])).toBe(a);
    const other = join([b, a]);
    expect(other).not.toBe(first);
    expect(Buffer.compare(other, Buffer.concat([b, a]))).toBe(0);
  });
});
