import { errorMessage } from '@framecast/client';
import type { ReactNode } from 'react';
import { ErrorState } from './error-state.js';

/** What QueryState reads of a query: TanStack's `useQuery` and `useInfiniteQuery` results both fit. */
export interface QueryLike<T> {
  status: 'pending' | 'error' | 'success';
  data: T | undefined;
  error: unknown;
  isRefetching: boolean;
  refetch: () => unknown;
}

export interface QueryStateProps<T> {
  query: QueryLike<T>;
  /** Shown until the first answer, e.g. skeletons with `role="status"`. */
  loading: ReactNode;
  /** The failed state's title, e.g. "Your videos could not be loaded". */
  errorTitle: string;
  /** A failure worth its own words (a 404 as "not found"); undefined falls back to the failed state. */
  failed?: (error: unknown) => ReactNode | undefined;
  /** When the data counts as nothing, e.g. an empty list; `empty` is shown instead. */
  isEmpty?: (data: T) => boolean;
  empty?: ReactNode;
  children: (data: T) => ReactNode;
}

/**
 * The loading, empty and failed states of a query, and its data once there. Data already shown stays when a
 * background refetch fails; the failed state (with "Try again") is for a query that has nothing to show.
 */
export function QueryState<T>({ query, loading, errorTitle, failed, isEmpty, empty, children }: QueryStateProps<T>) {
  if (query.data !== undefined) {
    return <>{isEmpty?.(query.data) ? empty : children(query.data)}</>;
  }
  if (query.status === 'pending') return <>{loading}</>;
  return (
    <>
      {failed?.(query.error) ?? (
        <ErrorState
          title={errorTitle}
          message={errorMessage(query.error)}
          onRetry={() => void query.refetch()}
          retrying={query.isRefetching}
        />
      )}
    </>
  );
}
