/** One page of a cursor-paginated list, as the list endpoints answer. */
export interface Page<T> {
  items: readonly T[];
  nextCursor: string | null;
}

export interface PagedListState<T> {
  /** Which start of the list this is: answers to an earlier start (another sort, another viewer) are dropped. */
  run: number;
  /** The first page's progress; once `ready`, later pages never change it. */
  status: 'loading' | 'ready' | 'error';
  items: readonly T[];
  /** Where the next page starts; null when there is none (or none known yet). */
  cursor: string | null;
  /** Why the first page failed. */
  error: unknown;
  loadingMore: boolean;
  /** Why a later page failed: the items shown stay. */
  moreError: unknown;
}

/**
 * `after` is the cursor a page was asked for (null for the first): a page is taken only if it continues
 * the list where it ends now, so a duplicate or late answer cannot append the same page twice.
 */
export type PagedListAction<T> =
  | { type: 'start'; run: number }
  | { type: 'more'; run: number }
  | { type: 'page'; run: number; after: string | null; page: Page<T> }
  | { type: 'failed'; run: number; after: string | null; error: unknown }
  | { type: 'replace'; item: T };

export function startedList<T>(run = 0): PagedListState<T> {
  return { run, status: 'loading', items: [], cursor: null, error: null, loadingMore: false, moreError: null };
}

/** Appends a page, skipping items already shown (an item can move between pages while the list changes). */
export function appendPage<T extends { id: string }>(items: readonly T[], page: readonly T[]): T[] {
  const seen = new Set(items.map((item) => item.id));
  return [...items, ...page.filter((item) => !seen.has(item.id))];
}

export function pagedListReducer<T extends { id: string }>(
  state: PagedListState<T>,
  action: PagedListAction<T>,
): PagedListState<T> {
  switch (action.type) {
    case 'start':
      return startedList(action.run);
    case 'replace':
      return { ...state, items: state.items.map((item) => (item.id === action.item.id ? action.item : item)) };
    case 'more':
      if (action.run !== state.run || state.status !== 'ready' || state.cursor === null) return state;
      return { ...state, loadingMore: true, moreError: null };
    case 'page':
      if (action.run !== state.run) return state;
      if (state.status === 'loading' && action.after === null) {
        return { ...state, status: 'ready', items: [...action.page.items], cursor: action.page.nextCursor };
      }
      if (!state.loadingMore || action.after !== state.cursor) return state;
      return {
        ...state,
        items: appendPage(state.items, action.page.items),
        cursor: action.page.nextCursor,
        loadingMore: false,
      };
    case 'failed':
      if (action.run !== state.run) return state;
      if (state.status === 'loading' && action.after === null)
        return { ...state, status: 'error', error: action.error };
      if (!state.loadingMore || action.after !== state.cursor) return state;
      return { ...state, loadingMore: false, moreError: action.error };
  }
}
