import type { Registered } from '@framecast/user/testing';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type ChatHarness, chatter, connectChat, startChatModule, type TestChatClient } from '../testing/index.js';

let h: ChatHarness;
beforeAll(async () => {
  // Enough frames a second for the rate-limit test to reach the message limit, not the frame limit.
  h = await startChatModule({ CHAT_FRAMES_PER_SECOND: '200', CHAT_CONNECTIONS_PER_ADDRESS: '200' });
});
afterAll(async () => {
  await h?.close();
});

const api = (method: 'GET' | 'PUT' | 'POST' | 'PATCH' | 'DELETE', url: string, who?: Registered, payload?: object) =>
  h.rt.app.inject({ method, url, ...(who ? { headers: who.auth } : {}), ...(payload ? { payload } : {}) });

/** A channel with its broadcaster, a moderator and a viewer, each with an open socket. */
async function room() {
  const [owner, mod, viewer] = await Promise.all([chatter(h), chatter(h), chatter(h)]);
  expect((await api('PUT', `/api/chat/${owner.handle}/moderators/${mod.handle}`, owner)).statusCode).toBe(204);
  const open = async (who: Registered) => {
    const client = await connectChat(h.rt.url, owner.handle, { token: who.result.accessToken });
    await client.next('authenticated');
    await client.next('ready');
    return client;
  };
  const sockets = { owner: await open(owner), mod: await open(mod), viewer: await open(viewer) };
  return { owner, mod, viewer, sockets, close: () => Promise.all(Object.values(sockets).map((s) => s.close())) };
}

/** Sends `text`, and resolves with the message or the refusal that answers it. */
async function say(client: TestChatClient, text: string) {
  const nonce = Math.random().toString(36).slice(2);
  const from = client.frames.length;
  client.send({ type: 'send', text, nonce });
  return Promise.race([
    client.next('message', (m) => m.nonce === nonce, { from }),
    client.next('error', (e) => e.nonce === nonce, { from }),
  ]);
}

const settle = (ms = 150) => new Promise((resolve) => setTimeout(resolve, ms));

describe('roles', () => {
  it('gives the broadcaster and moderators their badges, and only the broadcaster manages roles', async () => {
    const r = await room();
    expect(await say(r.sockets.mod, 'mod here')).toMatchObject({ user: { badges: ['moderator'] } });
    expect(await say(r.sockets.owner, 'owner here')).toMatchObject({ user: { badges: ['broadcaster'] } });
    const byMod = await api('PUT', `/api/chat/${r.owner.handle}/vips/${r.viewer.handle}`, r.mod);
    expect(byMod.json()).toMatchObject({ status: 403, code: 'not_chat_broadcaster' });
    expect((await api('PUT', `/api/chat/${r.owner.handle}/vips/${r.viewer.handle}`, r.owner)).statusCode).toBe(204);
    await settle();
    expect(await say(r.sockets.viewer, 'vip now')).toMatchObject({ user: { badges: ['vip'] } });
    const self = await api('PUT', `/api/chat/${r.owner.handle}/moderators/${r.owner.handle}`, r.owner);
    expect(self.json()).toMatchObject({ status: 400, code: 'cannot_grant_broadcaster' });
    const unknown = await api('PUT', `/api/chat/${r.owner.handle}/moderators/no_such_user_x`, r.owner);
    expect(unknown.json()).toMatchObject({ status: 404, code: 'chat_user_not_found' });
    const mods = await api('GET', `/api/chat/${r.owner.handle}/moderators`, r.owner);
    expect(mods.json().items.map((g: { user: { handle: string } }) => g.user.handle)).toEqual([r.mod.handle]);
    const roomView = await api('GET', `/api/chat/${r.owner.handle}`, r.mod);
    expect(roomView.json()).toMatchObject({ role: 'moderator', canModerate: true, ban: null });
    expect((await api('GET', `/api/chat/${r.owner.handle}`)).json()).toMatchObject({ role: null, canModerate: false });
    await r.close();
  });
});

