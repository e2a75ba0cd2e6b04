import { type ChatServerFrame, chatCloseCodes, chatSocketPath } from '@framecast/contracts';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import {
  CHAT_FAIL_AFTER_ATTEMPTS,
  CHAT_ROOM_NOT_FOUND_CLOSE,
  CHAT_SILENT_CLOSE,
  type ChatDeps,
  type ChatRoomConnection,
  chatSocketUrl,
  openChatRoom,
} from './chat.client.js';
import type { ChatState } from './chat.state.js';
import { createClient, type FramecastClient } from './client.js';
import type { WebSocketConstructor } from './realtime.client.js';
import { chatOpening, chatPeer } from './testing/chat.peer.js';

// The chat client over real sockets to a scripted chat server on 127.0.0.1 (the protocol of packages/contracts/src/chat.ts).
const peer = chatPeer();
const rooms: ChatRoomConnection[] = [];
const clients: FramecastClient[] = [];
afterEach(() => {
  for (const room of rooms.splice(0)) room.close();
  for (const client of clients.splice(0)) client.dispose();
});

const ada = { handle: 'ada', displayName: 'Ada', badges: [] };
const message = (id: string, text = `message ${id}`, nonce?: string): ChatServerFrame => ({
  type: 'message',
  id,
  text,
  user: ada,
  sentAt: '2026-06-10T12:00:00.000Z',
  ...(nonce ? { nonce } : {}),
});

/** Waits until the room's state passes `check`, or fails with the state after `timeout` ms. */
async function until(room: ChatRoomConnection, check: (state: ChatState) => boolean, timeout = 5_000) {
  if (check(room.getSnapshot())) return room.getSnapshot();
  return new Promise<ChatState>((resolve, reject) => {
    const timer = setTimeout(() => {
      stop();
      reject(new Error(`chat state never matched: ${JSON.stringify(room.getSnapshot())}`));
    }, timeout);
    const stop = room.subscribe(() => {
      if (!check(room.getSnapshot())) return;
      clearTimeout(timer);
      stop();
      resolve(room.getSnapshot());
    });
  });
}

/** Timers that run at once but remember the delays asked for, so backoff is checked without waiting for it. */
function quickTimers() {
  const delays: number[] = [];
  return {
    delays,
    timers: {
      setTimeout: (callback: () => void, ms: number) => {
        delays.push(ms);
        return setTimeout(callback, ms >= 1000 ? 5 : Math.min(ms, 5));
      },
      clearTimeout: (handle: unknown) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    },
  };
}

function join(handle: string, deps: Partial<ChatDeps> = {}) {
  const room = openChatRoom(handle, {
    origin: () => peer.url,
    WebSocket: WebSocket as unknown as WebSocketConstructor,
    timers: {
      setTimeout: (callback, ms) => setTimeout(callback, ms),
      clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    },
    accessToken: () => null,
    settled: () => Promise.resolve(),
    renew: () => Promise.resolve(false),
    random: () => 0,
    ...deps,
  });
  rooms.push(room);
  return room;
}

/** Answers sign-in as the user module would, with a new access token each time. */
function answerSignIn() {
  let issued = 0;
  peer.answer = (req, _body, res) => {
    if (req.url === '/api/auth/logout') return res.writeHead(204).end();
    issued++;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        user: { id: 'u1', handle: 'ada', displayName: 'Ada' },
        accessToken: `token-${issued}`,
        expiresIn: 900,
      }),
    );
  };
}

describe('the chat socket address and close codes', () => {
  it('are the contracts’ own', () => {
    expect(CHAT_ROOM_NOT_FOUND_CLOSE).toBe(chatCloseCodes.room_not_found);
    expect(Object.values(chatCloseCodes)).not.toContain(CHAT_SILENT_CLOSE);
    expect(chatSocketUrl('https://framecast.example', 'night owl', null)).toBe(
      `wss://framecast.example${chatSocketPath('night owl')}`,
    );
    expect(chatSocketUrl('http://127.0.0.1:8080', 'ada', '42')).toBe(
      `ws://127.0.0.1:8080${chatSocketPath('ada')}?since=42`,
    );
  });
});

