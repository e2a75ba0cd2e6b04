import type { FramecastClient, Video } from '@framecast/client';
import { useCallback, useEffect, useRef, useState } from 'react';
import { mergePolledVideos } from './video-list.merge.js';

/** While something is uploading or processing the list asks again this often. */
export const POLL_MS = 2000;

export type MyVideosState =
  | { status: 'loading' }
  | { status: 'error'; error: unknown }
  | { status: 'ready'; items: Video[] };

const busy = (video: Video) => video.status === 'uploading' || video.status === 'processing';

/**
 * The creator's videos, newest first. Polls in the background while any is uploading or processing (or
 * while `watching` says an upload is under way), without flashing a loading state.
 */
export function useMyVideos(client: FramecastClient, watching: boolean) {
  const [state, setState] = useState<MyVideosState>({ status: 'loading' });
  const run = useRef(0);

  const load = useCallback(
    (quiet: boolean) => {
      const current = ++run.current;
      if (!quiet) setState({ status: 'loading' });
      client.videos.mine({ limit: 50 }).then(
        (page) =>
          current === run.current &&
          setState((previous) => ({
            status: 'ready',
            items: mergePolledVideos(previous.status === 'ready' ? previous.items : [], page.items, Date.now()),
          })),
        (error: unknown) => {
          if (current === run.current && !quiet) setState({ status: 'error', error });
        },
      );
    },
    [client],
  );

  useEffect(() => load(false), [load]);

  const pending = state.status === 'ready' && state.items.some(busy);
  useEffect(() => {
    if (!pending && !watching) return;
    const timer = setInterval(() => load(true), POLL_MS);
    return () => clearInterval(timer);
  }, [pending, watching, load]);

  return {
    state,
    reload: useCallback(() => load(false), [load]),
    refresh: useCallback(() => load(true), [load]),
    replace: useCallback(
      (video: Video) =>
        setState((s) =>
          s.status === 'ready' ? { status: 'ready', items: s.items.map((v) => (v.id === video.id ? video : v)) } : s,
        ),
      [],
    ),
    remove: useCallback(
      (id: string) =>
        setState((s) => (s.status === 'ready' ? { status: 'ready', items: s.items.filter((v) => v.id !== id) } : s)),
      [],
    ),
  };
}
