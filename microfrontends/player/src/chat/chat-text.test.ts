import { describe, expect, it } from 'vitest';
import { chatParts, mentions } from './chat-text.js';

describe('a chat message in pieces', () => {
  it('keeps links as text unless the room allows them', () => {
    const text = 'clip: https://framecast.example/watch/1, nice';
    expect(chatParts(text, { linksAllowed: false, me: null })).toEqual([{ kind: 'text', text }]);
    expect(chatParts(text, { linksAllowed: true, me: null })).toEqual([
      { kind: 'text', text: 'clip: ' },
      { kind: 'link', text: 'https://framecast.example/watch/1', href: 'https://framecast.example/watch/1' },
      { kind: 'text', text: ', nice' },
    ]);
  });

  it('never makes a link of another scheme', () => {
    const parts = chatParts('javascript:alert(1) and <b>bold</b>', { linksAllowed: true, me: null });
    expect(parts).toEqual([{ kind: 'text', text: 'javascript:alert(1) and <b>bold</b>' }]);
  });

  it('marks mentions, the signed-in user’s apart, with punctuation left as text', () => {
    expect(chatParts('hi @Ada, ask @bob_1!', { linksAllowed: false, me: 'ada' })).toEqual([
      { kind: 'text', text: 'hi ' },
      { kind: 'mention', text: '@Ada', handle: 'ada', mine: true },
      { kind: 'text', text: ', ask ' },
      { kind: 'mention', text: '@bob_1', handle: 'bob_1', mine: false },
      { kind: 'text', text: '!' },
    ]);
  });

  it('does not take an email address or a short name for a mention', () => {
    const text = 'mail ada@example.com or @ab';
    expect(chatParts(text, { linksAllowed: false, me: 'ada' })).toEqual([{ kind: 'text', text }]);
    expect(mentions(text, 'ada')).toBe(false);
  });

  it('tells whether a message names the signed-in user', () => {
    expect(mentions('gg @a1 @b2 @c3 @d4 @e5 @ADA', 'ada')).toBe(true);
    expect(mentions('gg @adam', 'ada')).toBe(false);
    expect(mentions('gg @ada', null)).toBe(false);
  });
});
