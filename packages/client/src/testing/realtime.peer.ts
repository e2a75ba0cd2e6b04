import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ClientFrame, ServerFrame, Topic, TopicMessage } from '@framecast/contracts';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { type WebSocket, WebSocketServer } from 'ws';

export interface RealtimePeer {
  /** `http://127.0.0.1:<port>`, once the suite has started: the client's `baseUrl`. */
  url: string;
  /** How plain HTTP requests to the same origin are answered (the API); 404 unless set. */
  answer: (req: IncomingMessage, body: string, res: ServerResponse) => void;
  /** Resolves once a socket follows `topic` (at once if one does). */
  subscribed(topic: Topic): Promise<void>;
  /** Sends `data` on `topic` to every socket following it, as the hub relays a publish. */
  publish<T extends Topic>(topic: T, data: TopicMessage<T>): void;
  /** Tells the sockets following `topic` that what they missed cannot be replayed. */
  reload(topic: Topic): void;
}

/**
 * A WebSocket server on 127.0.0.1 for the calling suite that speaks the real-time protocol of `/api/realtime` as far
 * as a page needs it: `hello`, `authenticated`, every subscription allowed, and what the test publishes. Plain HTTP
 * on the same origin is answered by `answer`.
 */
export function realtimePeer(): RealtimePeer {
  const notFound: RealtimePeer['answer'] = (_req, _body, res) => res.writeHead(404).end();
  /** Each socket with its topics and the last sequence number it was sent on each. */
  const sockets = new Map<WebSocket, Map<string, number>>();
  const waiting: (() => void)[] = [];
  const following = (topic: string) => [...sockets].filter(([, topics]) => topics.has(topic));
  const send = (ws: WebSocket, frame: ServerFrame) => ws.send(JSON.stringify(frame));
  const peer: RealtimePeer = {
    url: '',
    answer: notFound,
    subscribed(topic) {
      return new Promise((resolve) => {
        const check = () => (following(topic).length > 0 ? resolve() : waiting.push(check));
        check();
      });
    },
    publish(topic, data) {
      for (const [ws, topics] of following(topic)) {
        const seq = topics.get(topic)! + 1;
        topics.set(topic, seq);
        send(ws, { type: 'message', topic, seq, data });
      }
    },
    reload(topic) {
      for (const [ws, topics] of following(topic)) {
        send(ws, { type: 'reload', topic, epoch: 'e1', seq: topics.get(topic)! });
      }
    },
  };
  let http: Server;
  let server: WebSocketServer;
  beforeAll(async () => {
    http = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk));
      req.on('end', () => peer.answer(req, body, res));
    });
    server = new WebSocketServer({ server: http, path: '/api/realtime' });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    peer.url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    server.on('connection', (ws) => {
      const topics = new Map<string, number>();
      sockets.set(ws, topics);
      ws.on('close', () => sockets.delete(ws));
      send(ws, { type: 'hello', heartbeatMs: 30_000, maxTopics: 50, maxFrameBytes: 65_536 });
      ws.on('message', (data) => {
        const frame = JSON.parse(String(data)) as ClientFrame;
        if (frame.type === 'auth') send(ws, { type: 'authenticated', userId: null });
        if (frame.type === 'ping') send(ws, { type: 'pong' });
        if (frame.type === 'unsubscribe') topics.delete(frame.topic);
        if (frame.type === 'subscribe') {
          topics.set(frame.topic, 0);
          send(ws, { type: 'subscribed', topic: frame.topic, epoch: 'e1', seq: 0 });
          for (const check of waiting.splice(0)) check();
        }
      });
    });
  });
  afterEach(() => {
    for (const ws of sockets.keys()) ws.terminate();
    sockets.clear();
    waiting.length = 0;
    peer.answer = notFound;
  });
  afterAll(async () => {
    server.close();
    http.closeAllConnections();
    await new Promise((resolve) => http.close(resolve));
  });
  return peer;
}
