import { describe, expect, it } from 'vitest';
import { formatCount, hueOf, initialsOf } from './format.js';

describe('formatCount', () => {
  it('uses the singular for one', () => {
    expect(formatCount(1, 'follower')).toBe('1 follower');
  });
  it('uses the plural for zero and many, compacting large numbers', () => {
    expect(formatCount(0, 'follower')).toBe('0 followers');
    expect(formatCount(1234, 'follower')).toBe('1.2K followers');
    expect(formatCount(2_500_000, 'view')).toBe('2.5M views');
  });
});

describe('initialsOf', () => {
  it('takes the first letters of the first and last words', () => {
    expect(initialsOf('Ada King Lovelace')).toBe('AL');
  });
  it('takes two letters of a single word', () => {
    expect(initialsOf('framecast')).toBe('FR');
  });
  it('splits handles on underscores', () => {
    expect(initialsOf('night_owl')).toBe('NO');
  });
  it('falls back to a question mark for an empty name', () => {
    expect(initialsOf('   ')).toBe('?');
  });
  it('keeps characters outside the basic plane whole', () => {
    expect(initialsOf('😀 smile')).toBe('😀S');
  });
});

describe('hueOf', () => {
  it('is stable and within range', () => {
    expect(hueOf('alice')).toBe(hueOf('alice'));
    expect(hueOf('alice')).toBeGreaterThanOrEqual(0);
    expect(hueOf('alice')).toBeLessThan(360);
    expect(hueOf('alice')).not.toBe(hueOf('bob'));
  });
});
