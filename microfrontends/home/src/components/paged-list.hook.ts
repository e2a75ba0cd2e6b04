import { type DependencyList, useCallback, useEffect, useReducer, useRef, useState } from 'react';
import { type Page, pagedListReducer, startedList } from './paged-list.reducer.js';

/** Items asked for at a time: twelve fills whole rows of every grid (2, 3, 4 or 6 columns). */
export const PAGE_SIZE = 12;

export interface PagedList<T> {
  status: 'loading' | 'ready' | 'error';
  items: readonly T[];
  /** Why the first page failed. */
  error: unknown;
  hasMore: boolean;
  loadingMore: boolean;
  /** Why the last "load more" failed; the items shown stay. */
  moreError: unknown;
  /** Starts again from the first page, e.g. from an error state's "Try again". */
  retry(): void;
  loadMore(): void;
  /** Shows a changed item in place, e.g. a channel just followed. */
  replace(item: T): void;
}

/**
 * A cursor-paginated list: the first page when `deps` change, the next one on `loadMore`. Answers to an
 * earlier start are dropped, so a new sort or viewer never shows the previous list. While `enabled` is
 * false it stays loading without asking (e.g. until the session is known).
 */
export function usePagedList<T extends { id: string }>(
  fetchPage: (cursor: string | undefined) => Promise<Page<T>>,
  deps: DependencyList,
  enabled = true,
): PagedList<T> {
  const [state, dispatch] = useReducer(pagedListReducer<T>, startedList<T>());
  const [attempt, setAttempt] = useState(0);
  const runs = useRef(0);
  const fetchRef = useRef(fetchPage);
  fetchRef.current = fetchPage;

  const request = useCallback((run: number, after: string | null) => {
    fetchRef.current(after ?? undefined).then(
      (page) => dispatch({ type: 'page', run, after, page }),
      (error: unknown) => dispatch({ type: 'failed', run, after, error }),
    );
  }, []);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller's deps and attempt restart the list.
  useEffect(() => {
    const run = ++runs.current;
    dispatch({ type: 'start', run });
    if (enabled) request(run, null);
  }, [...deps, attempt, enabled]);

  const { run, status, cursor, loadingMore } = state;
  const loadMore = useCallback(() => {
    if (status !== 'ready' || cursor === null || loadingMore) return;
    dispatch({ type: 'more', run });
    request(run, cursor);
  }, [run, status, cursor, loadingMore, request]);

  return {
    status,
    items: state.items,
    error: state.error,
    hasMore: cursor !== null,
    loadingMore,
    moreError: state.moreError,
    retry: useCallback(() => setAttempt((n) => n + 1), []),
    loadMore,
    replace: useCallback((item: T) => dispatch({ type: 'replace', item }), []),
  };
}
