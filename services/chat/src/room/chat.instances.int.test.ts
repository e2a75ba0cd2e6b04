import { randomUUID } from 'node:crypto';
import { requireServer, testUrls } from '@framecast/adapters/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChatHarness, chatter, connectChat, startChatModule } from '../testing/index.js';

// Two chat instances on one PostgreSQL and one Redis, as in microservices mode with the chat target scaled out.
let one: ChatHarness;
let two: ChatHarness;

beforeAll(async () => {
  await requireServer('postgres');
  await requireServer('redis');
  const env = {
    DATABASE_URL: testUrls.postgres,
    REDIS_URL: testUrls.redis,
    REDIS_KEY_PREFIX: `fctest-${randomUUID().slice(0, 8)}:`,
    CHAT_FRAMES_PER_SECOND: '200',
  };
  one = await startChatModule(env);
  two = await startChatModule(env);
}, 60_000);

afterAll(async () => {
  await one?.close();
  await two?.close();
});

describe('a room shared by two chat instances', () => {
  it('delivers every message once and in one order to sockets on both, from senders on both', async () => {
    const owner = await chatter(one);
    const fan = await chatter(one);
    const onOne = await connectChat(one.rt.url, owner.handle, { token: owner.result.accessToken });
    const onTwo = await connectChat(two.rt.url, owner.handle, { token: fan.result.accessToken });
    const readerTwo = await connectChat(two.rt.url, owner.handle);
    await Promise.all([onOne, onTwo, readerTwo].map((c) => c.next('ready')));
    const sent: string[] = [];
    for (let i = 0; i < 15; i++) {
      for (const [client, name] of [
        [onOne, 'one'],
        [onTwo, 'two'],
      ] as const) {
        const text = `${name} ${i}`;
        sent.push(text);
        client.send({ type: 'send', text });
      }
    }
    const everyone = [onOne, onTwo, readerTwo];
    await Promise.all(
      everyone.map((c) => c.next('message', () => c.messages().length === sent.length, { timeoutMs: 10_000 })),
    );
    const orders = everyone.map((c) => c.messages().map((m) => `${m.id} ${m.text}`));
    expect(orders[1]).toEqual(orders[0]);
    expect(orders[2]).toEqual(orders[0]);
    expect(new Set(orders[0]!.map((line) => line.split(' ')[0])).size).toBe(sent.length);
    const ids = onOne.messages().map((m) => BigInt(m.id));
    expect([...ids].sort((a, b) => (a < b ? -1 : 1))).toEqual(ids);
    // Each sender's messages keep their order.
    for (const name of ['one', 'two']) {
      const mine = onOne
        .messages()
        .filter((m) => m.text.startsWith(`${name} `))
        .map((m) => m.text);
      expect(mine).toEqual(sent.filter((t) => t.startsWith(`${name} `)));
    }
    await Promise.all(everyone.map((c) => c.close()));
  });

  it('resumes on the other instance exactly where the socket left off', async () => {
    const owner = await chatter(one);
    const talker = await connectChat(one.rt.url, owner.handle, { token: owner.result.accessToken });
    const reader = await connectChat(one.rt.url, owner.handle);
    await Promise.all([talker.next('ready'), reader.next('ready')]);
    talker.send({ type: 'send', text: 'seen on one' });
    const last = await reader.next('message', (m) => m.text === 'seen on one');
    await reader.close();
    for (let i = 0; i < 5; i++) talker.send({ type: 'send', text: `while away ${i}` });
    await talker.next('message', (m) => m.text === 'while away 4');
    const back = await connectChat(two.rt.url, owner.handle, { since: last.id });
    await back.next('ready');
    talker.send({ type: 'send', text: 'after' });
    await back.next('message', (m) => m.text === 'after');
    expect(back.frames.some((f) => f.type === 'reset')).toBe(false);
    expect(back.messages().map((m) => m.text)).toEqual([0, 1, 2, 3, 4].map((i) => `while away ${i}`).concat('after'));
    await Promise.all([talker.close(), back.close()]);
  });

  it('applies moderation on one instance to sockets on the other at once', async () => {
    const owner = await chatter(one);
    const viewer = await chatter(one);
    const viewerOnTwo = await connectChat(two.rt.url, owner.handle, { token: viewer.result.accessToken });
    const ownerOnOne = await connectChat(one.rt.url, owner.handle, { token: owner.result.accessToken });
    await Promise.all([viewerOnTwo.next('ready'), ownerOnOne.next('ready')]);
    await viewerOnTwo.next('authenticated');
    viewerOnTwo.send({ type: 'send', text: 'hello from two', nonce: 'a' });
    const message = await ownerOnOne.next('message', (m) => m.nonce === 'a');
    const del = await one.rt.app.inject({
      method: 'DELETE',
      url: `/api/chat/${owner.handle}/messages/${message.id}`,
      headers: owner.auth,
    });
    expect(del.statusCode).toBe(204);
    await viewerOnTwo.next('deleted', (d) => d.id === message.id);
    const ban = await one.rt.app.inject({
      method: 'PUT',
      url: `/api/chat/${owner.handle}/bans/${viewer.handle}`,
      headers: owner.auth,
      payload: { reason: 'test' },
    });
    expect(ban.statusCode).toBe(200);
    await viewerOnTwo.next('cleared', (c) => c.userHandle === viewer.handle);
    viewerOnTwo.send({ type: 'send', text: 'still here?', nonce: 'b' });
    expect(await viewerOnTwo.next('error', (e) => e.nonce === 'b')).toMatchObject({ code: 'banned' });
    const settings = await one.rt.app.inject({
      method: 'PATCH',
      url: `/api/chat/${owner.handle}/settings`,
      headers: owner.auth,
      payload: { slowModeSeconds: 30 },
    });
    expect(settings.statusCode).toBe(200);
    await viewerOnTwo.next('settings', (s) => s.slowModeSeconds === 30);
    await Promise.all([viewerOnTwo.close(), ownerOnOne.close()]);
  });

  it('counts the people in the room across both instances', async () => {
    const owner = await chatter(one);
    const a = await connectChat(one.rt.url, owner.handle);
    const b = await connectChat(two.rt.url, owner.handle);
    const c = await connectChat(two.rt.url, owner.handle);
    await a.next('presence', (p) => p.count === 3, { timeoutMs: 8_000 });
    await c.close();
    await a.next('presence', (p) => p.count === 2, { timeoutMs: 8_000 });
    await Promise.all([a.close(), b.close()]);
  });
});
