import type { Readable } from 'node:stream';

export interface ObjectInfo {
  key: string;
  size: number;
  contentType?: string;
  lastModified?: Date;
}

/** Inclusive byte range, as in HTTP `Range: bytes=start-end`. */
export interface ByteRange {
  start: number;
  end?: number;
}

export interface ObjectBody extends ObjectInfo {
  body: Readable;
  /** Bytes in `body` (the range's length for a range read). */
  contentLength: number;
  range?: { start: number; end: number };
}

/**
 * Object storage: S3 API or local disk. Keys are `/`-separated relative paths
 * (`avatars/u1/a.webp`); a key with `..`, a leading `/` or a NUL is rejected.
 * Writes stream (never buffer whole objects); a failed write leaves no object behind.
 */
export interface ObjectStorage {
  put(key: string, body: Readable | Buffer, opts?: { contentType?: string }): Promise<ObjectInfo>;
  /**
   * Stores the local file at `path` under `key` and takes it (the file is gone afterwards): on the disk store a
   * rename when both are on one file system, so a large upload or a transcode's output is never copied again.
   */
  moveFile(key: string, path: string, opts?: { contentType?: string }): Promise<ObjectInfo>;
  /** Throws `ObjectNotFoundError` when absent; `RangeNotSatisfiableError` when `range.start >= size`. */
  get(key: string, range?: ByteRange): Promise<ObjectBody>;
  head(key: string): Promise<ObjectInfo | null>;
  delete(key: string): Promise<void>;
  /** Deletes every object under `prefix` (a folder-like prefix ending in `/`). */
  deletePrefix(prefix: string): Promise<void>;
  list(prefix: string): AsyncIterable<ObjectInfo>;
  /** Resolves when the store is reachable (bucket exists / root writable); rejects otherwise. */
  ping(): Promise<void>;
  close(): Promise<void>;
}
