import { describe, expect, it } from 'vitest';
import {
  blockedTermSubject,
  chatMentions,
  checkBlockedTerm,
  checkChatText,
  compileBlockedTerms,
  isEmoteOnly,
  splitChatLinks,
  uniqueChatKey,
} from './chat.rules.js';

describe('checkChatText', () => {
  it('keeps a message as one line, trimmed, normalised', () => {
    expect(checkChatText('  hello\n\tworld  ')).toEqual({ ok: true, text: 'hello world' });
    expect(checkChatText('cafe\u0301')).toEqual({ ok: true, text: 'café' });
    expect(checkChatText('👍🏽 family 👨‍👩‍👧')).toEqual({ ok: true, text: '👍🏽 family 👨‍👩‍👧' });
  });

  it('counts characters, not UTF-16 units', () => {
    expect(checkChatText('😀'.repeat(500)).ok).toBe(true);
    expect(checkChatText('😀'.repeat(501))).toMatchObject({ ok: false, code: 'too_long' });
  });

  it('refuses empty text, control characters, direction overrides and broken surrogates', () => {
    expect(checkChatText(' \n ')).toMatchObject({ code: 'empty_message' });
    expect(checkChatText('a\u0000b')).toMatchObject({ code: 'invalid_text' });
    expect(checkChatText('a\u001bb')).toMatchObject({ code: 'invalid_text' });
    expect(checkChatText('a\u202eb')).toMatchObject({ code: 'invalid_text' });
    expect(checkChatText('a\udc00b')).toMatchObject({ code: 'invalid_text' });
  });
});

describe('blocked terms', () => {
  const match = (terms: string[], text: string) => compileBlockedTerms(terms)!.test(blockedTermSubject(text));

  it('match whole words, or run on past a * at a word start or end', () => {
    expect(match(['bad'], 'so bad.')).toBe(true);
    expect(match(['bad'], 'badge')).toBe(false);
    expect(match(['bad*'], 'BADGE')).toBe(true);
    expect(match(['*bad'], 'notbad')).toBe(true);
    expect(match(['*bad'], 'badly')).toBe(false);
    expect(match(['*bad*'], 'unbadly')).toBe(true);
    expect(match(['two words'], 'two   words here')).toBe(true);
    expect(match(['two words'], 'two wordsmith')).toBe(false);
    expect(match(['ｂａｄ'.normalize('NFKC')], 'ｂａｄ')).toBe(true);
    expect(match(['a.b'], 'aXb')).toBe(false);
    expect(compileBlockedTerms([])).toBeNull();
  });

  it('are checked before they are stored', () => {
    expect(checkBlockedTerm('  Bad*  ')).toEqual({ ok: true, term: 'bad*' });
    expect(checkBlockedTerm('b*d')).toMatchObject({ ok: false });
    expect(checkBlockedTerm('*')).toMatchObject({ ok: false });
    expect(checkBlockedTerm('ok *')).toMatchObject({ ok: false });
    expect(checkBlockedTerm('x'.repeat(101))).toMatchObject({ ok: false });
  });
});

describe('other rules', () => {
  it('emote-only takes emoji and spaces only', () => {
    expect(isEmoteOnly('🎉 👍🏽 🇫🇷 ❤️')).toBe(true);
    expect(isEmoteOnly('🎉 yay')).toBe(false);
    expect(isEmoteOnly('123')).toBe(false);
  });

  it('unique chat compares letters and digits, case folded', () => {
    expect(uniqueChatKey('First!!')).toBe(uniqueChatKey('f i r s t'));
    expect(uniqueChatKey('first')).not.toBe(uniqueChatKey('second'));
  });

  it('finds each mention once, not in e-mail addresses', () => {
    expect(chatMentions('@Ada hi @bob_1 and @ada again, mail me@example.com')).toEqual(['ada', 'bob_1']);
    expect(chatMentions('@ab too short')).toEqual([]);
  });

  it('splits links from text, http and https only, without trailing punctuation', () => {
    expect(splitChatLinks('see https://example.com/a?b=1, or javascript:alert(1)')).toEqual([
      { kind: 'text', text: 'see ' },
      { kind: 'link', text: 'https://example.com/a?b=1', href: 'https://example.com/a?b=1' },
      { kind: 'text', text: ', or javascript:alert(1)' },
    ]);
  });
});
