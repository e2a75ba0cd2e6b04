// Run with `node --test bench/`: the benchmark helpers are plain scripts outside the Vitest projects.
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { describe, it } from 'node:test';
import { WebSocketServer } from 'ws';
import { clientFrame, frameReader, OPCODE, openSocket } from './ws.frames.mjs';

describe('the benchmark readers’ WebSocket', () => {
  it('reads frames split anywhere across chunks, of every length form', () => {
    const frames = [];
    const read = frameReader((opcode, payload) => frames.push([opcode, payload.toString()]));
    const server = (opcode, text) => {
      const data = Buffer.from(text);
      const head =
        data.length < 126
          ? Buffer.from([0x80 | opcode, data.length])
          : Buffer.from([0x80 | opcode, 126, data.length >> 8, data.length & 0xff]);
      return Buffer.concat([head, data]);
    };
    const long = 'x'.repeat(300);
    const bytes = Buffer.concat([server(OPCODE.text, 'hello'), server(OPCODE.ping, ''), server(OPCODE.text, long)]);
    for (let i = 0; i < bytes.length; i += 7) read(bytes.subarray(i, i + 7));
    assert.deepEqual(frames, [
      [OPCODE.text, 'hello'],
      [OPCODE.ping, ''],
      [OPCODE.text, long],
    ]);
    assert.throws(() => frameReader(() => {})(clientFrame(OPCODE.text, 'masked')), /masked/);
  });

  it('talks to a real WebSocket server: its frames read, ours masked, pings answered', async () => {
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await once(wss, 'listening');
    try {
      const accepted = once(wss, 'connection');
      const { socket, head } = await openSocket(`ws://127.0.0.1:${wss.address().port}/`, { localAddress: '127.0.0.2' });
      const [peer] = await accepted;
      const got = [];
      const read = frameReader((opcode, payload) => {
        if (opcode === OPCODE.ping) socket.write(clientFrame(OPCODE.pong, payload));
        else got.push(payload.toString());
      });
      socket.on('data', read);
      if (head.length > 0) read(head);
      const echoed = once(peer, 'message');
      socket.write(clientFrame(OPCODE.text, 'ünïcödé '.repeat(20)));
      assert.equal(String((await echoed)[0]), 'ünïcödé '.repeat(20));
      const ponged = once(peer, 'pong');
      peer.ping('are you there');
      assert.equal(String((await ponged)[0]), 'are you there');
      peer.send('a'.repeat(70_000));
      peer.send('b');
      while (got.length < 2) await new Promise((resolve) => setTimeout(resolve, 10));
      assert.deepEqual(
        got.map((t) => t.length),
        [70_000, 1],
      );
      socket.destroy();
    } finally {
      wss.close();
    }
  });

  it('says what a server answered instead of switching', async () => {
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1', verifyClient: () => false });
    await once(wss, 'listening');
    try {
      await assert.rejects(openSocket(`ws://127.0.0.1:${wss.address().port}/`, {}), /answered 401/);
    } finally {
      wss.close();
    }
  });
});
