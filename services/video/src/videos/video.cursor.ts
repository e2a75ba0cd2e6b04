import { AppError } from '@framecast/kit';

export type VideoSort = 'new' | 'popular';

/** Where a page ended: the sort value and id of its last video. */
export type VideoCursor = { sort: 'new'; createdAt: Date; id: string } | { sort: 'popular'; views: number; id: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Opaque to clients: base64url of a small JSON array. */
export function encodeCursor(cursor: VideoCursor): string {
  const value = cursor.sort === 'new' ? cursor.createdAt.toISOString() : cursor.views;
  return Buffer.from(JSON.stringify([cursor.sort, value, cursor.id])).toString('base64url');
}

const invalid = () =>
  AppError.badRequest('invalid_cursor', 'The cursor is not valid. Use the nextCursor of a previous page.');

/** Reads a cursor made by `encodeCursor` for the same sort; 400 `invalid_cursor` otherwise. */
export function decodeCursor(text: string, sort: VideoSort): VideoCursor {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(parsed) || parsed.length !== 3) throw invalid();
  const [kind, value, id] = parsed as unknown[];
  if (kind !== sort || typeof id !== 'string' || !UUID.test(id)) throw invalid();
  if (sort === 'new') {
    const createdAt = typeof value === 'string' ? new Date(value) : new Date(Number.NaN);
    if (Number.isNaN(createdAt.getTime())) throw invalid();
    return { sort, createdAt, id };
  }
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) throw invalid();
  return { sort, views: value, id };
}
