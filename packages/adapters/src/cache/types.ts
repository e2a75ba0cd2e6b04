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

/** One entry of a journal: its number in its log, and what was appended. */
export interface JournalEntry {
  /** Decimal digits; each log numbers its entries one after another from where its present life began. */
  id: string;
  data: string;
}

/** What a log holds after a given entry: every later entry in order, or `gone` when that can no longer be told. */
export type JournalRead = { kind: 'entries'; entries: JournalEntry[] } | { kind: 'gone' };

export interface JournalLimits {
  /** Entries kept per log (at least; Redis trims in whole blocks). */
  maxEntries: number;
  /** A log nobody appended to for this long is forgotten; its next entry begins a new life. */
  idleMs: number;
}

/**
 * Append-only logs by key: numbered in order, trimmed to their latest entries, followed live on every instance, and
 * read back after a given entry so a follower that lost its place catches up exactly once. Redis Streams with
 * pub/sub, or memory. A log's life begins at a number taken from the clock (milliseconds × 1000), so a log that was
 * lost (expired, or Redis restarted empty) goes on with higher numbers than before, and a reader of the old life is
 * told `gone` rather than given someone else's entries.
 */
export interface Journal {
  append(key: string, data: string): Promise<JournalEntry>;
  /** Every entry after `after`; `gone` when some were trimmed, or `after` is not a number of this life. */
  after(key: string, after: string): Promise<JournalRead>;
  /** The last `count` entries, oldest first. */
  latest(key: string, count: number): Promise<JournalEntry[]>;
  /**
   * Calls `handler` for each entry appended from now on, in order and once, on this instance. When pub/sub lost
   * some (a reconnect), they are read back from the log first; `onLost` is told when they no longer can be.
   * Resolves once following; the returned function stops.
   */
  follow(key: string, handler: (entry: JournalEntry) => void, onLost?: () => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}
