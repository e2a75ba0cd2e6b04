import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { chatter, connectChat, startChatModule } from '../testing/index.js';
import { type SentMessage, summarise } from './message.writer.js';

describe('summarise', () => {
  it('counts each room’s messages and chatters, and the span they were sent in', () => {
    const at = (s: number) => new Date(Date.UTC(2026, 11, 1, 12, 0, s));
    const message = (channelId: string, userId: string, second: number): SentMessage => ({
      channelId,
      channelHandle: `h_${channelId}`,
      id: String(second),
      userId,
      user: { handle: userId, displayName: userId, badges: [] },
      text: 'x',
      sentAt: at(second),
    });
    const rooms = summarise([
      message('a', 'u1', 3),
      message('b', 'u1', 1),
      message('a', 'u2', 1),
      message('a', 'u1', 5),
    ]);
    expect(rooms).toEqual([
      {
        channelId: 'a',
        channelHandle: 'h_a',
        count: 3,
        chatters: 2,
        from: at(1).toISOString(),
        to: at(5).toISOString(),
      },
      {
        channelId: 'b',
        channelHandle: 'h_b',
        count: 1,
        chatters: 1,
        from: at(1).toISOString(),
        to: at(1).toISOString(),
      },
    ]);
  });
});

describe('stored messages', () => {
  it('are counted in chat.messages events, and mentions of real accounts become chat.mention events', async () => {
    const h = await startChatModule();
    try {
      const [owner, fan, friend] = await Promise.all([chatter(h), chatter(h), chatter(h)]);
      const client = await connectChat(h.rt.url, owner.handle, { token: fan.result.accessToken });
      await client.next('ready');
      client.send({ type: 'send', text: `hey @${friend.handle.toUpperCase()} and @${fan.handle} and @nobody_at_all` });
      client.send({ type: 'send', text: 'second one' });
      const sent = await client.next('message', (m) => m.text.startsWith('hey'));
      const counted = await h.waitForEvent(
        (e) => e.type === 'chat.messages' && (e.payload as { channelId: string }).channelId === owner.result.user.id,
      );
      expect(counted.payload).toMatchObject({ channelHandle: owner.handle, chatters: 1 });
      const mention = await h.waitForEvent((e) => e.type === 'chat.mention');
      expect(mention.payload).toMatchObject({
        channelHandle: owner.handle,
        messageId: sent.id,
        fromHandle: fan.handle,
        mentionedHandle: friend.handle,
        mentionedUserId: friend.result.user.id,
      });
      // Nobody is told of their own mention, and a handle no account has is nobody.
      expect(h.events.filter((e) => e.type === 'chat.mention')).toHaveLength(1);
      await client.close();
    } finally {
      await h.close();
    }
  });

  it('are the history after a restart, without what was deleted; an old place resets', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'framecast-chat-'));
    try {
      const env = { DATABASE_URL: '' };
      const first = await startChatModule(env, dataDir);
      const owner = await chatter(first);
      const client = await connectChat(first.rt.url, owner.handle, { token: owner.result.accessToken });
      await client.next('ready');
      for (const text of ['kept 1', 'gone', 'kept 2']) client.send({ type: 'send', text });
      const gone = await client.next('message', (m) => m.text === 'gone');
      const last = await client.next('message', (m) => m.text === 'kept 2');
      const del = await first.rt.app.inject({
        method: 'DELETE',
        url: `/api/chat/${owner.handle}/messages/${gone.id}`,
        headers: owner.auth,
      });
      expect(del.statusCode).toBe(204);
      await client.close();
      await first.close();

      const second = await startChatModule(env, dataDir);
      try {
        const reader = await connectChat(second.rt.url, owner.handle);
        const ready = await reader.next('ready');
        expect(reader.messages().map((m) => m.text)).toEqual(['kept 1', 'kept 2']);
        expect(ready.lastId).toBe(last.id);
        // The memory journal started over: a socket coming back from before cannot be replayed, it resets.
        const back = await connectChat(second.rt.url, owner.handle, { since: last.id });
        await back.next('ready');
        expect(back.frames.map((f) => f.type)).toContain('reset');
        expect(back.messages().map((m) => m.text)).toEqual(['kept 1', 'kept 2']);
        await Promise.all([reader.close(), back.close()]);
      } finally {
        await second.close();
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
