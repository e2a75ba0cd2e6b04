import { AppError } from '@framecast/kit';
import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from './video.cursor.js';

const ID = '7d0c7b1e-1111-4222-8333-444455556666';

describe('video cursors', () => {
  it('round-trip for each sort', () => {
    const created = { sort: 'new' as const, createdAt: new Date('2026-01-02T03:04:05.678Z'), id: ID };
    expect(decodeCursor(encodeCursor(created), 'new')).toEqual(created);
    const popular = { sort: 'popular' as const, views: 42, id: ID };
    expect(decodeCursor(encodeCursor(popular), 'popular')).toEqual(popular);
  });

  it('refuse another sort and garbage', () => {
    const created = encodeCursor({ sort: 'new', createdAt: new Date(), id: ID });
    expect(() => decodeCursor(created, 'popular')).toThrow(AppError);
    for (const bad of [
      'x',
      Buffer.from('[1,2]').toString('base64url'),
      Buffer.from('["new","x","y"]').toString('base64url'),
    ]) {
      expect(() => decodeCursor(bad, 'new')).toThrow(/cursor is not valid/);
    }
  });
});