describe('a chat room', () => {
  it('reads anonymously: shows the history, sends no auth, and refuses to send without a frame', async () => {
    peer.onConnection = (socket) => {
      for (const frame of chatOpening([message('1'), message('2')])) socket.send(frame);
    };
    const room = join('night_owl');
    const state = await until(room, (s) => s.status === 'ready' && s.presence !== null);
    expect(state.lines.map((line) => line.id)).toEqual(['1', '2']);
    expect(state.presence).toBe(1);
    const socket = await peer.socket(1);
    expect(socket.url).toBe('/api/chat/night_owl/ws');
    expect(room.send('hello')).toMatchObject({ ok: false, problem: { code: 'auth_required' } });
    socket.send({ type: 'presence', count: 3 });
    await until(room, (s) => s.presence === 3);
    expect(socket.received).toEqual([]);
  });

  it('speaks for the session: auth first, a cleaned message with a nonce, the token again on each change', async () => {
    answerSignIn();
    const client = createClient({ baseUrl: peer.url, WebSocket: WebSocket as unknown as WebSocketConstructor });
    clients.push(client);
    await client.auth.login({ handle: 'ada', password: 'plum orchard at dusk' });
    const room = client.chat.join('ada');
    const socket = await peer.socket(1);
    expect(await socket.next('auth')).toEqual({ type: 'auth', token: 'token-1' });
    socket.send({ type: 'authenticated', user: ada, role: 'broadcaster' });
    await until(room, (s) => s.status === 'ready' && s.role === 'broadcaster');

    expect(room.send('   ')).toMatchObject({ ok: false, problem: { code: 'empty_message' } });
    expect(room.send('x'.repeat(501))).toMatchObject({ ok: false, problem: { code: 'too_long' } });
    const sent = room.send('  hello\n  world ');
    expect(sent.ok).toBe(true);
    const frame = await socket.next('send');
    expect(frame.text).toBe('hello world');
    expect(frame.nonce).toBe(sent.ok ? sent.nonce : '');
    expect(room.getSnapshot().pending).toMatchObject([{ text: 'hello world', state: 'sending' }]);
    socket.send(message('7', 'hello world', frame.nonce));
    const echoed = await until(room, (s) => s.pending.length === 0);
    expect(echoed.lines.map((line) => line.text)).toEqual(['hello world']);

    await client.auth.login({ handle: 'ada', password: 'plum orchard at dusk' });
    expect(await socket.next('auth')).toEqual({ type: 'auth', token: 'token-2' });
    await client.auth.logout();
    expect(await socket.next('auth')).toEqual({ type: 'auth', token: null });
    expect(room.getSnapshot().user).toBeNull();
  });

  it('keeps a refused message with the server’s reason and its wait', async () => {
    const room = join('ada', { accessToken: () => 'token' });
    const socket = await peer.socket(1);
    await socket.next('auth');
    socket.send({ type: 'authenticated', user: ada, role: 'viewer' });
    await until(room, (s) => s.status === 'ready' && s.user !== null);
    room.send('too soon');
    const frame = await socket.next('send');
    socket.send({ type: 'error', code: 'slow_mode', message: 'Slow mode.', nonce: frame.nonce, retryAfterMs: 20_000 });
    const state = await until(room, (s) => s.pending[0]?.state === 'failed');
    expect(state.pending[0]!.problem).toMatchObject({ code: 'slow_mode', retryAfterMs: 20_000 });
    expect(room.send('again')).toMatchObject({ ok: false, problem: { code: 'slow_mode' } });
  });

  it('asks for a new token when the server says the one it holds expired', async () => {
    let renewals = 0;
    join('ada', {
      accessToken: () => 'token',
      renew: async () => {
        renewals++;
        return true;
      },
    });
    const socket = await peer.socket(1);
    await socket.next('auth');
    socket.send({ type: 'error', code: 'token_expired', message: 'The token expired.' });
    await expect.poll(() => renewals).toBe(1);
  });

  it('resumes after a drop with ?since, adding exactly what it missed', async () => {
    peer.onConnection = (socket) => {
      if (peer.sockets.length === 1) {
        for (const frame of chatOpening([message('1'), message('2')])) socket.send(frame);
      } else {
        for (const frame of chatOpening([message('3'), { type: 'deleted', id: '1' }])) socket.send(frame);
      }
    };
    const room = join('night_owl');
    await until(room, (s) => s.lines.length === 2);
    (await peer.socket(1)).terminate();
    await until(room, (s) => s.status === 'reconnecting');
    const second = await peer.socket(2);
    expect(second.url).toBe('/api/chat/night_owl/ws?since=2');
    const state = await until(room, (s) => s.status === 'ready' && s.lastId === '3');
    expect(state.lines.map((line) => line.id)).toEqual(['2', '3']);
  });

  it('starts over on reset', async () => {
    peer.onConnection = (socket) => {
      const history =
        peer.sockets.length === 1 ? [message('1'), message('2')] : [{ type: 'reset' } as const, message('90')];
      for (const frame of chatOpening(history)) socket.send(frame);
    };
    const room = join('night_owl');
    await until(room, (s) => s.lines.length === 2);
    (await peer.socket(1)).close(chatCloseCodes.slow_consumer, 'too slow');
    const state = await until(room, (s) => s.lastId === '90' && s.status === 'ready');
    expect(state.lines.map((line) => line.id)).toEqual(['90']);
  });

  it('does not come back when the room does not exist', async () => {
    peer.onConnection = (socket) => socket.close(chatCloseCodes.room_not_found, 'no such channel');
    const { timers, delays } = quickTimers();
    const room = join('nobody', { timers });
    const state = await until(room, (s) => s.status === 'failed');
    expect(state.failure).toBe('room_not_found');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(peer.sockets).toHaveLength(1);
    expect(delays).toEqual([]);
  });

  it('asks whether the room exists when the socket cannot open, and stops when it does not', async () => {
    peer.refuseUpgrades = 404;
    peer.answer = (req, _body, res) => {
      res.writeHead(req.url === '/api/chat/nobody' ? 404 : 200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status: 404, code: 'chat_not_found', detail: 'No such chat.' }));
    };
    const client = createClient({ baseUrl: peer.url, WebSocket: WebSocket as unknown as WebSocketConstructor });
    clients.push(client);
    const missing = client.chat.join('nobody');
    expect((await until(missing, (s) => s.status === 'failed')).failure).toBe('room_not_found');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(peer.refused).toBe(1);
    // A room that exists but whose socket is refused for now (a server starting) is tried again.
    peer.refuseUpgrades = 503;
    const busy = client.chat.join('night_owl');
    await expect.poll(() => peer.refused, { timeout: 5_000 }).toBeGreaterThanOrEqual(3);
    expect(busy.getSnapshot().failure).toBeNull();
  });

  it('backs off between attempts, says it failed after a few, and tries at once on retry', async () => {
    peer.onConnection = (socket) => socket.close(1011, 'server error');
    const { timers, delays } = quickTimers();
    const room = join('night_owl', { timers });
    const failed = await until(room, (s) => s.status === 'failed');
    expect(failed.failure).toBe('unreachable');
    expect(delays.slice(0, CHAT_FAIL_AFTER_ATTEMPTS - 1)).toEqual([250, 500, 1000, 2000]);
    // It goes on trying meanwhile; once a server answers, the room is ready again.
    peer.onConnection = (socket) => {
      for (const frame of chatOpening([message('5')])) socket.send(frame);
    };
    room.retry();
    const ready = await until(room, (s) => s.status === 'ready');
    expect(ready.failure).toBeNull();
    expect(ready.lines.map((line) => line.id)).toEqual(['5']);
  });

  it('pings on the server’s heartbeat and reconnects when the server goes silent', async () => {
    let opened = 0;
    peer.onConnection = (socket) => {
      opened++;
      const [, ...rest] = chatOpening();
      socket.send({ type: 'welcome', room: 'r', heartbeatMs: 60, maxMessageLength: 500 });
      for (const frame of rest) socket.send(frame);
    };
    const room = join('night_owl');
    const first = await peer.socket(1);
    await first.next('ping');
    // The peer never answers: after two silent periods the client closes and opens a new socket.
    await peer.socket(2);
    expect(opened).toBe(2);
    await until(room, (s) => s.status === 'ready');
  });
});
