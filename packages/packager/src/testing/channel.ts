/** A byte stream a test pushes into by hand: what the packager reads, with counts of what it pulled. */
export class Channel implements AsyncIterable<Uint8Array> {
  private readonly queue: Uint8Array[] = [];
  private waiting: { resolve: (r: IteratorResult<Uint8Array>) => void; reject: (e: Error) => void } | null = null;
  private ended = false;
  private error: Error | null = null;
  /** Chunks the reader has taken so far. */
  pulled = 0;
  /** The reader stopped early (`return()`), as the packager does when it ends or fails. */
  returned = false;

  push(...chunks: Uint8Array[]): void {
    for (const chunk of chunks) {
      if (this.waiting) {
        const w = this.waiting;
        this.waiting = null;
        this.pulled++;
        w.resolve({ value: chunk, done: false });
      } else this.queue.push(chunk);
    }
  }

  end(): void {
    this.ended = true;
    this.wake();
  }

  fail(error: Error): void {
    this.error = error;
    this.wake();
  }

  /** Chunks pushed and not yet taken. */
  get backlog(): number {
    return this.queue.length;
  }

  private wake(): void {
    const w = this.waiting;
    if (!w || this.queue.length > 0) return;
    this.waiting = null;
    if (this.error) w.reject(this.error);
    else if (this.ended || this.returned) w.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    return {
      next: () => {
        const chunk = this.queue.shift();
        if (chunk) {
          this.pulled++;
          return Promise.resolve({ value: chunk, done: false });
        }
        if (this.error) return Promise.reject(this.error);
        if (this.ended || this.returned) return Promise.resolve({ value: undefined, done: true });
        return new Promise((resolve, reject) => {
          this.waiting = { resolve, reject };
        });
      },
      return: () => {
        this.returned = true;
        this.wake();
        return Promise.resolve({ value: undefined, done: true });
      },
    };
  }
}

/** Lets pending promise callbacks and I/O callbacks run. */
export async function settle(rounds = 5): Promise<void> {
  for (let i = 0; i < rounds; i++) await new Promise((resolve) => setImmediate(resolve));
}
