#!/usr/bin/env node
// The chat benchmark's peers, each a minimal fan-out server in a process of its own (so its CPU and memory are read
// from /proc alone), on 127.0.0.1:<port>:
// - `ws`: a bare `ws` server; each text frame received is sent, as it came, to every open socket.
// - `socketio`: Socket.IO 4 on the WebSocket transport only; each `message` event is `io.emit`ted to everyone.
// Neither parses, checks, stores or rate-limits anything: they are the floor a chat server's fan-out is compared to.
// Prints `listening` once it accepts connections and closes on SIGTERM.
//
//   node bench/lib/chat.peers.mjs '{"kind":"ws","port":9000}'
import { createServer } from 'node:http';
import { Server } from 'socket.io';
import { WebSocket, WebSocketServer } from 'ws';

/** A frame from a client is a chat message of about 250 bytes; anything much larger is not part of the benchmark. */
const MAX_PAYLOAD = 16 * 1024;

const { kind, port } = JSON.parse(process.argv[2] ?? '{}');
if (!['ws', 'socketio'].includes(kind) || !(port > 0)) {
  throw new Error(`usage: chat.peers.mjs '{"kind":"ws"|"socketio","port":N}'`);
}

const http = createServer((_req, res) => res.writeHead(404).end());
// Connections arrive by the thousand; a short queue would refuse some under the ramp.
http.listen({ host: '127.0.0.1', port, backlog: 4096 }, () => console.log('listening'));

if (kind === 'ws') {
  const wss = new WebSocketServer({ server: http, maxPayload: MAX_PAYLOAD });
  wss.on('connection', (socket) => {
    socket.on('message', (data, isBinary) => {
      const text = isBinary ? data : data.toString();
      for (const client of wss.clients) if (client.readyState === WebSocket.OPEN) client.send(text);
    });
  });
} else {
  const io = new Server(http, { transports: ['websocket'], serveClient: false, maxHttpBufferSize: MAX_PAYLOAD });
  io.on('connection', (socket) => {
    socket.on('message', (message) => io.emit('message', message));
  });
}

process.once('SIGTERM', () => process.exit(0));
