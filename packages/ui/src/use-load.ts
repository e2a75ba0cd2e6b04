import { type DependencyList, useCallback, useEffect, useRef, useState } from 'react';

export type LoadState<T> =
  | { status: 'loading'; data?: undefined; error?: undefined }
  | { status: 'ready'; data: T; error?: undefined }
  | { status: 'error'; data?: undefined; error: unknown };

export interface Loaded<T> {
  state: LoadState<T>;
  /** Loads again, e.g. from an error state's "Try again". */
  reload(): void;
  /**
   * Loads again in the background, keeping what is shown meanwhile, and if it fails: the next refresh
   * tries again (polling, fresh playback tokens). Does nothing until something is shown.
   */
  refresh(): void;
  /** Replaces the loaded data locally, e.g. for an optimistic update. */
  update(change: (data: T) => T): void;
}

/**
 * Runs `load` when `deps` change and tracks loading, data and error. Answers from an earlier run are
 * dropped, so a fast navigation never shows the previous page's data. While `enabled` is false it
 * stays loading without running (e.g. until the session is known). On a refresh `load` gets the data
 * shown, e.g. to keep what has not changed.
 */
export function useLoad<T>(
  load: (shown: T | undefined) => Promise<T>,
  deps: DependencyList,
  enabled = true,
): Loaded<T> {
  const [state, setState] = useState<LoadState<T>>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const run = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;
  const stateRef = useRef(state);
  stateRef.current = state;

  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller's deps decide when to load again.
  useEffect(() => {
    const current = ++run.current;
    setState({ status: 'loading' });
    if (!enabled) return;
    loadRef.current(undefined).then(
      (data) => current === run.current && setState({ status: 'ready', data }),
      (error: unknown) => current === run.current && setState({ status: 'error', error }),
    );
  }, [...deps, attempt, enabled]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  const refresh = useCallback(() => {
    const shown = stateRef.current;
    if (shown.status !== 'ready') return;
    const current = ++run.current;
    loadRef.current(shown.data).then(
      (data) => current === run.current && setState({ status: 'ready', data }),
      () => {},
    );
  }, []);
  const update = useCallback(
    (change: (data: T) => T) =>
      setState((previous) =>
        previous.status === 'ready' ? { status: 'ready', data: change(previous.data) } : previous,
      ),
    [],
  );
  return { state, reload, refresh, update };
}
