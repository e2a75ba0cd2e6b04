import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ChatClientFrame, ChatServerFrame, ChatSettings } from '@framecast/contracts';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { type WebSocket, WebSocketServer } from 'ws';

/** One socket a client opened: where it asked for, what it sent, and a way to answer. */
export interface ChatPeerSocket {
  /** The path and query the client connected to, e.g. `/api/chat/ada/ws?since=12`. */
  url: string;
  /** Every frame the client sent, parsed. */
  received: ChatClientFrame[];
  send(frame: ChatServerFrame): void;
  close(code?: number, reason?: string): void;
  /** Cuts the connection as a network failure would (no close frame). */
  terminate(): void;
  /** Resolves with the next frame of `type` the client sends (or one already received and not yet waited for). */
  next<T extends ChatClientFrame['type']>(type: T): Promise<Extract<ChatClientFrame, { type: T }>>;
}

export interface ChatPeer {
  /** `http://127.0.0.1:<port>`, once the suite has started: the client's `baseUrl`. */
  url: string;
  /** Every socket of the current test, in order. */
  sockets: ChatPeerSocket[];
  /** How the peer greets each new socket; each test may set its own. */
  onConnection: (socket: ChatPeerSocket) => void;
  /** Resolves with the `n`th socket of the test (1 for the first) once it is open. */
  socket(n: number): Promise<ChatPeerSocket>;
  /** How plain HTTP requests to the same origin are answered (sign-in, the room's REST); 404 unless set. */
  answer: (req: IncomingMessage, body: string, res: ServerResponse) => void;
  /** An HTTP status to refuse upgrades with (as the chat module answers an unknown room with 404), or null. */
  refuseUpgrades: number | null;
  /** Upgrades refused so far in this test. */
  refused: number;
}

/** The frames a chat server sends a socket first: welcome, settings, `history`, ready, presence. */
export function chatOpening(
  history: ChatServerFrame[] = [],
  settings: Partial<ChatSettings> = {},
  room = 'room',
): ChatServerFrame[] {
  const lastId = [...history].reverse().find((frame) => frame.type === 'message');
  return [
    { type: 'welcome', room, heartbeatMs: 25_000, maxMessageLength: 500 },
    {
      type: 'settings',
      slowModeSeconds: 0,
      followersOnlyMinutes: null,
      emoteOnly: false,
      uniqueChat: false,
      delaySeconds: 0,
      linksAllowed: false,
      ...settings,
    },
    ...history,
    { type: 'ready', lastId: lastId?.type === 'message' ? lastId.id : null },
    { type: 'presence', count: 1 },
  ];
}

/**
 * A WebSocket server on 127.0.0.1 for the calling suite that speaks the chat protocol as the test scripts it: the
 * client under test opens real sockets to it, and the test reads what the client sent and answers frame by frame.
 * By default each socket gets an empty room's opening. Plain HTTP on the same origin is answered by `answer`.
 */
export function chatPeer(): ChatPeer {
  const greet = (socket: ChatPeerSocket) => {
    for (const frame of chatOpening()) socket.send(frame);
  };
  const waiting: (() => void)[] = [];
  const notFound: ChatPeer['answer'] = (_req, _body, res) => res.writeHead(404).end();
  const peer: ChatPeer = {
    url: '',
    sockets: [],
    onConnection: greet,
    answer: notFound,
    refuseUpgrades: null,
    refused: 0,
    socket(n) {
      const open = peer.sockets[n - 1];
      if (open) return Promise.resolve(open);
      return new Promise((resolve) => {
        const check = () => {
          const found = peer.sockets[n - 1];
          if (found) resolve(found);
          else waiting.push(check);
        };
        waiting.push(check);
      });
    },
  };
  let http: Server;
  let server: WebSocketServer;
  const live = new Set<WebSocket>();
  beforeAll(async () => {
    http = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk));
      req.on('end', () => peer.answer(req, body, res));
    });
    server = new WebSocketServer({
      server: http,
      verifyClient: (_info, done) => {
        if (peer.refuseUpgrades === null) return done(true);
        peer.refused++;
        done(false, peer.refuseUpgrades);
      },
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    peer.url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    server.on('connection', (ws, request) => {
      live.add(ws);
      ws.on('close', () => live.delete(ws));
      const received: ChatClientFrame[] = [];
      const taken = new Set<ChatClientFrame>();
      const wanted: { type: string; resolve: (frame: ChatClientFrame) => void }[] = [];
      ws.on('message', (data) => {
        const frame = JSON.parse(String(data)) as ChatClientFrame;
        received.push(frame);
        const at = wanted.findIndex((w) => w.type === frame.type);
        if (at >= 0) {
          taken.add(frame);
          wanted.splice(at, 1)[0]!.resolve(frame);
        }
      });
      const socket: ChatPeerSocket = {
        url: request.url ?? '',
        received,
        send: (frame) => ws.send(JSON.stringify(frame)),
        close: (code, reason) => ws.close(code, reason),
        terminate: () => ws.terminate(),
        next(type) {
          const ready = received.find((frame) => frame.type === type && !taken.has(frame));
          if (ready) {
            taken.add(ready);
            return Promise.resolve(ready as never);
          }
          return new Promise((resolve) => wanted.push({ type, resolve: resolve as (frame: ChatClientFrame) => void }));
        },
      };
      peer.sockets.push(socket);
      peer.onConnection(socket);
      for (const check of waiting.splice(0)) check();
    });
  });
  afterEach(() => {
    for (const ws of live) ws.terminate();
    peer.sockets.length = 0;
    waiting.length = 0;
    peer.onConnection = greet;
    peer.answer = notFound;
    peer.refuseUpgrades = null;
    peer.refused = 0;
  });
  afterAll(async () => {
    server.close();
    http.closeAllConnections();
    await new Promise((resolve) => http.close(resolve));
  });
  return peer;
}
