import type { FramecastClient, Video } from '@framecast/client';
import type { LoadState } from '@framecast/ui';
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';

export interface VideoLoad {
  state: LoadState<Video>;
  /** Loads again from scratch (after an error). */
  reload(): void;
  /** Fetches again in the background, keeping the video on screen meanwhile (polling, fresh tokens). */
  refresh(): void;
  update(change: (video: Video) => Video): void;
}

/**
 * The video, loaded once the session is known (a private video is visible only to its owner) and
 * again when the viewer changes. Answers from an earlier request are dropped.
 */
export function useVideo(client: FramecastClient, id: string): VideoLoad {
  const session = useSyncExternalStore(client.session.subscribe, client.session.getSnapshot);
  const viewer = session.status === 'loading' ? undefined : (session.user?.id ?? null);
  const [state, setState] = useState<LoadState<Video>>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const run = useRef(0);

  const fetchVideo = useCallback(
    (quiet: boolean) => {
      const current = ++run.current;
      if (!quiet) setState({ status: 'loading' });
      client.videos.get(id).then(
        (data) => current === run.current && setState({ status: 'ready', data }),
        (error: unknown) => {
          // A failed background refresh keeps what is shown; the next poll tries again.
          if (current === run.current && !quiet) setState({ status: 'error', error });
        },
      );
    },
    [client, id],
  );

  // biome-ignore lint/correctness/useExhaustiveDependencies: the viewer and attempt restart the load on purpose.
  useEffect(() => {
    if (viewer === undefined) {
      setState({ status: 'loading' });
      return;
    }
    fetchVideo(false);
  }, [fetchVideo, viewer, attempt]);

  return {
    state,
    reload: useCallback(() => setAttempt((n) => n + 1), []),
    refresh: useCallback(() => fetchVideo(true), [fetchVideo]),
    update: useCallback(
      (change: (video: Video) => Video) =>
        setState((previous) =>
          previous.status === 'ready' ? { status: 'ready', data: change(previous.data) } : previous,
        ),
      [],
    ),
  };
}
