import { AppError } from './errors.js';

/** Listings sort newest first (`new`, by creation time) or by a count (`popular`), ties broken by id. */
export type KeysetSort = 'new' | 'popular';

/** Where a page ended: the sort key of its last row (a time for `new`, a count for `popular`) and that row's id. */
export type Keyset = { sort: 'new'; key: Date; id: string } | { sort: 'popular'; key: number; id: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** The form `toISOString` writes for the years a row can have been created in: no year 0000, no ±YYYYYY. */
const ISO_TIME = /^(19[7-9][0-9]|[2-9][0-9]{3})-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]{1,3})?Z$/;
/** The largest count a cursor may carry unless the caller says otherwise: PostgreSQL's `integer`. */
const INTEGER_MAX = 2_147_483_647;

const invalid = () =>
  AppError.badRequest('invalid_cursor', 'The cursor is not valid. Use the nextCursor of a previous page.');

/** Opaque to clients: base64url of a small JSON array. */
export function encodeKeyset(keyset: Keyset): string {
  const key = keyset.sort === 'new' ? keyset.key.toISOString() : keyset.key;
  return Buffer.from(JSON.stringify([keyset.sort, key, keyset.id])).toString('base64url');
}

/**
 * Reads a cursor made by `encodeKeyset` for the same sort; 400 `invalid_cursor` otherwise. Only values the
 * database can compare get through: times from 1970 to 9999, counts from 0 to `maxCount` (the column's range:
 * PostgreSQL's `integer` unless the count is a `bigint`).
 */
export function decodeKeyset(text: string, sort: KeysetSort, opts: { maxCount?: number } = {}): Keyset {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(parsed) || parsed.length !== 3) throw invalid();
  const [kind, key, id] = parsed as unknown[];
  if (kind !== sort || typeof id !== 'string' || !UUID.test(id)) throw invalid();
  if (sort === 'new') {
    const time = typeof key === 'string' && ISO_TIME.test(key) ? new Date(key) : new Date(Number.NaN);
    if (Number.isNaN(time.getTime())) throw invalid();
    return { sort, key: time, id };
  }
  const maxCount = Math.min(opts.maxCount ?? INTEGER_MAX, Number.MAX_SAFE_INTEGER);
  if (typeof key !== 'number' || !Number.isSafeInteger(key) || key < 0 || key > maxCount) throw invalid();
  return { sort, key, id };
}

/**
 * A keyset query fetches `limit + 1` rows: the extra one only tells whether another page exists.
 * Returns the page and the cursor of the next one.
 */
export function keysetPage<Row>(
  rows: readonly Row[],
  limit: number,
  keysetOf: (row: Row) => Keyset,
): { items: Row[]; nextCursor: string | null } {
  const items = rows.slice(0, limit);
  const last = items.at(-1);
  return {
    items,
    nextCursor: rows.length > limit && last !== undefined ? encodeKeyset(keysetOf(last)) : null,
  };
}
