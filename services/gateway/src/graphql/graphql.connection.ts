import { graphqlError } from './graphql.errors.js';
import { MAX_PAGE_SIZE } from './graphql.limits.js';

/** A page of a module's listing: `{items, nextCursor}`, as every list route answers. */
export interface ModulePage<T> {
  items: T[];
  nextCursor: string | null;
}

/** Which page of a module's listing one connection reads, and how much of it. */
export interface PagePlan {
  /** The module's cursor to ask with (undefined: the first page). */
  cursor: string | undefined;
  /** The module's `limit`. */
  limit: number;
  /** Items of that page already given out before `after`. */
  skip: number;
  first: number;
}

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; hasPreviousPage: false; startCursor: string | null; endCursor: string | null };
}

/**
 * An edge's cursor: the module's cursor of the page the edge came from, and how many items of that page lie up to
 * and including it. The modules keep one cursor per page, not per item; this makes any edge a place to go on from.
 */
export function encodeCursor(cursor: string | null, offset: number): string {
  return Buffer.from(JSON.stringify([cursor, offset])).toString('base64url');
}

const invalidCursor = () =>
  graphqlError('invalid_cursor', 'The cursor is not valid. Use a cursor of a previous page.', { field: 'after' });

export function decodeCursor(text: string): { cursor: string | null; offset: number } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  if (!Array.isArray(parsed) || parsed.length !== 2) throw invalidCursor();
  const [cursor, offset] = parsed as unknown[];
  if (cursor !== null && (typeof cursor !== 'string' || cursor.length === 0 || cursor.length > 200)) {
    throw invalidCursor();
  }
  if (!Number.isSafeInteger(offset) || (offset as number) < 0 || (offset as number) > MAX_PAGE_SIZE) {
    throw invalidCursor();
  }
  return { cursor, offset: offset as number };
}

/** Pure: the module page that gives the `first` items after `after`. */
export function planPage(args: { first?: number | null; after?: string | null }): PagePlan {
  const first = args.first ?? 20;
  if (!Number.isInteger(first) || first < 1 || first > MAX_PAGE_SIZE) {
    throw graphqlError('validation_failed', `"first" must be 1 to ${MAX_PAGE_SIZE}.`, { field: 'first' });
  }
  if (args.after === undefined || args.after === null) return { cursor: undefined, limit: first, skip: 0, first };
  const { cursor, offset } = decodeCursor(args.after);
  return { cursor: cursor ?? undefined, limit: Math.min(MAX_PAGE_SIZE, offset + first), skip: offset, first };
}

/** Pure: a Relay connection of the page `plan` asked for. */
export function toConnection<T>(plan: PagePlan, page: ModulePage<T>): Connection<T> {
  const taken = page.items.slice(plan.skip, plan.skip + plan.first);
  const edges = taken.map((node, i) => {
    const through = plan.skip + i + 1;
    // The page's last item goes on from the module's next page.
    const cursor =
      through === page.items.length && page.nextCursor !== null
        ? encodeCursor(page.nextCursor, 0)
        : encodeCursor(plan.cursor ?? null, through);
    return { cursor, node };
  });
  const hasNextPage = page.items.length > plan.skip + plan.first || page.nextCursor !== null;
  const endCursor = edges.at(-1)?.cursor ?? (page.nextCursor !== null ? encodeCursor(page.nextCursor, 0) : null);
  return {
    edges,
    pageInfo: { hasNextPage, hasPreviousPage: false, startCursor: edges[0]?.cursor ?? null, endCursor },
  };
}
