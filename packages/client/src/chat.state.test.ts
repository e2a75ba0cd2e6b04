import { type ChatServerFrame, type ChatUser, defaultChatSettings } from '@framecast/contracts';
import { describe, expect, it } from 'vitest';
import {
  CHAT_MAX_SHOWN,
  type ChatAction,
  type ChatState,
  chatReducer,
  chatWaitMs,
  compareChatIds,
  initialChatState,
  insertLine,
} from './chat.state.js';

const ada: ChatUser = { handle: 'ada', displayName: 'Ada', badges: [] };
const bob: ChatUser = { handle: 'bob', displayName: 'Bob', badges: ['moderator'] };
const message = (id: string, text = `message ${id}`, user = bob, nonce?: string): ChatServerFrame => ({
  type: 'message',
  id,
  text,
  user,
  sentAt: '2026-06-10T12:00:00.000Z',
  ...(nonce ? { nonce } : {}),
});

/** Runs frames (and other actions) through the reducer from a fresh room, at `now` 1000. */
function run(actions: (ChatServerFrame | ChatAction)[], from: ChatState = initialChatState('night_owl')): ChatState {
  return actions.reduce<ChatState>((state, item) => {
    const action: ChatAction =
      item.type === 'connecting' ||
      item.type === 'closed' ||
      item.type === 'sent' ||
      item.type === 'dismiss' ||
      item.type === 'signedOut' ||
      item.type === 'frame'
        ? (item as ChatAction)
        : { type: 'frame', frame: item as ChatServerFrame, now: 1000 };
    return chatReducer(state, action);
  }, from);
}

/** A socket's opening as the server sends it: welcome, settings, history, ready, presence. */
const opening = (history: ChatServerFrame[], lastId: string | null = null): (ChatServerFrame | ChatAction)[] => [
  { type: 'connecting' },
  { type: 'welcome', room: 'night_owl', heartbeatMs: 25_000, maxMessageLength: 500 },
  { type: 'settings', ...defaultChatSettings },
  ...history,
  { type: 'ready', lastId },
  { type: 'presence', count: 7 },
];
const signedIn = (user = ada, role: 'viewer' | 'broadcaster' = 'viewer'): ChatServerFrame => ({
  type: 'authenticated',
  user,
  role,
});
const ids = (state: ChatState) => state.lines.map((line) => line.id);

describe('message ids', () => {
  it('order as numbers, not as text', () => {
    expect(compareChatIds('9', '10')).toBe(-1);
    expect(compareChatIds('100', '100')).toBe(0);
    expect(compareChatIds('12345678901234567890', '12345678901234567889')).toBe(1);
  });

  it('keep lines in order, once each, and at most the cap', () => {
    const line = (id: string) => ({ id, text: id, user: ada, sentAt: '' });
    let lines = insertLine([], line('5'));
    lines = insertLine(lines, line('7'));
    lines = insertLine(lines, line('6'));
    lines = insertLine(lines, line('7'));
    expect(lines.map((l) => l.id)).toEqual(['5', '6', '7']);
    expect(insertLine(lines, line('8'), 3).map((l) => l.id)).toEqual(['6', '7', '8']);
  });
});

