import { ApiError, type ChatProblem } from '@framecast/client';
import { chatErrorCodes, defaultChatSettings } from '@framecast/contracts';
import { describe, expect, it } from 'vitest';
import { chatApiErrorText, chatModeLabels, chatProblemText, formatFollowAge, formatWait } from './chat.words.js';

describe('chat words', () => {
  it('say waits and follow ages as people do', () => {
    expect(formatWait(200)).toBe('1 s');
    expect(formatWait(8_000)).toBe('8 s');
    expect(formatWait(600_000)).toBe('10 min');
    expect(formatWait(572_000)).toBe('9 min 32 s');
    expect(formatWait(7_500_000)).toBe('2 h 5 min');
    expect(formatWait(3 * 86_400_000)).toBe('3 days');
    expect(formatFollowAge(1)).toBe('1 minute');
    expect(formatFollowAge(10)).toBe('10 minutes');
    expect(formatFollowAge(60)).toBe('1 hour');
    expect(formatFollowAge(3 * 24 * 60)).toBe('3 days');
    expect(formatFollowAge(7 * 24 * 60)).toBe('1 week');
    expect(formatFollowAge(90 * 24 * 60)).toBe('3 months');
  });

  it('put every code of the protocol in words of their own, with the wait when there is one', () => {
    const texts = chatErrorCodes.map((code) => chatProblemText({ code, message: 'server words' }));
    expect(texts.every((text) => text.length > 10 && !text.includes('server words'))).toBe(true);
    const slow: ChatProblem = { code: 'slow_mode', message: '', retryAfterMs: 12_000 };
    expect(chatProblemText(slow)).toBe('Slow mode is on. You can send another message in 12 s.');
    expect(chatProblemText({ code: 'timed_out', message: '', retryAfterMs: 600_000 })).toBe(
      'You are timed out. You can chat again in 10 min.',
    );
    expect(
      chatProblemText({ code: 'followers_only', message: '' }, { ...defaultChatSettings, followersOnlyMinutes: 30 }),
    ).toBe('Only people who have followed this channel for at least 30 minutes can chat.');
  });

  it('place a moderation failure by its code, else take the server’s sentence', () => {
    expect(chatApiErrorText(new ApiError(400, 'cannot_ban_broadcaster', 'x'))).toBe(
      'The channel’s owner cannot be banned or timed out.',
    );
    expect(chatApiErrorText(new ApiError(422, 'something_new', 'A sentence.'))).toBe('A sentence.');
  });

  it('list the modes that are on', () => {
    expect(chatModeLabels(defaultChatSettings)).toEqual([]);
    const labels = chatModeLabels({
      slowModeSeconds: 30,
      followersOnlyMinutes: 0,
      emoteOnly: true,
      uniqueChat: true,
      delaySeconds: 5,
      linksAllowed: true,
    }).map((mode) => mode.label);
    expect(labels).toEqual(['Slow mode · 30 s', 'Followers only', 'Emote only', 'Unique chat', 'Delay · 5 s']);
  });
});
