import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { type ChatHarness, chatter, connectChat, startChatModule } from '../testing/index.js';

let h: ChatHarness;
beforeAll(async () => {
  h = await startChatModule({ CHAT_HEARTBEAT_MS: '300', CHAT_CONNECTIONS_PER_ADDRESS: '50' });
});
afterAll(async () => {
  await h?.close();
});

const handshake = ['welcome', 'settings', 'ready', 'presence'];

describe('the chat socket', () => {
  it('answers an unknown channel with 404 before any upgrade', async () => {
    await expect(connectChat(h.rt.url, 'nobody_here_at_all')).rejects.toThrow(/refused: 404/);
    const plain = await fetch(`${h.rt.url}/api/chat/nobody_here_at_all/ws`);
    expect(plain.status).toBe(404);
    expect(((await plain.json()) as { code: string }).code).toBe('chat_not_found');
  });

  it('greets a reader with the room, its modes, an empty history and the presence; reading needs no account', async () => {
    const owner = await chatter(h);
    const reader = await connectChat(h.rt.url, owner.handle);
    await reader.next('presence');
    expect(reader.frames.map((f) => f.type)).toEqual(handshake);
    expect(reader.frames[0]).toMatchObject({ type: 'welcome', room: owner.handle, maxMessageLength: 500 });
    expect(reader.frames[1]).toMatchObject({ type: 'settings', slowModeSeconds: 0, followersOnlyMinutes: null });
    expect(reader.frames[2]).toEqual({ type: 'ready', lastId: null });
    reader.send({ type: 'send', text: 'hello?', nonce: 'n1' });
    expect(await reader.next('error')).toMatchObject({ code: 'auth_required', nonce: 'n1' });
    reader.send({ type: 'ping' });
    await reader.next('pong');
    await reader.close();
  });

  it('delivers a message to everyone in the room once, with its id, author, badges and nonce', async () => {
    const owner = await chatter(h);
    const fan = await chatter(h);
    const mine = await connectChat(h.rt.url, owner.handle, { token: owner.result.accessToken });
    const theirs = await connectChat(h.rt.url, owner.handle, { token: fan.result.accessToken });
    const anonymous = await connectChat(h.rt.url, owner.handle);
    expect(await mine.next('authenticated')).toMatchObject({
      user: { handle: owner.handle, badges: ['broadcaster'] },
      role: 'broadcaster',
    });
    expect(await theirs.next('authenticated')).toMatchObject({
      user: { handle: fan.handle, badges: [] },
      role: 'viewer',
    });
    await anonymous.next('ready');
    theirs.send({ type: 'send', text: '  hi   there\nfriends ', nonce: 'abc' });
    const seen = await Promise.all([mine, theirs, anonymous].map((c) => c.next('message')));
    expect(new Set(seen.map((m) => m.id)).size).toBe(1);
    expect(seen[0]).toMatchObject({
      text: 'hi there friends',
      nonce: 'abc',
      user: { handle: fan.handle, displayName: fan.handle, badges: [] },
    });
    expect(seen[0]!.id).toMatch(/^[0-9]{16}$/);
    mine.send({ type: 'send', text: 'welcome!' });
    const second = await anonymous.next('message', (m) => m.text === 'welcome!');
    expect(BigInt(second.id)).toBeGreaterThan(BigInt(seen[0]!.id));
    expect(second.user.badges).toEqual(['broadcaster']);
    await sleep(100);
    expect(anonymous.messages().map((m) => m.text)).toEqual(['hi there friends', 'welcome!']);
    await Promise.all([mine, theirs, anonymous].map((c) => c.close()));
  });

  it('sends a joining socket the latest messages, then ready with the newest id', async () => {
    const owner = await chatter(h);
    const talker = await connectChat(h.rt.url, owner.handle, { token: owner.result.accessToken });
    for (let i = 0; i < 5; i++) talker.send({ type: 'send', text: `line ${i}` });
    await talker.next('message', (m) => m.text === 'line 4');
    const late = await connectChat(h.rt.url, owner.handle);
    const ready = await late.next('ready');
    expect(late.messages().map((m) => m.text)).toEqual(['line 0', 'line 1', 'line 2', 'line 3', 'line 4']);
    expect(ready.lastId).toBe(late.messages().at(-1)!.id);
    await Promise.all([talker.close(), late.close()]);
  });

  it('replays exactly what a reconnecting socket missed, in order, then carries on live', async () => {
    const owner = await chatter(h);
    const talker = await connectChat(h.rt.url, owner.handle, { token: owner.result.accessToken });
    const reader = await connectChat(h.rt.url, owner.handle);
    await reader.next('ready');
    talker.send({ type: 'send', text: 'before 1' });
    talker.send({ type: 'send', text: 'before 2' });
    const last = await reader.next('message', (m) => m.text === 'before 2');
    await reader.close();
    for (let i = 0; i < 4; i++) talker.send({ type: 'send', text: `missed ${i}` });
    await talker.next('message', (m) => m.text === 'missed 3');
    const back = await connectChat(h.rt.url, owner.handle, { since: last.id });
    await back.next('ready');
    talker.send({ type: 'send', text: 'live again' });
    await back.next('message', (m) => m.text === 'live again');
    expect(back.frames.some((f) => f.type === 'reset')).toBe(false);
    expect(back.messages().map((m) => m.text)).toEqual(['missed 0', 'missed 1', 'missed 2', 'missed 3', 'live again']);
    await Promise.all([talker.close(), back.close()]);
  });

  it('says reset, then sends the latest history, when the place asked for is not of this room', async () => {
    const owner = await chatter(h);
    const talker = await connectChat(h.rt.url, owner.handle, { token: owner.result.accessToken });
    talker.send({ type: 'send', text: 'only one' });
    await talker.next('message');
    const stranger = await connectChat(h.rt.url, owner.handle, { since: '1000000000000000' });
    await stranger.next('ready');
    const types = stranger.frames.map((f) => f.type);
    expect(types.slice(0, 4)).toEqual(['welcome', 'settings', 'reset', 'message']);
    expect(stranger.messages().map((m) => m.text)).toEqual(['only one']);
    await expect(connectChat(h.rt.url, owner.handle, { since: 'not-a-number' })).rejects.toThrow(/refused: 400/);
    await Promise.all([talker.close(), stranger.close()]);
  });

  it('refuses bad text with a code and keeps the socket open', async () => {
    const owner = await chatter(h);
    const client = await connectChat(h.rt.url, owner.handle, { token: owner.result.accessToken });
    await client.next('authenticated');
    const cases: [string, string][] = [
      ['x'.repeat(501), 'too_long'],
      ['   \n ', 'empty_message'],
      ['bell \u0007 here', 'invalid_text'],
      ['null \u0000 byte', 'invalid_text'],
      ['evil \u202e txt', 'invalid_text'],
      ['half \ud800 pair', 'invalid_text'],
    ];
    for (const [text, code] of cases) {
      const from = client.frames.length;
      client.send({ type: 'send', text, nonce: code });
      expect(await client.next('error', undefined, { from })).toMatchObject({ code, nonce: code });
    }
    client.send({ type: 'send', text: 'x'.repeat(500) });
    expect((await client.next('message')).text).toHaveLength(500);
    expect(client.socket.readyState).toBe(WebSocket.OPEN);
    await client.close();
  });

  it('closes a socket that sends garbage, and only that one', async () => {
    const owner = await chatter(h);
    const bystander = await connectChat(h.rt.url, owner.handle, { token: owner.result.accessToken });
    await bystander.next('authenticated');
    const garbage = async (send: (c: Awaited<ReturnType<typeof connectChat>>) => void) => {
      const c = await connectChat(h.rt.url, owner.handle);
      await c.next('ready');
      send(c);
      return c.closed;
    };
    const notJson = await garbage((c) => c.send('{not json'));
    expect(notJson.code).toBe(4000);
    expect(await garbage((c) => c.socket.send(Buffer.from([1, 2, 3]), { binary: true }))).toMatchObject({ code: 4000 });
    expect(await garbage((c) => c.send({ type: 'shout', text: 'hi' }))).toMatchObject({ code: 4000 });
    expect(await garbage((c) => c.send({ type: 'send', text: 'a', extra: 1 }))).toMatchObject({ code: 4000 });
    expect(await garbage((c) => c.send('x'.repeat(20_000)))).toMatchObject({ code: 1009 });
    // Invalid UTF-8 in a text frame: ws refuses it.
    expect(await garbage((c) => c.socket.send(Buffer.from([0xc3, 0x28]), { binary: false }))).toMatchObject({
      code: 1007,
    });
    bystander.send({ type: 'send', text: 'still here' });
    expect((await bystander.next('message')).text).toBe('still here');
    await bystander.close();
  });

  it('throttles a flooding socket, then closes it', async () => {
    const owner = await chatter(h);
    const flood = await connectChat(h.rt.url, owner.handle);
    await flood.next('ready');
    for (let i = 0; i < 40; i++) flood.send({ type: 'ping' });
    expect(await flood.next('error')).toMatchObject({ code: 'rate_limited' });
    const pongs = flood.frames.filter((f) => f.type === 'pong').length;
    expect(pongs).toBeLessThanOrEqual(10);
    const timer = setInterval(() => {
      for (let i = 0; i < 30; i++) if (flood.socket.readyState === WebSocket.OPEN) flood.send({ type: 'ping' });
    }, 100);
    const closed = await flood.closed;
    clearInterval(timer);
    expect(closed.code).toBe(4001);
  });

  it('closes a socket that stops answering pings', async () => {
    const owner = await chatter(h);
    const { port } = new URL(h.rt.url);
    const socket = connect(Number(port), '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write(
      `GET /api/chat/${owner.handle}/ws HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
    );
    // Read (and drop) what the server sends, the pings included, but never answer them.
    socket.resume();
    const began = Date.now();
    await new Promise((resolve) => socket.once('close', resolve));
    expect(Date.now() - began).toBeLessThan(5_000);
  });

  it('counts the people in a room across its sockets', async () => {
    const owner = await chatter(h);
    const first = await connectChat(h.rt.url, owner.handle);
    await first.next('presence');
    const others = await Promise.all([1, 2].map(() => connectChat(h.rt.url, owner.handle)));
    await first.next('presence', (p) => p.count === 3, { timeoutMs: 6_000 });
    await Promise.all(others.map((c) => c.close()));
    await first.next('presence', (p) => p.count === 1, { timeoutMs: 6_000 });
    await first.close();
  });
});

describe('connection limits', () => {
  it('closes sockets past the limit per address', async () => {
    const limited = await startChatModule({ CHAT_CONNECTIONS_PER_ADDRESS: '2' });
    try {
      const owner = await chatter(limited);
      const kept = await Promise.all([1, 2].map(() => connectChat(limited.rt.url, owner.handle)));
      const third = await connectChat(limited.rt.url, owner.handle);
      expect((await third.closed).code).toBe(4002);
      await kept[0]!.close();
      const fourth = await connectChat(limited.rt.url, owner.handle);
      await fourth.next('ready');
      await Promise.all([kept[1]!.close(), fourth.close()]);
    } finally {
      await limited.close();
    }
  });
});
