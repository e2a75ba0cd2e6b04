/** Where the packager stores what it makes: parts, segments, init segments and final playlists, by key. */
export interface LiveSink {
  /** Stores `bytes` under `key` (replacing any). Should retry transient failures itself: a rejection fails the stream. */
  put(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
  /** Deletes `key`; deleting a missing key is not an error. */
  delete(key: string): Promise<void>;
}

type Operation = { type: 'put'; key: string; bytes: Uint8Array; contentType: string } | { type: 'delete'; key: string };

/**
 * The sink's writes in order, a few at a time, with the bytes not yet stored counted: `belowLimit()` waits while they
 * pass `maxPendingBytes`, which is how a slow sink slows the readers instead of growing memory. The first failure is
 * kept; after it nothing more is written.
 */
export class SinkQueue {
  private readonly queue: Operation[] = [];
  private running = 0;
  private pending = 0;
  private waiters: (() => void)[] = [];
  private idle: (() => void)[] = [];
  private error: Error | null = null;

  constructor(
    private readonly sink: LiveSink,
    private readonly opts: { maxPendingBytes: number; concurrency: number; onError: (error: Error) => void },
  ) {}

  /** Bytes queued or being written. */
  get pendingBytes(): number {
    return this.pending;
  }

  get failure(): Error | null {
    return this.error;
  }

  put(key: string, bytes: Uint8Array, contentType: string): void {
    this.enqueue({ type: 'put', key, bytes, contentType });
  }

  delete(key: string): void {
    this.enqueue({ type: 'delete', key });
  }

  /** Resolves once the bytes in flight are under the limit (at once if they are, or after a failure). */
  belowLimit(): Promise<void> {
    if (this.pending <= this.opts.maxPendingBytes || this.error) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Resolves once everything queued so far has been written (or the queue failed). */
  flushed(): Promise<void> {
    if ((this.queue.length === 0 && this.running === 0) || this.error) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  private enqueue(op: Operation): void {
    if (this.error) return;
    if (op.type === 'put') this.pending += op.bytes.length;
    this.queue.push(op);
    this.pump();
  }

  private pump(): void {
    while (!this.error && this.running < this.opts.concurrency && this.queue.length > 0) {
      const op = this.queue.shift()!;
      this.running++;
      this.run(op).then(
        () => this.settle(op, null),
        (error: unknown) => this.settle(op, error instanceof Error ? error : new Error(String(error))),
      );
    }
  }

  private async run(op: Operation): Promise<void> {
    if (op.type === 'put') await this.sink.put(op.key, op.bytes, op.contentType);
    else await this.sink.delete(op.key);
  }

  private settle(op: Operation, error: Error | null): void {
    this.running--;
    if (op.type === 'put') this.pending -= op.bytes.length;
    if (error && !this.error) {
      this.error = new Error(`the sink failed to ${op.type} ${op.key}: ${error.message}`, { cause: error });
      this.queue.length = 0;
      this.opts.onError(this.error);
    }
    if (this.pending <= this.opts.maxPendingBytes || this.error) {
      for (const wake of this.waiters.splice(0)) wake();
    }
    this.pump();
    if ((this.queue.length === 0 && this.running === 0) || this.error) {
      for (const wake of this.idle.splice(0)) wake();
    }
  }
}