describe('deleting and clearing', () => {
  it('deletes one message for everyone; viewers may not; a moderator may not touch another moderator', async () => {
    const r = await room();
    const message = await say(r.sockets.viewer, 'delete me');
    expect(message.type).toBe('message');
    const id = (message as { id: string }).id;
    const byViewer = await api('DELETE', `/api/chat/${r.owner.handle}/messages/${id}`, r.viewer);
    expect(byViewer.json()).toMatchObject({ status: 403, code: 'not_chat_moderator' });
    expect((await api('DELETE', `/api/chat/${r.owner.handle}/messages/${id}`, r.mod)).statusCode).toBe(204);
    await Promise.all(Object.values(r.sockets).map((s) => s.next('deleted', (d) => d.id === id)));
    const missing = await api('DELETE', `/api/chat/${r.owner.handle}/messages/1000000000000001`, r.mod);
    expect(missing.json()).toMatchObject({ status: 404, code: 'chat_message_not_found' });
    // Gone from the history a newcomer is sent.
    const late = await connectChat(h.rt.url, r.owner.handle);
    await late.next('ready');
    expect(late.messages().map((m) => m.text)).not.toContain('delete me');
    // A second moderator's message is out of the first one's reach, not the broadcaster's.
    const other = await chatter(h);
    await api('PUT', `/api/chat/${r.owner.handle}/moderators/${other.handle}`, r.owner);
    const otherSocket = await connectChat(h.rt.url, r.owner.handle, { token: other.result.accessToken });
    await otherSocket.next('ready');
    await settle();
    const theirs = (await say(otherSocket, 'mod words')) as { id: string };
    const denied = await api('DELETE', `/api/chat/${r.owner.handle}/messages/${theirs.id}`, r.mod);
    expect(denied.json()).toMatchObject({ status: 403, code: 'target_is_moderator' });
    expect((await api('DELETE', `/api/chat/${r.owner.handle}/messages/${theirs.id}`, r.owner)).statusCode).toBe(204);
    await Promise.all([late.close(), otherSocket.close(), r.close()]);
  });

  it("clears one user's messages, or the whole chat", async () => {
    const r = await room();
    await say(r.sockets.viewer, 'spam 1');
    await say(r.sockets.viewer, 'spam 2');
    await say(r.sockets.mod, 'keep me');
    const res = await api('DELETE', `/api/chat/${r.owner.handle}/messages?user=${r.viewer.handle}`, r.mod);
    expect(res.statusCode).toBe(204);
    await r.sockets.owner.next('cleared', (c) => c.userHandle === r.viewer.handle);
    const late = await connectChat(h.rt.url, r.owner.handle);
    await late.next('ready');
    expect(late.messages().map((m) => m.text)).toEqual(['keep me']);
    expect((await api('DELETE', `/api/chat/${r.owner.handle}/messages`, r.owner)).statusCode).toBe(204);
    await late.next('cleared', (c) => c.userHandle === undefined);
    const after = await connectChat(h.rt.url, r.owner.handle);
    expect(await after.next('ready')).toEqual({ type: 'ready', lastId: null });
    await Promise.all([late.close(), after.close(), r.close()]);
  });
});