describe('the chat state', () => {
  it('connects, shows the history, then is ready with the presence and the settings', () => {
    const connecting = run([{ type: 'connecting' }]);
    expect(connecting.status).toBe('connecting');
    const state = run(opening([message('3'), message('4')], '4'));
    expect(state).toMatchObject({
      status: 'ready',
      loaded: true,
      presence: 7,
      maxMessageLength: 500,
      lastId: '4',
      settings: defaultChatSettings,
    });
    expect(ids(state)).toEqual(['3', '4']);
  });

  it('keeps the newest messages only, and never one twice', () => {
    const many = Array.from({ length: CHAT_MAX_SHOWN + 20 }, (_, i) => message(String(i + 1)));
    const state = run([...opening(many, String(many.length)), message('320'), message('319')]);
    expect(state.lines).toHaveLength(CHAT_MAX_SHOWN);
    expect(state.lines[0]!.id).toBe('21');
    expect(state.lines.at(-1)!.id).toBe('320');
  });

  it('hides a deleted message, a cleared user’s messages, and everything when the chat is cleared', () => {
    const start = run(opening([message('1', 'hi', ada), message('2', 'yo', bob), message('3', 'hey', ada)], '3'));
    expect(ids(run([{ type: 'deleted', id: '2' }], start))).toEqual(['1', '3']);
    expect(ids(run([{ type: 'cleared', userHandle: 'ADA' }], start))).toEqual(['2']);
    expect(ids(run([{ type: 'cleared' }], start))).toEqual([]);
  });

  it('after a reconnect, adds only what it missed, or starts over on reset', () => {
    const first = run(opening([message('1'), message('2')], '2'));
    const dropped = run([{ type: 'closed', failure: null }], first);
    expect(dropped.status).toBe('reconnecting');
    expect(dropped.presence).toBeNull();
    expect(ids(dropped)).toEqual(['1', '2']);
    // `?since=2`: the replay brings a message and a deletion made meanwhile.
    const resumed = run([...opening([message('3'), { type: 'deleted', id: '1' }], '3')], dropped);
    expect(resumed.status).toBe('ready');
    expect(ids(resumed)).toEqual(['2', '3']);
    expect(resumed.lastId).toBe('3');
    // Too long away: reset, then the latest history.
    const reset = run([...opening([{ type: 'reset' }, message('40'), message('41')], '41')], dropped);
    expect(ids(reset)).toEqual(['40', '41']);
  });

  it('says "failed" when it gives up, and stays so until a socket is ready again', () => {
    const failed = run([{ type: 'connecting' }, { type: 'closed', failure: 'room_not_found' }]);
    expect(failed).toMatchObject({ status: 'failed', failure: 'room_not_found' });
    expect(run([{ type: 'connecting' }], failed).status).toBe('failed');
    expect(run(opening([]), failed)).toMatchObject({ status: 'ready', failure: null });
  });

  it('shows a sent message as pending until the room echoes its nonce', () => {
    const ready = run([...opening([], null), signedIn()]);
    const sending = run([{ type: 'sent', nonce: 'n1', text: 'hello', now: 1000 }], ready);
    expect(sending.pending).toMatchObject([{ nonce: 'n1', text: 'hello', state: 'sending' }]);
    const echoed = run([message('9', 'hello', ada, 'n1')], sending);
    expect(echoed.pending).toEqual([]);
    expect(ids(echoed)).toEqual(['9']);
    expect(echoed.cooldown).toBeNull();
  });

  it('keeps a refused message with the reason, and waits when the server says how long', () => {
    const ready = run([...opening([], null), signedIn(), { type: 'sent', nonce: 'n1', text: 'spam', now: 1000 }]);
    const refused = run(
      [{ type: 'error', code: 'rate_limited', message: 'Too fast.', nonce: 'n1', retryAfterMs: 4000 }],
      ready,
    );
    expect(refused.pending).toMatchObject([
      { nonce: 'n1', state: 'failed', problem: { code: 'rate_limited', retryAfterMs: 4000 } },
    ]);
    expect(refused.cooldown).toEqual({ reason: 'rate_limited', until: 5000 });
    expect(chatWaitMs(refused, 2000)).toBe(3000);
    expect(chatWaitMs(refused, 6000)).toBe(0);
    expect(run([{ type: 'dismiss', nonce: 'n1' }], refused).pending).toEqual([]);
  });

  it('starts the slow-mode wait when a viewer’s message is echoed, not for the broadcaster', () => {
    const slow = { type: 'settings' as const, ...defaultChatSettings, slowModeSeconds: 30 };
    const viewer = run([...opening([], null), slow, signedIn(), { type: 'sent', nonce: 'n', text: 'a', now: 2000 }]);
    expect(run([message('5', 'a', ada, 'n')], viewer).cooldown).toEqual({ reason: 'slow_mode', until: 32_000 });
    const owner = run([
      ...opening([], null),
      slow,
      signedIn(ada, 'broadcaster'),
      { type: 'sent', nonce: 'n', text: 'a', now: 2000 },
    ]);
    expect(run([message('5', 'a', ada, 'n')], owner).cooldown).toBeNull();
  });

  it('marks a ban or a timeout, and asks for the room again', () => {
    const ready = run([...opening([], null), signedIn(), { type: 'sent', nonce: 'n', text: 'a', now: 1000 }]);
    const timedOut = run(
      [{ type: 'error', code: 'timed_out', message: 'Timed out.', nonce: 'n', retryAfterMs: 600_000 }],
      ready,
    );
    expect(timedOut.restriction).toEqual({ kind: 'timed_out', until: 601_000, since: 1000 });
    expect(timedOut.standing).toBeGreaterThan(ready.standing);
    expect(chatWaitMs(timedOut, 1000)).toBe(600_000);
    const banned = run([{ type: 'error', code: 'banned', message: 'Banned.' }], ready);
    expect(banned.restriction).toEqual({ kind: 'banned', until: null, since: 1000 });
    expect(banned.error?.code).toBe('banned');
    // Their messages cleared (a moderator's ban or timeout) moves the standing on too; someone else's do not.
    expect(run([{ type: 'cleared', userHandle: 'ada' }], ready).standing).toBe(ready.standing + 1);
    expect(run([{ type: 'cleared', userHandle: 'bob' }], ready).standing).toBe(ready.standing);
  });

  it('forgets the previous person’s waits when someone else signs in, and on sign-out', () => {
    const banned = run([...opening([], null), signedIn(), { type: 'error', code: 'banned', message: 'Banned.' }]);
    expect(run([signedIn(bob)], banned).restriction).toBeNull();
    expect(run([signedIn(ada)], banned).restriction).not.toBeNull();
    expect(run([{ type: 'signedOut' }], banned)).toMatchObject({ user: null, role: null, restriction: null });
  });

  it('settles messages sent on a socket that dropped: arrived if the replay has them, else lost', () => {
    const ready = run([...opening([message('1')], '1'), signedIn()]);
    const sent = run(
      [
        { type: 'sent', nonce: 'a', text: 'first', now: 1000 },
        { type: 'sent', nonce: 'b', text: 'second', now: 1000 },
        { type: 'closed', failure: null },
      ],
      ready,
    );
    expect(sent.pending.map((p) => p.state)).toEqual(['sending', 'sending']);
    // The replay brings "first" (without its nonce); "second" never reached the room.
    const resumed = run(opening([message('2', 'first', ada)], '2'), sent);
    expect(resumed.pending).toMatchObject([{ nonce: 'b', state: 'failed', problem: { code: 'connection_lost' } }]);
    expect(ids(resumed)).toEqual(['1', '2']);
  });

  it('keeps a problem of the socket itself until the next ready', () => {
    const ready = run(opening([], null));
    const down = run([{ type: 'error', code: 'unavailable', message: 'Chat is unavailable.' }], ready);
    expect(down.error?.code).toBe('unavailable');
    expect(run([{ type: 'closed', failure: null }, ...opening([], null)], down).error).toBeNull();
  });
});
