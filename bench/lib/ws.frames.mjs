// The least of the WebSocket protocol (RFC 6455) a benchmark's readers need, so that thousands of them in one process
// cost it as little CPU as can be: it shares the machine with the server being measured. The readers stand in for
// browsers on other machines; the `ws` client does more per message (a writable stream, per-message events, its
// checks), which is right for an application and only weighs on a benchmark. Server frames are parsed in place and
// never decoded; a reader answers pings and sends its few frames masked, as a client must.
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';

export const OPCODE = { text: 1, close: 8, ping: 9, pong: 10 };

/**
 * Splits a server's byte stream into frames: `onFrame(opcode, payload)` for each whole one, `payload` a view into the
 * chunk (valid during the call). Bytes of a frame not yet whole wait for the next chunk. Throws on a masked frame
 * (a server never masks). Pure but for the bytes it keeps.
 */
export function frameReader(onFrame) {
  let pending = null;
  return (chunk) => {
    const buf = pending ? Buffer.concat([pending, chunk]) : chunk;
    let at = 0;
    while (buf.length - at >= 2) {
      const second = buf[at + 1];
      if (second & 0x80) throw new Error('a server sent a masked frame');
      let length = second & 0x7f;
      let head = 2;
      if (length === 126) {
        if (buf.length - at < 4) break;
        length = buf.readUInt16BE(at + 2);
        head = 4;
      } else if (length === 127) {
        if (buf.length - at < 10) break;
        length = Number(buf.readBigUInt64BE(at + 2));
        head = 10;
      }
      if (buf.length - at < head + length) break;
      onFrame(buf[at] & 0x0f, buf.subarray(at + head, at + head + length));
      at += head + length;
    }
    pending = at < buf.length ? Buffer.from(buf.subarray(at)) : null;
  };
}

/** A client's frame (final, masked with a random key) of `opcode` carrying `payload` (a string or Buffer). Pure. */
export function clientFrame(opcode, payload) {
  const data = Buffer.isBuffer(payload) ? payload : Buffer.from(payload);
  const length = data.length;
  const head = length < 126 ? 2 : length < 65_536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(head + 4 + length);
  frame[0] = 0x80 | opcode;
  if (head === 2) frame[1] = 0x80 | length;
  else if (head === 4) {
    frame[1] = 0x80 | 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 0x80 | 127;
    frame.writeBigUInt64BE(BigInt(length), 2);
  }
  const mask = randomBytes(4);
  mask.copy(frame, head);
  for (let i = 0; i < length; i++) frame[head + 4 + i] = data[i] ^ mask[i & 3];
  return frame;
}

/**
 * Opens a WebSocket to `url` (ws://) from `localAddress`, with an `Origin` when given. Resolves with the TCP socket
 * once the server switched protocols, and any bytes that came with its answer; rejects on any other answer.
 */
export function openSocket(url, { localAddress, origin }) {
  return new Promise((resolve, reject) => {
    const req = request(url.replace(/^ws/, 'http'), {
      localAddress,
      agent: false,
      headers: {
        connection: 'Upgrade',
        upgrade: 'websocket',
        'sec-websocket-key': randomBytes(16).toString('base64'),
        'sec-websocket-version': '13',
        ...(origin ? { origin } : {}),
      },
    });
    req.once('upgrade', (_res, socket, head) => resolve({ socket, head }));
    req.once('response', (res) => {
      res.resume();
      reject(new Error(`answered ${res.statusCode} instead of switching to WebSocket`));
    });
    req.once('error', reject);
    req.end();
  });
}
