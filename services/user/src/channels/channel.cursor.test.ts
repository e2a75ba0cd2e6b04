import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from './channel.cursor.js';

const id = '0b7d3f1e-4c2a-4f6e-9a7b-1c2d3e4f5a6b';

describe('channel cursors', () => {
  it('round-trip for each sort', () => {
    const byNew = { sort: 'new' as const, createdAt: new Date('2026-02-03T04:05:06.789Z'), id };
    expect(decodeCursor(encodeCursor(byNew), 'new')).toEqual(byNew);
    const byPopular = { sort: 'popular' as const, followers: 42, id };
    expect(decodeCursor(encodeCursor(byPopular), 'popular')).toEqual(byPopular);
  });

  it('are opaque base64url', () => {
    expect(encodeCursor({ sort: 'popular', followers: 1, id })).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it.each([
    ['garbage', '!!!'],
    ['not JSON', Buffer.from('nope').toString('base64url')],
    ['wrong shape', Buffer.from('{"a":1}').toString('base64url')],
    ['bad id', Buffer.from(JSON.stringify(['new', '2026-01-01T00:00:00Z', 'x'])).toString('base64url')],
    ['bad date', Buffer.from(JSON.stringify(['new', 'yesterday', id])).toString('base64url')],
  ])('reject %s with invalid_cursor', (_name, text) => {
    expect(() => decodeCursor(text, 'new')).toThrowError(
      expect.objectContaining({ status: 400, code: 'invalid_cursor' }),
    );
  });

  it('reject a cursor made for the other sort', () => {
    const text = encodeCursor({ sort: 'popular', followers: 3, id });
    expect(() => decodeCursor(text, 'new')).toThrowError(expect.objectContaining({ code: 'invalid_cursor' }));
  });

  it('reject a negative or fractional follower count', () => {
    const bad = (v: number) => Buffer.from(JSON.stringify(['popular', v, id])).toString('base64url');
    expect(() => decodeCursor(bad(-1), 'popular')).toThrowError(expect.objectContaining({ code: 'invalid_cursor' }));
    expect(() => decodeCursor(bad(1.5), 'popular')).toThrowError(expect.objectContaining({ code: 'invalid_cursor' }));
  });
});
