/** One page of a cursor-paginated list, as the list endpoints answer. */
export interface Page<T> {
  items: readonly T[];
  nextCursor: string | null;
}

/** Pages fetched so far, as TanStack's infinite queries hold them. */
export interface Pages<T> {
  pages: readonly Page<T>[];
  pageParams: readonly unknown[];
}

/** Where the page after `page` starts, as an infinite query's `getNextPageParam` wants it: undefined at the end. */
export function nextCursorOf(page: Page<unknown>): string | undefined {
  return page.nextCursor ?? undefined;
}

/** Every item of the pages fetched so far, in order, each once (an item can move between pages as the list changes). */
export function pageItems<T extends { id: string }>(data: Pages<T>): T[] {
  const seen = new Set<string>();
  const items: T[] = [];
  for (const page of data.pages) {
    for (const item of page.items) {
      if (seen.has(item.id)) continue;
      seen.add(item.id);
      items.push(item);
    }
  }
  return items;
}

/** The pages with `change` applied to each page's items: a cache update after a mutation. */
export function mapPageItems<T, D extends Pages<T>>(data: D, change: (items: readonly T[]) => T[]): D {
  return { ...data, pages: data.pages.map((page) => ({ ...page, items: change(page.items) })) };
}

/** The pages with the item of the same id replaced by `item`. */
export function replacePageItem<T extends { id: string }, D extends Pages<T>>(data: D, item: T): D {
  return mapPageItems<T, D>(data, (items) => items.map((old) => (old.id === item.id ? item : old)));
}

/** The pages without the item `id`. */
export function removePageItem<T extends { id: string }, D extends Pages<T>>(data: D, id: string): D {
  return mapPageItems<T, D>(data, (items) => items.filter((old) => old.id !== id));
}
