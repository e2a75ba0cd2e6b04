import type { FramecastClient, Video } from '@framecast/client';
import { type LoadState, useLoad } from '@framecast/ui';
import { useCallback, useEffect } from 'react';
import { mergePolledVideos } from './video-list.merge.js';

/** While something is uploading or processing the list asks again this often. */
export const POLL_MS = 2000;

export type MyVideosState = LoadState<Video[]>;

const busy = (video: Video) => video.status === 'uploading' || video.status === 'processing';

/**
 * The creator's videos, newest first. Polls in the background while any is uploading or processing (or
 * while `watching` says an upload is under way), without flashing a loading state.
 */
export function useMyVideos(client: FramecastClient, watching: boolean) {
  const { state, reload, refresh, update } = useLoad(
    (shown: Video[] | undefined) =>
      client.videos.mine({ limit: 50 }).then((page) => mergePolledVideos(shown ?? [], page.items, Date.now())),
    [client],
  );

  const pending = state.status === 'ready' && state.data.some(busy);
  useEffect(() => {
    if (!pending && !watching) return;
    const timer = setInterval(refresh, POLL_MS);
    return () => clearInterval(timer);
  }, [pending, watching, refresh]);

  return {
    state,
    reload,
    refresh,
    replace: useCallback(
      (video: Video) => update((items) => items.map((v) => (v.id === video.id ? video : v))),
      [update],
    ),
    remove: useCallback((id: string) => update((items) => items.filter((v) => v.id !== id)), [update]),
  };
}
