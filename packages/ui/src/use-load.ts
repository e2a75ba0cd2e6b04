import { type DependencyList, useCallback, useEffect, useRef, useState } from 'react';

export type LoadState<T> =
  | { status: 'loading'; data?: undefined; error?: undefined }
  | { status: 'ready'; data: T; error?: undefined }
  | { status: 'error'; data?: undefined; error: unknown };

export interface Loaded<T> {
  state: LoadState<T>;
  /** Loads again, e.g. from an error state's "Try again". */
  reload(): void;
  /** Replaces the loaded data locally, e.g. for an optimistic update. */
  update(change: (data: T) => T): void;
}

/**
 * Runs `load` when `deps` change and tracks loading, data and error. Answers from an earlier run are
 * dropped, so a fast navigation never shows the previous page's data. While `enabled` is false it
 * stays loading without running (e.g. until the session is known).
 */
export function useLoad<T>(load: () => Promise<T>, deps: DependencyList, enabled = true): Loaded<T> {
  const [state, setState] = useState<LoadState<T>>({ status: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const run = useRef(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  // biome-ignore lint/correctness/useExhaustiveDependencies: the caller's deps decide when to load again.
  useEffect(() => {
    const current = ++run.current;
    setState({ status: 'loading' });
    if (!enabled) return;
    loadRef.current().then(
      (data) => current === run.current && setState({ status: 'ready', data }),
      (error: unknown) => current === run.current && setState({ status: 'error', error }),
    );
  }, [...deps, attempt, enabled]);

  const reload = useCallback(() => setAttempt((n) => n + 1), []);
  const update = useCallback(
    (change: (data: T) => T) =>
      setState((previous) =>
        previous.status === 'ready' ? { status: 'ready', data: change(previous.data) } : previous,
      ),
    [],
  );
  return { state, reload, update };
}
