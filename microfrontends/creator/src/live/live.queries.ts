import {
  type FramecastClient,
  isApiError,
  type LiveSetup,
  queryKeys,
  type Video,
  type Viewer,
} from '@framecast/client';
import { type QueryClient, queryOptions } from '@tanstack/react-query';
import { REPLAY_APPEARS_WITHIN_MS } from './stream-summary.js';

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

/** How often the replay is read again while it is made, in case a pushed update is missed. */
const REPLAY_REFRESH_MS = 5_000;

/**
 * The replay video of the stream that ended, while its summary shows: the creator's topic pushes its processing, and
 * it is read again every few seconds until it is ready or failed. A 404 soon after the end is a replay not made yet.
 */
export function replayQuery(
  client: FramecastClient,
  viewer: Viewer,
  session: { replayVideoId: string | null; endedAt: string | null } | null,
) {
  const id = session?.replayVideoId ?? null;
  const endedAt = session?.endedAt ? Date.parse(session.endedAt) : 0;
  return queryOptions({
    queryKey: queryKeys.video(id ?? '', viewer),
    queryFn: () => client.videos.get(id ?? ''),
    enabled: viewer !== null && id !== null,
    refetchInterval: (query) => {
      const video: Video | undefined = query.state.data;
      if (video?.status === 'ready' || video?.status === 'failed') return false;
      const gone = isApiError(query.state.error) && query.state.error.status === 404;
      return gone && Date.now() - endedAt > REPLAY_APPEARS_WITHIN_MS ? false : REPLAY_REFRESH_MS;
    },
  });
}
