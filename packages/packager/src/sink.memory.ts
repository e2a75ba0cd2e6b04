import type { LiveSink } from './sink.queue.js';

/** A sink that keeps everything in a map: for tests, and for serving a stream from one process without storage. */
export class MemorySink implements LiveSink {
  readonly files = new Map<string, { bytes: Uint8Array; contentType: string }>();
  readonly deleted: string[] = [];

  async put(key: string, bytes: Uint8Array, contentType: string): Promise<void> {
    this.files.set(key, { bytes, contentType });
  }

  async delete(key: string): Promise<void> {
    if (this.files.delete(key)) this.deleted.push(key);
  }
}
