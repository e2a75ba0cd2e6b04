/** Key-value cache with expiry: Redis or in-memory. */
export interface Cache {
  get(key: string): Promise<string | null>;
  set(key: string, value: string, ttlMs?: number): Promise<void>;
  del(key: string): Promise<void>;
  /** Resolves when the server answers; rejects otherwise (readiness). */
  ping(): Promise<void>;
  /** Atomically adds 1; the first increment starts the window of `ttlMs`. Returns the new count and ms left. */
  incr(key: string, ttlMs: number): Promise<{ count: number; ttlMs: number }>;
  close(): Promise<void>;
}

/** Fan-out messages across instances: Redis pub/sub or in-memory. */
export interface PubSub {
  publish(channel: string, message: string): Promise<void>;
  /** Resolves once the subscription is active; the returned function unsubscribes. */
  subscribe(channel: string, handler: (message: string) => void): Promise<() => Promise<void>>;
  /**
   * Calls `listener` each time the connection to the server came back and every subscription is active again:
   * messages published while it was down were lost. Returns the function that stops listening.
   */
  onReconnect(listener: () => void): () => void;
  close(): Promise<void>;
}