describe('bans and timeouts', () => {
  it('bans a user at once, clearing their messages; unbanning lets them speak again', async () => {
    const r = await room();
    await say(r.sockets.viewer, 'rude words');
    const ban = await api('PUT', `/api/chat/${r.owner.handle}/bans/${r.viewer.handle}`, r.mod, { reason: 'rude' });
    expect(ban.statusCode).toBe(200);
    expect(ban.json()).toMatchObject({
      user: { handle: r.viewer.handle },
      reason: 'rude',
      until: null,
      bannedBy: r.mod.handle,
    });
    await r.sockets.viewer.next('cleared', (c) => c.userHandle === r.viewer.handle);
    expect(await say(r.sockets.viewer, 'let me back')).toMatchObject({ type: 'error', code: 'banned' });
    expect((await api('GET', `/api/chat/${r.owner.handle}`, r.viewer)).json().ban).toEqual({
      until: null,
      reason: 'rude',
    });
    const bans = await api('GET', `/api/chat/${r.owner.handle}/bans`, r.mod);
    expect(bans.json().items).toHaveLength(1);
    expect((await api('DELETE', `/api/chat/${r.owner.handle}/bans/${r.viewer.handle}`, r.mod)).statusCode).toBe(204);
    await settle();
    expect(await say(r.sockets.viewer, 'sorry')).toMatchObject({ type: 'message' });
    await r.close();
  });

  it('times a user out for a while, saying how long is left', async () => {
    const r = await room();
    const res = await api('PUT', `/api/chat/${r.owner.handle}/bans/${r.viewer.handle}`, r.mod, { durationSeconds: 2 });
    expect(new Date(res.json().until).getTime() - Date.now()).toBeGreaterThan(1000);
    await settle();
    const refused = await say(r.sockets.viewer, 'now?');
    expect(refused).toMatchObject({ type: 'error', code: 'timed_out' });
    expect((refused as { retryAfterMs: number }).retryAfterMs).toBeGreaterThan(500);
    await settle(2100);
    expect(await say(r.sockets.viewer, 'now!')).toMatchObject({ type: 'message' });
    for (const durationSeconds of [0, 14 * 24 * 3600 + 1]) {
      const bad = await api('PUT', `/api/chat/${r.owner.handle}/bans/${r.viewer.handle}`, r.mod, { durationSeconds });
      expect(bad.json()).toMatchObject({ status: 400, code: 'validation_failed' });
    }
    await r.close();
  });

  it('never bans the broadcaster; a moderator cannot ban a moderator, the broadcaster can', async () => {
    const r = await room();
    const owner = await api('PUT', `/api/chat/${r.owner.handle}/bans/${r.owner.handle}`, r.mod, {});
    expect(owner.json()).toMatchObject({ status: 400, code: 'cannot_ban_broadcaster' });
    const other = await chatter(h);
    await api('PUT', `/api/chat/${r.owner.handle}/moderators/${other.handle}`, r.owner);
    const modOnMod = await api('PUT', `/api/chat/${r.owner.handle}/bans/${other.handle}`, r.mod, {});
    expect(modOnMod.json()).toMatchObject({ status: 403, code: 'target_is_moderator' });
    expect((await api('PUT', `/api/chat/${r.owner.handle}/bans/${other.handle}`, r.owner, {})).statusCode).toBe(200);
    const byViewer = await api('PUT', `/api/chat/${r.owner.handle}/bans/${r.mod.handle}`, r.viewer, {});
    expect(byViewer.json()).toMatchObject({ status: 403, code: 'not_chat_moderator' });
    const anonymous = await h.rt.app.inject({
      method: 'PUT',
      url: `/api/chat/${r.owner.handle}/bans/${r.viewer.handle}`,
      payload: {},
    });
    expect(anonymous.statusCode).toBe(401);
    await r.close();
  });
});

