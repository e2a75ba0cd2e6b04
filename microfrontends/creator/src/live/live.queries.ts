import { type FramecastClient, type LiveSetup, queryKeys, type Viewer } from '@framecast/client';
import { type QueryClient, queryOptions } from '@tanstack/react-query';

/** The signed-in channel's live setup; made on the first visit, so it is fetched only when signed in. */
export function liveSetupQuery(client: FramecastClient, viewer: Viewer) {
  return queryOptions({
    queryKey: queryKeys.liveSetup(viewer),
    queryFn: () => client.live.me(),
    enabled: viewer !== null,
  });
}

/** Shows what the API answered to a change at once; every other live query loads again. */
export function showLiveSetup(queryClient: QueryClient, viewer: Viewer, setup: LiveSetup) {
  queryClient.setQueryData(queryKeys.liveSetup(viewer), setup);
  return queryClient.invalidateQueries({ queryKey: queryKeys.live, exact: false, refetchType: 'inactive' });
}
