import { describe, expect, it } from 'vitest';
import { nextCursorOf, type Pages, pageItems, removePageItem, replacePageItem } from './paging.js';

type Item = { id: string; n: number };
const pages = (...lists: [Item[], string | null][]): Pages<Item> => ({
  pages: lists.map(([items, nextCursor]) => ({ items, nextCursor })),
  pageParams: lists.map((_, i) => (i === 0 ? undefined : `c${i}`)),
});
const item = (id: string, n = 0): Item => ({ id, n });

describe('pageItems', () => {
  it('joins the pages in order', () => {
    expect(pageItems(pages([[item('a'), item('b')], 'c1'], [[item('c')], null])).map((i) => i.id)).toEqual([
      'a',
      'b',
      'c',
    ]);
  });
  it('shows an item that moved to a later page once, where it was first seen', () => {
    const data = pages([[item('a', 1), item('b')], 'c1'], [[item('a', 2), item('c')], null]);
    expect(pageItems(data)).toEqual([item('a', 1), item('b'), item('c')]);
  });
});

describe('nextCursorOf', () => {
  it('gives the cursor, or undefined at the last page', () => {
    expect(nextCursorOf({ items: [], nextCursor: 'next' })).toBe('next');
    expect(nextCursorOf({ items: [], nextCursor: null })).toBeUndefined();
  });
});

describe('cache updates', () => {
  const data = pages([[item('a'), item('b')], 'c1'], [[item('c')], null]);
  it('replaces an item on whichever page holds it, keeping cursors and page params', () => {
    const next = replacePageItem(data, item('c', 9));
    expect(next.pages[1]?.items).toEqual([item('c', 9)]);
    expect(next.pages[0]).toEqual(data.pages[0]);
    expect(next.pageParams).toBe(data.pageParams);
  });
  it('removes an item', () => {
    expect(pageItems(removePageItem(data, 'b')).map((i) => i.id)).toEqual(['a', 'c']);
    expect(data.pages[0]?.items).toHaveLength(2);
  });
});
