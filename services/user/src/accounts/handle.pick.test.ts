import { HANDLE_PATTERN } from '@framecast/contracts/rules';
import { describe, expect, it } from 'vitest';
import { handleBase, handleSearchPrefix, pickFreeHandle } from './handle.pick.js';

describe('handleBase', () => {
  it('prefers preferred_username, lowercased', () => {
    expect(handleBase({ preferredUsername: 'Alice.Smith', email: 'x@example.com' })).toBe('alice_smith');
  });

  it('falls back to the email local part', () => {
    expect(handleBase({ email: 'Bob+video@example.com' })).toBe('bob_video');
  });

  it('drops accents and trims underscores', () => {
    expect(handleBase({ preferredUsername: '__Zoë Müller__' })).toBe('zoe_muller');
  });

  it('pads short names and invents one when nothing usable is given', () => {
    expect(handleBase({ preferredUsername: 'jo' })).toBe('jo_user');
    expect(handleBase({ preferredUsername: '日本' })).toBe('user');
    expect(handleBase({})).toBe('user');
  });

  it('keeps at most 30 characters', () => {
    expect(handleBase({ preferredUsername: 'a'.repeat(50) })).toHaveLength(30);
  });

  it('always gives a handle the API accepts', () => {
    for (const name of ['Alice', '_x', '9lives', 'a-b-c', '  spaced  out ', 'émile', 'x'.repeat(40)]) {
      expect(handleBase({ preferredUsername: name })).toMatch(HANDLE_PATTERN);
    }
  });
});

describe('pickFreeHandle', () => {
  it('keeps a free base', () => {
    expect(pickFreeHandle('alice', new Set())).toBe('alice');
  });

  it('adds the first free number', () => {
    expect(pickFreeHandle('alice', new Set(['alice', 'alice2']))).toBe('alice3');
  });

  it('never picks a reserved handle', () => {
    expect(pickFreeHandle('admin', new Set())).toBe('admin2');
  });

  it('trims a 30-character base to fit the suffix', () => {
    const base = 'b'.repeat(30);
    const picked = pickFreeHandle(base, new Set([base]));
    expect(picked).toBe(`${'b'.repeat(29)}2`);
    expect(picked).toMatch(HANDLE_PATTERN);
  });

  it('searches by a prefix that covers every suffixed candidate', () => {
    const base = 'c'.repeat(30);
    expect(`${base.slice(0, 24)}123456`.startsWith(handleSearchPrefix(base))).toBe(true);
  });
});
