import type { ChatRoom, ChatState, Session } from '@framecast/client';
import { defaultChatSettings } from '@framecast/contracts';
import { describe, expect, it } from 'vitest';
import { chatStanding, composerMode } from './chat-standing.js';

const room = (ban: ChatRoom['ban']): ChatRoom => ({
  handle: 'night_owl',
  settings: defaultChatSettings,
  role: 'viewer',
  canModerate: false,
  ban,
});
const inTen = '2026-06-10T12:10:00.000Z';
const noon = Date.parse('2026-06-10T12:00:00.000Z');

describe('the caller’s standing in a room', () => {
  it('comes from the room’s answer: a ban for good, or a timeout until it ends', () => {
    expect(chatStanding(null, room({ until: null, reason: 'spam' }), noon, noon)).toEqual({
      kind: 'banned',
      until: null,
      since: noon,
      reason: 'spam',
    });
    const timeout = room({ until: inTen, reason: '' });
    expect(chatStanding(null, timeout, noon, noon)).toMatchObject({ kind: 'timed_out', reason: null });
    expect(chatStanding(null, timeout, noon, Date.parse(inTen))).toBeNull();
    expect(chatStanding(null, room(null), noon, noon)).toBeNull();
  });

  it('takes whichever was learnt last: a refusal on the socket, or the room read again', () => {
    const refused = { kind: 'banned' as const, until: null, since: noon + 1000 };
    expect(chatStanding(refused, room(null), noon, noon + 2000)?.kind).toBe('banned');
    expect(chatStanding(refused, undefined, 0, noon + 2000)?.kind).toBe('banned');
    // Unbanned since: the room read after the refusal says so.
    expect(chatStanding(refused, room(null), noon + 5000, noon + 6000)).toBeNull();
  });
});

describe('the bottom of the panel', () => {
  const signedIn: Session = {
    status: 'signedIn',
    user: {
      id: 'u1',
      email: 'ada@example.com',
      handle: 'ada',
      displayName: 'Ada',
      bio: '',
      avatarUrl: null,
      roles: ['viewer'],
      createdAt: '2026-01-01T00:00:00.000Z',
    },
  };
  const joined = { user: { handle: 'ada', displayName: 'Ada', badges: [] } } as unknown as ChatState;

  it('asks to sign in, says a ban or timeout, waits for the room to know the user, then offers the input', () => {
    expect(composerMode({ status: 'loading', user: null }, null, null)).toBe('loading');
    expect(composerMode({ status: 'signedOut', user: null }, joined, null)).toBe('signedOut');
    expect(composerMode(signedIn, joined, { kind: 'banned', until: null, since: 0, reason: null })).toBe('banned');
    expect(composerMode(signedIn, joined, { kind: 'timed_out', until: 1, since: 0, reason: null })).toBe('timedOut');
    expect(composerMode(signedIn, { user: null } as unknown as ChatState, null)).toBe('joining');
    expect(composerMode(signedIn, joined, null)).toBe('open');
  });
});
