import {
  type FramecastClient,
  nextCursorOf,
  queryKeys,
  removePageItem,
  replacePageItem,
  type Video,
  type VideoPage,
  type Viewer,
} from '@framecast/client';
import { type InfiniteData, infiniteQueryOptions, type QueryClient } from '@tanstack/react-query';

/** The most the videos API gives in one page; the studio asks for more as the creator scrolls to the end. */
export const MY_VIDEOS_PAGE = 50;

/** The signed-in creator's videos in every state, newest first, a page at a time through the API's cursor. */
export function myVideosQuery(client: FramecastClient, viewer: Viewer) {
  return infiniteQueryOptions({
    queryKey: queryKeys.myVideos(viewer),
    queryFn: ({ pageParam }) => client.videos.mine({ limit: MY_VIDEOS_PAGE, cursor: pageParam }),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: nextCursorOf,
    enabled: viewer !== null,
  });
}

type MyVideos = InfiniteData<VideoPage, string | undefined>;

/** Shows a saved video in the studio's list at once; every other list and page of videos loads it again. */
export function showSavedVideo(queryClient: QueryClient, viewer: Viewer, video: Video) {
  queryClient.setQueryData<MyVideos>(queryKeys.myVideos(viewer), (data) => data && replacePageItem(data, video));
  return queryClient.invalidateQueries({ queryKey: queryKeys.videos });
}

/** Takes a deleted video out of the studio's list at once; every other list and page of videos loads again. */
export function forgetDeletedVideo(queryClient: QueryClient, viewer: Viewer, id: string) {
  queryClient.setQueryData<MyVideos>(queryKeys.myVideos(viewer), (data) => data && removePageItem(data, id));
  return queryClient.invalidateQueries({ queryKey: queryKeys.videos });
}
