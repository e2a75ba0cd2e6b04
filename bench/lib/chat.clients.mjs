#!/usr/bin/env node
// Chat readers in a process of their own, so their CPU is not the server's: `count` sockets in one room, each from one
// of `addresses` loopback addresses (127.0.0.2…), at most `concurrency` connecting at a time. Every server's readers
// speak bare WebSocket (`ws.frames.mjs`: frames parsed in place, so the readers take as little as can be of the CPU
// they share with the server): ours anonymous (in the room once it sent `ready`), the bare peer as they come,
// Socket.IO's by speaking its packets on the WebSocket transport (what socket.io-client sends; `socketIoClient: true`
// uses socket.io-client itself, one connection per socket, which costs the readers more per message). Prints `connected`
// once every socket is in the room. SIGUSR1 starts counting, SIGUSR2 stops it, writes what was counted to `out` and
// prints `reported`; SIGTERM ends the process. A reader counts a delivery for each frame that carries
// `<tag>:<send time>` and adds its latency (now − send time, both on the machine's monotonic clock) to a histogram;
// other frames (welcome, history, presence…) cost a byte search.
//
//   node bench/lib/chat.clients.mjs '{"kind":"ws","url":"ws://127.0.0.1:9000/","count":1000,"tag":"c0ffee","out":"…"}'
import { writeFile } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { io } from 'socket.io-client';
import {
  createHistogram,
  loopbackAddress,
  nowUs,
  pageOrigin,
  record,
  stampIn,
  toSparse,
  wireUrl,
} from './chat.messages.mjs';
import { clientFrame, frameReader, OPCODE, openSocket } from './ws.frames.mjs';

const CONNECT_TIMEOUT_MS = 20_000;
const ATTEMPTS = 3;

const options = JSON.parse(process.argv[2] ?? '{}');
const { kind, url, count, tag, out, addresses = 8, concurrency = 100, first = 0, socketIoClient = false } = options;
if (!['ours', 'ws', 'socketio'].includes(kind) || !url || !(count > 0) || !tag || !out) {
  throw new Error(`usage: chat.clients.mjs '{"kind":"ours"|"ws"|"socketio","url","count","tag","out",…}'`);
}

const needle = Buffer.from(`${tag}:`);
const textNeedle = `${tag}:`;
const histogram = createHistogram();
let measuring = false;
let deliveries = 0;
/** Sockets that closed after joining, by close code (or reason), while counting and in all. */
const closed = { window: {}, total: {} };
const sockets = [];

function delivered(stamp) {
  if (stamp === null) return;
  deliveries++;
  record(histogram, nowUs() - stamp);
}

function countClose(code) {
  closed.total[code] = (closed.total[code] ?? 0) + 1;
  if (measuring) closed.window[code] = (closed.window[code] ?? 0) + 1;
}

const ENGINE_PING = 0x32; // "2"
const ENGINE_PONG = '3';

/**
 * One reader over a bare WebSocket (`ws.frames.mjs`: frames parsed in place, pings answered); resolves once it is in
 * the room. Ours: anonymous, in the room once it sent `ready`. The bare peer: once open. Socket.IO (`wire`): Engine.IO
 * 4 and Socket.IO 5 packets as socket.io-client sends them over the WebSocket transport: the server's open packet
 * (`0{…}`), our `40` (join the main namespace), its `40{…}`; then every ping (`2`) is answered (`3`) and events
 * (`42[…]`) are counted like the other servers' frames.
 */
