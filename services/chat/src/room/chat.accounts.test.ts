import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChatHarness, chatter, connectChat, startChatModule } from '../testing/index.js';
import { parseClientFrame } from './chat.frames.js';
import { decodeEntry } from './room.entries.js';

let h: ChatHarness;
beforeAll(async () => {
  h = await startChatModule();
});
afterAll(async () => {
  await h?.close();
});

describe('accounts in chat', () => {
  it('shows the display name of the access token, so a new name shows once the session refreshes', async () => {
    const owner = await chatter(h);
    const renamed = await h.rt.app.inject({
      method: 'PATCH',
      url: '/api/users/me',
      headers: owner.auth,
      payload: { displayName: 'Ada Lovelace' },
    });
    expect(renamed.statusCode).toBe(200);
    const refreshed = await h.rt.app.inject({
      method: 'POST',
      url: '/api/auth/refresh',
      payload: { refreshToken: owner.refreshToken },
    });
    const { accessToken } = refreshed.json() as { accessToken: string };
    const client = await connectChat(h.rt.url, owner.handle, { token: accessToken });
    expect(await client.next('authenticated')).toMatchObject({ user: { displayName: 'Ada Lovelace' } });
    client.send({ type: 'send', text: 'hello' });
    expect(await client.next('message')).toMatchObject({ user: { handle: owner.handle, displayName: 'Ada Lovelace' } });
    await client.close();
  });

  it("closes a deleted account's room with 4004, and its chat is gone", async () => {
    const owner = await chatter(h);
    const reader = await connectChat(h.rt.url, owner.handle);
    await reader.next('ready');
    const deleted = await h.rt.app.inject({ method: 'DELETE', url: '/api/users/me', headers: owner.auth });
    expect(deleted.statusCode).toBe(204);
    expect((await reader.closed).code).toBe(4004);
    expect((await h.rt.app.inject(`/api/chat/${owner.handle}`)).statusCode).toBe(404);
  });

  it('exports its metrics', async () => {
    const owner = await chatter(h);
    const client = await connectChat(h.rt.url, owner.handle, { token: owner.result.accessToken });
    client.send({ type: 'send', text: 'counted' });
    await client.next('message');
    const text = (await h.rt.app.inject('/metrics')).body;
    expect(text).toMatch(/^framecast_chat_connections\{[^}]*\} [1-9]/m);
    expect(text).toMatch(/^framecast_chat_messages_total\{[^}]*\} [1-9]/m);
    expect(text).toMatch(/^framecast_chat_rooms\{[^}]*\} [1-9]/m);
    await client.close();
  });
});

describe('what arrives from outside', () => {
  it('never throws on random bytes as a client frame or a journal entry', () => {
    let seed = 7;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const pieces = [
      '{',
      '}',
      '"type"',
      ':',
      '"send"',
      '"auth"',
      '"text"',
      '"k"',
      '"message"',
      ',',
      '[',
      ']',
      'null',
      '1',
      '\u0000',
      '"',
    ];
    for (let i = 0; i < 5000; i++) {
      const length = Math.floor(random() * 12);
      const text = Array.from({ length }, () => pieces[Math.floor(random() * pieces.length)]).join('');
      const parsed = parseClientFrame(text);
      expect(typeof parsed.ok).toBe('boolean');
      expect(() => decodeEntry(text)).not.toThrow();
    }
  });
});
