import { errorMessage } from '@framecast/client';
import { Alert } from './alert.js';
import { Button } from './button.js';

/** What LoadMore reads of an infinite query (TanStack's `useInfiniteQuery` result fits). */
export interface PagedQueryLike {
  hasNextPage: boolean;
  isFetchingNextPage: boolean;
  isFetchNextPageError: boolean;
  error: unknown;
  fetchNextPage: () => unknown;
}

/** The foot of a paged list: why the last page failed, and the button for the next one while there is one. */
export function LoadMore({ query }: { query: PagedQueryLike }) {
  return (
    <>
      {query.isFetchNextPageError && <Alert tone="error">{errorMessage(query.error)}</Alert>}
      {query.hasNextPage && (
        <div className="flex justify-center">
          <Button variant="secondary" onClick={() => void query.fetchNextPage()} loading={query.isFetchingNextPage}>
            Load more
          </Button>
        </div>
      )}
    </>
  );
}
