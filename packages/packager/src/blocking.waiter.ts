/** How a held request ended. */
export type HoldResult<T> =
  | { outcome: 'ready'; value: T }
  /** Not ready within the timeout. */
  | { outcome: 'timeout' }
  /** The caller's signal aborted (the client went away). */
  | { outcome: 'aborted' }
  /** Already holding as many requests as allowed. */
  | { outcome: 'full' }
  /** The waiter was closed (the stream stopped). */
  | { outcome: 'closed' };

interface Held {
  poll: () => unknown;
  finish: (result: HoldResult<unknown>) => void;
}

/**
 * Requests held until what they wait for exists: blocking playlist reloads and preload-hinted parts. `notify()` after
 * each change re-polls them; each ends ready, timed out, aborted or closed, and never more than `max` are held.
 */
export class RequestWaiter {
  private readonly held = new Set<Held>();

  constructor(private readonly max: number) {}

  get size(): number {
    return this.held.size;
  }

  /** Resolves once `poll` returns a value other than undefined (checked now and at each `notify`). */
  hold<T>(poll: () => T | undefined, opts: { timeoutMs: number; signal?: AbortSignal }): Promise<HoldResult<T>> {
    const now = poll();
    if (now !== undefined) return Promise.resolve({ outcome: 'ready', value: now });
    if (opts.signal?.aborted) return Promise.resolve({ outcome: 'aborted' });
    if (this.held.size >= this.max) return Promise.resolve({ outcome: 'full' });
    return new Promise((resolve) => {
      const onAbort = () => entry.finish({ outcome: 'aborted' });
      const timer = setTimeout(() => entry.finish({ outcome: 'timeout' }), opts.timeoutMs);
      const entry: Held = {
        poll,
        finish: (result) => {
          if (!this.held.delete(entry)) return;
          clearTimeout(timer);
          opts.signal?.removeEventListener('abort', onAbort);
          resolve(result as HoldResult<T>);
        },
      };
      this.held.add(entry);
      opts.signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Re-polls every held request; those now ready resolve. */
  notify(): void {
    for (const entry of [...this.held]) {
      const value = entry.poll();
      if (value !== undefined) entry.finish({ outcome: 'ready', value });
    }
  }

  /** Ends every held request with `closed`. */
  close(): void {
    for (const entry of [...this.held]) entry.finish({ outcome: 'closed' });
  }
}
