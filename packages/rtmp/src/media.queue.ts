/**
 * A bounded queue between a socket and one slow consumer. Items are pushed as they arrive; once the bytes waiting
 * pass `highWaterBytes`, `onPressure(true)` asks the producer to stop (the socket is paused), and once the consumer
 * brings them down to half, `onPressure(false)` lets it go on. Memory stays bounded by the high-water mark plus what
 * was already in flight (one socket read).
 */
export class MediaQueue<T> {
  private readonly items: T[] = [];
  private head = 0;
  private bytes = 0;
  private pressured = false;
  private ended = false;
  private waiter: (() => void) | undefined;
  private consumed = false;

  constructor(
    private readonly options: {
      highWaterBytes: number;
      sizeOf(item: T): number;
      onPressure(paused: boolean): void;
    },
  ) {}

  get queuedBytes(): number {
    return this.bytes;
  }

  get paused(): boolean {
    return this.pressured;
  }

  push(item: T): void {
    if (this.ended) return;
    this.items.push(item);
    this.bytes += this.options.sizeOf(item);
    if (!this.pressured && this.bytes > this.options.highWaterBytes) {
      this.pressured = true;
      this.options.onPressure(true);
    }
    this.wake();
  }

  /** No more items: the consumer gets what is queued, then the end. */
  end(): void {
    this.ended = true;
    this.wake();
  }

  /** Drops what is queued and ends: for a consumer that is gone. */
  clear(): void {
    this.items.length = 0;
    this.head = 0;
    this.bytes = 0;
    this.end();
    this.relieve();
  }

  /** The one consumer: an async iterator over the items, in order. A second call throws. */
  consume(): AsyncIterableIterator<T> {
    if (this.consumed) throw new Error('The media of a session can be consumed once: media() or flv(), not both.');
    this.consumed = true;
    const next = async (): Promise<IteratorResult<T>> => {
      for (;;) {
        if (this.head < this.items.length) {
          const item = this.items[this.head]!;
          this.items[this.head] = undefined as T; // let it be collected
          this.head += 1;
          if (this.head > 1024 && this.head * 2 > this.items.length) {
            this.items.splice(0, this.head);
            this.head = 0;
          }
          this.bytes -= this.options.sizeOf(item);
          this.relieve();
          return { value: item, done: false };
        }
        if (this.ended) return { value: undefined, done: true };
        await new Promise<void>((resolve) => {
          this.waiter = resolve;
        });
      }
    };
    const iterator: AsyncIterableIterator<T> = {
      next,
      return: async () => {
        this.clear();
        return { value: undefined, done: true };
      },
      [Symbol.asyncIterator]: () => iterator,
    };
    return iterator;
  }

  private relieve(): void {
    if (this.pressured && this.bytes <= this.options.highWaterBytes / 2) {
      this.pressured = false;
      this.options.onPressure(false);
    }
  }

  private wake(): void {
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.();
  }
}