describe('modes', () => {
  const set = (r: Awaited<ReturnType<typeof room>>, patch: object, who = r.mod) =>
    api('PATCH', `/api/chat/${r.owner.handle}/settings`, who, patch);

  it('validates settings and tells every socket', async () => {
    const r = await room();
    for (const patch of [
      { slowModeSeconds: 2 },
      { slowModeSeconds: 121 },
      { followersOnlyMinutes: 129_601 },
      {},
      { nope: 1 },
    ]) {
      expect((await set(r, patch)).json()).toMatchObject({ status: 400, code: 'validation_failed' });
    }
    expect((await set(r, { emoteOnly: true }, r.viewer)).json()).toMatchObject({ status: 403 });
    const res = await set(r, { slowModeSeconds: 3, linksAllowed: true });
    expect(res.json()).toMatchObject({ slowModeSeconds: 3, linksAllowed: true, emoteOnly: false });
    await r.sockets.viewer.next('settings', (s) => s.slowModeSeconds === 3);
    const fresh = await connectChat(h.rt.url, r.owner.handle);
    expect(await fresh.next('settings')).toMatchObject({ slowModeSeconds: 3, linksAllowed: true });
    await Promise.all([fresh.close(), r.close()]);
  });

  it('slow mode holds viewers back, not VIPs or moderators', async () => {
    const r = await room();
    await set(r, { slowModeSeconds: 3 });
    await r.sockets.viewer.next('settings', (s) => s.slowModeSeconds === 3);
    expect(await say(r.sockets.viewer, 'one')).toMatchObject({ type: 'message' });
    const second = await say(r.sockets.viewer, 'two');
    expect(second).toMatchObject({ type: 'error', code: 'slow_mode' });
    expect((second as { retryAfterMs: number }).retryAfterMs).toBeGreaterThan(2000);
    expect(await say(r.sockets.mod, 'a')).toMatchObject({ type: 'message' });
    expect(await say(r.sockets.mod, 'b')).toMatchObject({ type: 'message' });
    await api('PUT', `/api/chat/${r.owner.handle}/vips/${r.viewer.handle}`, r.owner);
    await settle();
    expect(await say(r.sockets.viewer, 'vip three')).toMatchObject({ type: 'message' });
    expect(await say(r.sockets.viewer, 'vip four')).toMatchObject({ type: 'message' });
    await r.close();
  });

  it('followers-only lets followers in once they have followed long enough', async () => {
    const r = await room();
    await set(r, { followersOnlyMinutes: 0 });
    await r.sockets.viewer.next('settings', (s) => s.followersOnlyMinutes === 0);
    expect(await say(r.sockets.viewer, 'hi')).toMatchObject({ type: 'error', code: 'followers_only' });
    expect((await api('POST', `/api/channels/${r.owner.handle}/follow`, r.viewer)).statusCode).toBe(200);
    await vi.waitFor(async () => expect(await say(r.sockets.viewer, 'hi')).toMatchObject({ type: 'message' }), {
      timeout: 5_000,
      interval: 200,
    });
    await set(r, { followersOnlyMinutes: 10 });
    await r.sockets.viewer.next('settings', (s) => s.followersOnlyMinutes === 10);
    const young = await say(r.sockets.viewer, 'still?');
    expect(young).toMatchObject({ type: 'error', code: 'followers_only' });
    expect((young as { message: string }).message).toMatch(/10 minutes/);
    expect(await say(r.sockets.mod, 'mods are fine')).toMatchObject({ type: 'message' });
    h.clock.shift(11 * 60_000);
    try {
      expect(await say(r.sockets.viewer, 'old enough')).toMatchObject({ type: 'message' });
    } finally {
      h.clock.shift(-11 * 60_000);
    }
    expect((await api('DELETE', `/api/channels/${r.owner.handle}/follow`, r.viewer)).statusCode).toBe(200);
    await set(r, { followersOnlyMinutes: 0 });
    await r.close();
  });

  it('emote-only takes emoji only from viewers', async () => {
    const r = await room();
    await set(r, { emoteOnly: true });
    await r.sockets.viewer.next('settings', (s) => s.emoteOnly);
    expect(await say(r.sockets.viewer, 'words')).toMatchObject({ type: 'error', code: 'emote_only' });
    expect(await say(r.sockets.viewer, '🎉 👍🏽 🇫🇷')).toMatchObject({ type: 'message' });
    expect(await say(r.sockets.mod, 'mods may type')).toMatchObject({ type: 'message' });
    await r.close();
  });

  it('unique chat refuses what the room just said, whoever says it', async () => {
    const r = await room();
    await set(r, { uniqueChat: true });
    await r.sockets.viewer.next('settings', (s) => s.uniqueChat);
    const other = await chatter(h);
    const second = await connectChat(h.rt.url, r.owner.handle, { token: other.result.accessToken });
    await second.next('ready');
    expect(await say(r.sockets.viewer, 'First!')).toMatchObject({ type: 'message' });
    expect(await say(second, 'first')).toMatchObject({ type: 'error', code: 'duplicate_message' });
    expect(await say(second, 'f i r s t !!')).toMatchObject({ type: 'error', code: 'duplicate_message' });
    expect(await say(second, 'second')).toMatchObject({ type: 'message' });
    await Promise.all([second.close(), r.close()]);
  });

  it('delays messages for viewers, not for moderators, and a message deleted meanwhile never reaches viewers', async () => {
    const r = await room();
    await set(r, { delaySeconds: 2 });
    await r.sockets.viewer.next('settings', (s) => s.delaySeconds === 2);
    const reader = await connectChat(h.rt.url, r.owner.handle);
    await reader.next('ready');
    const sent = Date.now();
    const shown = (await say(r.sockets.mod, 'delayed hello')) as { id: string };
    expect(Date.now() - sent).toBeLessThan(1000);
    await reader.next('message', (m) => m.id === shown.id, { timeoutMs: 4_000 });
    expect(Date.now() - sent).toBeGreaterThanOrEqual(1900);
    // Sent by a moderator (who sees it at once) and deleted before the delay is over.
    const doomed = (await say(r.sockets.mod, 'quickly deleted')) as { id: string };
    expect((await api('DELETE', `/api/chat/${r.owner.handle}/messages/${doomed.id}`, r.mod)).statusCode).toBe(204);
    await settle(2500);
    expect(reader.messages().map((m) => m.text)).toEqual(['delayed hello']);
    await set(r, { delaySeconds: 0 });
    await Promise.all([reader.close(), r.close()]);
  });
});

