import type { FramecastClient, Video, VideoPage, Viewer } from '@framecast/client';
import { type InfiniteData, useInfiniteQuery } from '@tanstack/react-query';
import { myVideosQuery } from '../api/my-videos.queries.js';

/** While a video uploads or processes, the list is fetched again this often. */
export const POLL_MS = 2000;

const busy = (video: Video) => video.status === 'uploading' || video.status === 'processing';

/** Whether any video fetched so far is still uploading or processing. */
export function anyBusy(data: InfiniteData<VideoPage, unknown> | undefined): boolean {
  return data?.pages.some((page) => page.items.some(busy)) ?? false;
}

/**
 * How the studio's list stays current while its videos upload or process: the one place that changes when the
 * real-time push lands. For now a second observer of the list asks again every POLL_MS while a video is busy or an
 * upload is under way (`watching`). With the push, this subscribes instead to `video:<id>` for each busy video
 * (`client.realtime.subscribe`) and writes each update into the cache (`replacePageItem` on
 * `queryKeys.myVideos(viewer)`), and the interval goes.
 */
export function useVideoUpdates(client: FramecastClient, viewer: Viewer, watching: boolean): void {
  useInfiniteQuery({
    ...myVideosQuery(client, viewer),
    refetchInterval: (query) => (watching || anyBusy(query.state.data) ? POLL_MS : false),
    // Only keeps the list fresh: the page renders from its own observer.
    notifyOnChangeProps: [],
  });
}
