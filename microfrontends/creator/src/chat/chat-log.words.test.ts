import type { ChatLogEntry } from '@framecast/client';
import { chatModerationActions } from '@framecast/contracts';
import { describe, expect, it } from 'vitest';
import { describeLogEntry } from './chat-log.words.js';

const entry = (action: ChatLogEntry['action'], details: Record<string, unknown> = {}): ChatLogEntry => ({
  id: '1',
  at: '2026-06-10T12:00:00.000Z',
  action,
  moderator: 'night_owl',
  target: 'troll',
  details,
});

describe('the moderation log in words', () => {
  it('says every action', () => {
    for (const action of chatModerationActions) {
      expect(describeLogEntry(entry(action)).summary).toMatch(/^night_owl \w+/);
    }
  });

  it('quotes what was kept: the deleted text, the reason, the term; and says a timeout’s length', () => {
    expect(describeLogEntry(entry('message_deleted', { text: 'spoilers!' }))).toEqual({
      summary: 'night_owl deleted a message from @troll',
      detail: '“spoilers!”',
    });
    expect(describeLogEntry(entry('timed_out', { durationSeconds: 600, reason: 'calm down' }))).toEqual({
      summary: 'night_owl timed out @troll for 10 min',
      detail: '“calm down”',
    });
    expect(describeLogEntry(entry('blocked_term_added', { term: 'bad*' })).detail).toBe('“bad*”');
  });

  it('lists the modes a settings change set, whether as the details or under `changes`', () => {
    expect(describeLogEntry(entry('settings_changed', { slowModeSeconds: 30, linksAllowed: true })).summary).toBe(
      'night_owl changed the chat modes: slow mode 30 s, links allowed',
    );
    expect(
      describeLogEntry(entry('settings_changed', { changes: { followersOnlyMinutes: 60, emoteOnly: false } })).summary,
    ).toBe('night_owl changed the chat modes: followers only (1 hour), emote only off');
  });
});
