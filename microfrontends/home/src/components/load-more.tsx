import { errorMessage } from '@framecast/client';
import { Alert, Button } from '@framecast/ui';
import type { PagedList } from './paged-list.hook.js';

/** The foot of a paged list: why the last page failed, and the button for the next one while there is one. */
export function LoadMore({
  list,
}: {
  list: Pick<PagedList<unknown>, 'hasMore' | 'loadingMore' | 'moreError' | 'loadMore'>;
}) {
  return (
    <>
      {list.moreError != null && <Alert tone="error">{errorMessage(list.moreError)}</Alert>}
      {list.hasMore && (
        <div className="flex justify-center">
          <Button variant="secondary" onClick={list.loadMore} loading={list.loadingMore}>
            Load more
          </Button>
        </div>
      )}
    </>
  );
}
