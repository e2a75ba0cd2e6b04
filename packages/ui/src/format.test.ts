import { describe, expect, it } from 'vitest';
import { formatAgo, formatBytes, formatCount, formatDuration, hueOf, initialsOf } from './format.js';

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

describe('formatDuration', () => {
  it('shows minutes and seconds under an hour', () => {
    expect(formatDuration(7)).toBe('0:07');
    expect(formatDuration(723.9)).toBe('12:03');
  });
  it('adds hours when there are any', () => {
    expect(formatDuration(3723)).toBe('1:02:03');
  });
  it('reads unknown, infinite and negative times as zero', () => {
    expect(formatDuration(null)).toBe('0:00');
    expect(formatDuration(Number.NaN)).toBe('0:00');
    expect(formatDuration(Number.POSITIVE_INFINITY)).toBe('0:00');
    expect(formatDuration(-3)).toBe('0:00');
  });
});

describe('formatBytes', () => {
  it('keeps small sizes in bytes', () => {
    expect(formatBytes(512)).toBe('512 B');
  });
  it('uses binary units with one decimal below 100', () => {
    expect(formatBytes(4.2 * 1024 * 1024)).toBe('4.2 MB');
    expect(formatBytes(1.5 * 1024 ** 3)).toBe('1.5 GB');
    expect(formatBytes(150 * 1024)).toBe('150 KB');
  });
});

describe('formatAgo', () => {
  const now = new Date('2026-06-10T12:00:00Z');
  it('says just now under a minute', () => {
    expect(formatAgo('2026-06-10T11:59:30Z', now)).toBe('just now');
  });
  it('picks the largest whole unit', () => {
    expect(formatAgo('2026-06-10T09:00:00Z', now)).toBe('3 hours ago');
    expect(formatAgo('2026-06-07T12:00:00Z', now)).toBe('3 days ago');
    expect(formatAgo('2026-06-03T12:00:00Z', now)).toBe('last week');
  });
});
