import {
  type FramecastClient,
  pageItems,
  queryKeys,
  replacePageItem,
  type Video,
  type VideoNotice,
  type VideoPage,
  type Viewer,
} from '@framecast/client';
import { useTopic } from '@framecast/ui';
import { type InfiniteData, useQueryClient } from '@tanstack/react-query';

type MyVideos = InfiniteData<VideoPage, string | undefined>;

/**
 * What a pushed processing state does to a listed video: progress and stage are written in place; a new status or
 * new renditions bring playback URLs and a thumbnail the push does not carry, so the list is fetched again. Pure.
 */
export function applyNotice(video: Video, notice: VideoNotice): { video: Video; refetch: boolean } {
  const state = notice.video;
  const refetch = state.status !== video.status || state.renditions.length !== video.renditions.length;
  return {
    video: {
      ...video,
      status: state.status,
      progress: state.progress,
      failureReason: state.failureReason,
      renditions: state.renditions,
    },
    refetch,
  };
}

/**
 * Keeps the studio's list current as its videos process: one subscription to the creator's own topic
 * (`user:<id>`), whose messages carry each video's whole processing state as FFmpeg reports it. A video the list
 * does not hold yet, a `reload` (missed messages), or a change that brings new URLs fetch the list again.
 */
export function useVideoUpdates(client: FramecastClient, viewer: Viewer): void {
  const queryClient = useQueryClient();
  const key = queryKeys.myVideos(viewer);
  const refetch = () => void queryClient.invalidateQueries({ queryKey: key });
  useTopic(client.realtime, viewer ? `user:${viewer}` : null, {
    onMessage(notice) {
      if (notice.kind !== 'video') return;
      const data = queryClient.getQueryData<MyVideos>(key);
      const listed = data && pageItems(data).find((video) => video.id === notice.videoId);
      if (!data || !listed) return refetch();
      const next = applyNotice(listed, notice);
      queryClient.setQueryData<MyVideos>(key, replacePageItem(data, next.video));
      if (next.refetch) refetch();
    },
    onReload: refetch,
  });
}