describe('blocked terms', () => {
  it('blocks whole words, with * at a word start or end, for everyone but moderators', async () => {
    const r = await room();
    const add = (term: string, who = r.mod) => api('POST', `/api/chat/${r.owner.handle}/blocked-terms`, who, { term });
    expect((await add('bad*')).statusCode).toBe(201);
    expect((await add('*phrase here')).statusCode).toBe(201);
    expect((await add('BAD*')).json()).toMatchObject({ status: 409, code: 'blocked_term_exists' });
    for (const term of ['b*d', '*', '  ']) {
      expect((await add(term)).json()).toMatchObject({ status: 400, code: 'blocked_term_invalid', field: 'term' });
    }
    await settle();
    expect(await say(r.sockets.viewer, 'what a BADGE')).toMatchObject({ code: 'blocked_term' });
    expect(await say(r.sockets.viewer, 'so bad')).toMatchObject({ code: 'blocked_term' });
    expect(await say(r.sockets.viewer, 'catphrase  here ok')).toMatchObject({ code: 'blocked_term' });
    expect(await say(r.sockets.viewer, 'a nonbad thing')).toMatchObject({ type: 'message' });
    expect(await say(r.sockets.mod, 'bad is fine for me')).toMatchObject({ type: 'message' });
    const listed = await api('GET', `/api/chat/${r.owner.handle}/blocked-terms`, r.mod);
    const terms = listed.json().items as { id: string; term: string }[];
    expect(terms.map((t) => t.term).sort()).toEqual(['*phrase here', 'bad*']);
    const bad = terms.find((t) => t.term === 'bad*')!;
    expect((await api('DELETE', `/api/chat/${r.owner.handle}/blocked-terms/${bad.id}`, r.mod)).statusCode).toBe(204);
    const again = await api('DELETE', `/api/chat/${r.owner.handle}/blocked-terms/${bad.id}`, r.mod);
    expect(again.json()).toMatchObject({ status: 404, code: 'blocked_term_not_found' });
    await settle();
    expect(await say(r.sockets.viewer, 'so bad')).toMatchObject({ type: 'message' });
    await r.close();
  });
});

describe('rate limits and the log', () => {
  it('holds viewers to 20 messages per 30 seconds', async () => {
    const r = await room();
    for (let i = 0; i < 20; i++) expect(await say(r.sockets.viewer, `message ${i}`)).toMatchObject({ type: 'message' });
    const over = await say(r.sockets.viewer, 'one too many');
    expect(over).toMatchObject({ type: 'error', code: 'rate_limited' });
    expect((over as { retryAfterMs: number }).retryAfterMs).toBeGreaterThan(20_000);
    for (let i = 0; i < 25; i++) expect(await say(r.sockets.mod, `mod ${i}`)).toMatchObject({ type: 'message' });
    await r.close();
  });

  it('logs every moderation action, newest first, in pages', async () => {
    const r = await room();
    const message = (await say(r.sockets.viewer, 'logged')) as { id: string };
    await api('DELETE', `/api/chat/${r.owner.handle}/messages/${message.id}`, r.mod);
    await api('PUT', `/api/chat/${r.owner.handle}/bans/${r.viewer.handle}`, r.mod, {
      durationSeconds: 60,
      reason: 'calm',
    });
    await api('PATCH', `/api/chat/${r.owner.handle}/settings`, r.mod, { slowModeSeconds: 10 });
    const first = await api('GET', `/api/chat/${r.owner.handle}/log?limit=2`, r.owner);
    expect(first.statusCode).toBe(200);
    const page = first.json() as {
      items: { action: string; moderator: string; details: object }[];
      nextCursor: string;
    };
    expect(page.items.map((e) => e.action)).toEqual(['settings_changed', 'timed_out']);
    expect(page.items[1]).toMatchObject({ moderator: r.mod.handle, details: { reason: 'calm', durationSeconds: 60 } });
    const rest = await api('GET', `/api/chat/${r.owner.handle}/log?limit=2&cursor=${page.nextCursor}`, r.owner);
    expect(rest.json().items.map((e: { action: string }) => e.action)).toEqual(['message_deleted', 'moderator_added']);
    expect(rest.json().items[0].details).toMatchObject({ text: 'logged' });
    expect((await api('GET', `/api/chat/${r.owner.handle}/log`, r.viewer)).statusCode).toBe(403);
    expect((await api('GET', `/api/chat/${r.owner.handle}/log?cursor=nope`, r.owner)).statusCode).toBe(400);
    await r.close();
  });
});
