import { describe, expect, it } from 'vitest';
import { decodeKeyset, encodeKeyset, keysetPage } from './keyset.js';

const id = '0b7d3f1e-4c2a-4f6e-9a7b-1c2d3e4f5a6b';
const encoded = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('keyset cursors', () => {
  it('round-trip for each sort', () => {
    const byNew = { sort: 'new' as const, key: new Date('2026-02-03T04:05:06.789Z'), id };
    expect(decodeKeyset(encodeKeyset(byNew), 'new')).toEqual(byNew);
    const byPopular = { sort: 'popular' as const, key: 42, id };
    expect(decodeKeyset(encodeKeyset(byPopular), 'popular')).toEqual(byPopular);
  });

  it('are opaque base64url', () => {
    expect(encodeKeyset({ sort: 'popular', key: 1, id })).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it.each([
    ['garbage', '!!!'],
    ['not JSON', Buffer.from('nope').toString('base64url')],
    ['wrong shape', encoded({ a: 1 })],
    ['bad id', encoded(['new', '2026-01-01T00:00:00Z', 'x'])],
    ['bad date', encoded(['new', 'yesterday', id])],
    ['year 0000', encoded(['new', '0000-01-01T00:00:00.000Z', id])],
    ['a six-digit year', encoded(['new', '+275760-09-13T00:00:00.000Z', id])],
    ['a time as a number', encoded(['new', 0, id])],
    ['a date without a time', encoded(['new', '2026-01-01', id])],
    ['an array for the time', encoded(['new', ['2026-01-01T00:00:00Z'], id])],
    ['an object for the id', encoded(['new', '2026-01-01T00:00:00Z', { id }])],
    ['JSON null', encoded(null)],
  ])('reject %s with invalid_cursor', (_name, text) => {
    expect(() => decodeKeyset(text, 'new')).toThrowError(
      expect.objectContaining({ status: 400, code: 'invalid_cursor' }),
    );
  });

  it('reject a cursor made for the other sort', () => {
    const text = encodeKeyset({ sort: 'popular', key: 3, id });
    expect(() => decodeKeyset(text, 'new')).toThrowError(expect.objectContaining({ code: 'invalid_cursor' }));
  });

  it('reject a negative, fractional, huge or non-numeric count', () => {
    for (const key of [-1, 1.5, 2 ** 31, 1e308, '5', null, [1]]) {
      expect(() => decodeKeyset(encoded(['popular', key, id]), 'popular')).toThrowError(
        expect.objectContaining({ code: 'invalid_cursor' }),
      );
    }
  });

  it('take counts up to the bound the caller gives', () => {
    const big = encoded(['popular', 2 ** 40, id]);
    expect(decodeKeyset(big, 'popular', { maxCount: Number.MAX_SAFE_INTEGER })).toMatchObject({ key: 2 ** 40 });
    expect(() => decodeKeyset(big, 'popular')).toThrowError(expect.objectContaining({ code: 'invalid_cursor' }));
  });
});

describe('keysetPage', () => {
  const rows = [1, 2, 3].map((n) => ({ n, id }));

  it('gives a cursor to the last row of the page when the query found one more', () => {
    const page = keysetPage(rows, 2, (row) => ({ sort: 'popular', key: row.n, id: row.id }));
    expect(page.items).toEqual(rows.slice(0, 2));
    expect(decodeKeyset(page.nextCursor!, 'popular')).toEqual({ sort: 'popular', key: 2, id });
  });

  it('gives no cursor on the last page', () => {
    expect(keysetPage(rows, 3, (row) => ({ sort: 'popular', key: row.n, id: row.id })).nextCursor).toBeNull();
  });
});
