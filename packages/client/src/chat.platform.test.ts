import { randomBytes } from 'node:crypto';
import { startTestRuntime, type TestRuntime } from '@framecast/kit/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { WebSocket } from 'ws';
import { catalog } from '../../cli/src/catalog.js';
import type { ChatRoomConnection } from './chat.client.js';
import type { ChatState } from './chat.state.js';
import { createClient, type FramecastClient } from './client.js';

// The chat client against the real user and chat modules on 127.0.0.1: what the panel relies on, end to end.
let platform: TestRuntime;
const clients: FramecastClient[] = [];
/** Every socket the clients opened, so a test can cut one as a network failure would. */
const opened: WebSocket[] = [];
class TrackedWebSocket extends WebSocket {
  constructor(url: string) {
    super(url);
    opened.push(this);
  }
}

beforeAll(async () => {
  platform = await startTestRuntime({
    catalog,
    targets: ['user', 'chat'],
    env: { AUTH_RATE_LIMIT_PER_MINUTE: '1000', CHAT_CONNECTIONS_PER_ADDRESS: '50' },
  });
});
afterAll(async () => {
  await platform?.close();
});
afterEach(() => {
  for (const client of clients.splice(0)) client.dispose();
  opened.length = 0;
});

function anonymous(): FramecastClient {
  const client = createClient({ baseUrl: platform.rt.url, WebSocket: TrackedWebSocket });
  clients.push(client);
  return client;
}

/** A new account, signed in; its room exists once the chat module has heard of it. */
async function signedIn(): Promise<{ client: FramecastClient; handle: string }> {
  const client = anonymous();
  const handle = `ch_${randomBytes(5).toString('hex')}`;
  await client.auth.register({ email: `${handle}@example.com`, handle, password: 'plum orchard at dusk' });
  await vi.waitFor(() => client.chat.room(handle), { timeout: 10_000, interval: 50 });
  return { client, handle };
}

async function until(room: ChatRoomConnection, check: (state: ChatState) => boolean, timeout = 10_000) {
  await vi.waitFor(
    () => {
      if (!check(room.getSnapshot())) throw new Error(`not yet: ${JSON.stringify(room.getSnapshot())}`);
    },
    { timeout, interval: 20 },
  );
  return room.getSnapshot();
}
const texts = (state: ChatState) => state.lines.map((line) => line.text);

describe('the chat client on the platform', () => {
  it('sends as the signed-in broadcaster; a reader sees it; a deletion hides it for both', async () => {
    const owner = await signedIn();
    const own = owner.client.chat.join(owner.handle);
    const reader = anonymous().chat.join(owner.handle);
    await until(own, (s) => s.status === 'ready' && s.role === 'broadcaster');
    await until(reader, (s) => s.status === 'ready' && s.presence !== null);
    expect(own.getSnapshot().user?.badges).toEqual(['broadcaster']);

    const sent = own.send('  welcome,   everyone ');
    expect(sent.ok).toBe(true);
    const mine = await until(own, (s) => s.pending.length === 0 && s.lines.length === 1);
    expect(texts(mine)).toEqual(['welcome, everyone']);
    await until(reader, (s) => s.lines.length === 1);
    expect(reader.send('hi')).toMatchObject({ ok: false, problem: { code: 'auth_required' } });

    await owner.client.chat.deleteMessage(owner.handle, mine.lines[0]!.id);
    await until(reader, (s) => s.lines.length === 0);
    await until(own, (s) => s.lines.length === 0);
  });

  it('resumes after a drop with exactly the messages missed', async () => {
    const owner = await signedIn();
    const own = owner.client.chat.join(owner.handle);
    await until(own, (s) => s.status === 'ready' && s.user !== null);
    const reader = anonymous().chat.join(owner.handle);
    await until(reader, (s) => s.status === 'ready');
    own.send('before the drop');
    await until(reader, (s) => s.lines.length === 1);

    opened.at(-1)!.terminate();
    await until(reader, (s) => s.status !== 'ready');
    own.send('while you were away');
    own.send('and another');
    const back = await until(reader, (s) => s.status === 'ready' && s.lines.length === 3);
    expect(texts(back)).toEqual(['before the drop', 'while you were away', 'and another']);
    expect(opened.at(-1)!.url).toMatch(/\?since=\d+$/);
  });

  it('stops at a room no channel has (the server refuses the upgrade with 404)', async () => {
    const room = anonymous().chat.join('nobody_has_this_handle');
    expect((await until(room, (s) => s.status === 'failed')).failure).toBe('room_not_found');
    await new Promise((resolve) => setTimeout(resolve, 800));
    expect(opened).toHaveLength(1);
  });

  it('learns of a timeout from the refusal, with how long it lasts', async () => {
    const owner = await signedIn();
    const viewer = await signedIn();
    const room = viewer.client.chat.join(owner.handle);
    await until(room, (s) => s.status === 'ready' && s.role === 'viewer');
    await owner.client.chat.bans.add(owner.handle, viewer.handle, { durationSeconds: 600 });
    const ban = await viewer.client.chat.room(owner.handle);
    expect(ban.ban?.until).not.toBeNull();
    room.send('can I still talk?');
    const refused = await until(room, (s) => s.pending[0]?.state === 'failed');
    expect(refused.pending[0]!.problem?.code).toBe('timed_out');
    expect(refused.restriction?.kind).toBe('timed_out');
    expect(refused.restriction!.until! - Date.now()).toBeGreaterThan(590_000);
  });
});