function wsReader(i) {
  return new Promise((resolve, reject) => {
    const target = kind === 'socketio' ? wireUrl(url) : url;
    let connection = null;
    let joined = false;
    let closeCode = 1006;
    const timer = setTimeout(() => {
      reject(new Error(`not in the room within ${CONNECT_TIMEOUT_MS} ms${kind === 'ours' ? ' (no ready frame)' : ''}`));
      connection?.destroy();
    }, CONNECT_TIMEOUT_MS);
    const join = () => {
      joined = true;
      clearTimeout(timer);
      resolve(connection);
    };
    const sendText = (text) => connection.write(clientFrame(OPCODE.text, text));
    const onText = (data) => {
      if (kind === 'socketio' && data[0] === ENGINE_PING) return sendText(ENGINE_PONG);
      if (joined) {
        if (measuring) delivered(stampIn(data, needle));
        return;
      }
      // Until it is in the room, a reader reads the frames (ours: welcome, settings, history…) to find its way in.
      if (kind === 'ours' && JSON.parse(String(data)).type === 'ready') join();
      if (kind === 'socketio') {
        const text = String(data);
        if (text.startsWith('0{')) sendText('40');
        else if (text.startsWith('40')) join();
        else if (text.startsWith('44')) connection.destroy(); // a refused connect
      }
    };
    const read = frameReader((opcode, payload) => {
      if (opcode === OPCODE.text) onText(payload);
      else if (opcode === OPCODE.ping) connection.write(clientFrame(OPCODE.pong, payload));
      else if (opcode === OPCODE.close) {
        closeCode = payload.length >= 2 ? payload.readUInt16BE(0) : 1005;
        connection.end(clientFrame(OPCODE.close, payload.subarray(0, 2)));
      }
    });
    openSocket(target, {
      localAddress: loopbackAddress(first + i, addresses),
      // Ours is a browser's socket: it may hold the page's origin to the platform's own address.
      origin: kind === 'ours' ? pageOrigin(url) : undefined,
    }).then(
      ({ socket, head }) => {
        connection = socket;
        socket.setNoDelay(true);
        socket.on('data', read);
        socket.on('error', (error) => {
          if (!joined) reject(error);
        });
        socket.on('close', () => {
          clearTimeout(timer);
          if (joined) countClose(closeCode);
          else reject(new Error(`closed (${closeCode}) before joining`));
        });
        if (head.length > 0) read(head);
        if (kind === 'ws') join();
      },
      (error) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}

/** One socket.io-client reader with a connection of its own; resolves once connected. */
function socketIoReader(i) {
  return new Promise((resolve, reject) => {
    const socket = io(url, {
      transports: ['websocket'],
      forceNew: true,
      reconnection: false,
      timeout: CONNECT_TIMEOUT_MS,
      localAddress: loopbackAddress(first + i, addresses),
    });
    let joined = false;
    socket.on('message', (message) => {
      if (measuring && typeof message?.text === 'string') delivered(stampIn(message.text, textNeedle));
    });
    socket.once('connect', () => {
      joined = true;
      resolve(socket);
    });
    socket.once('connect_error', (error) => {
      if (!joined) reject(error);
    });
    socket.on('disconnect', (reason) => {
      if (joined) countClose(reason);
    });
  });
}

const open = kind === 'socketio' && socketIoClient ? socketIoReader : wsReader;

async function connect(i) {
  for (let attempt = 1; ; attempt++) {
    try {
      sockets[i] = await open(i);
      return;
    } catch (error) {
      if (attempt === ATTEMPTS) throw new Error(`reader ${first + i}: ${error.message}`);
      await sleep(200 * attempt);
    }
  }
}

// Signals are handled from the start: one that came before its handler would end the process.
let started = null;
process.on('SIGUSR1', () => {
  deliveries = 0;
  started = { at: performance.now(), cpu: process.cpuUsage() };
  measuring = true;
});
process.on('SIGUSR2', async () => {
  measuring = false;
  const cpu = process.cpuUsage(started?.cpu);
  const result = {
    kind,
    readers: count,
    wall: started ? (performance.now() - started.at) / 1000 : 0,
    deliveries,
    latency: toSparse(histogram),
    closed,
    clientCpu: (cpu.user + cpu.system) / 1e6,
    rss: process.memoryUsage.rss(),
  };
  await writeFile(out, JSON.stringify(result));
  console.log('reported');
});
process.once('SIGTERM', () => {
  for (const socket of sockets) open === socketIoReader ? socket.disconnect() : socket.destroy();
  process.exit(0);
});

let next = 0;
await Promise.all(
  Array.from({ length: Math.min(concurrency, count) }, async () => {
    while (next < count) await connect(next++);
  }),
);
console.log('connected');
