import { get } from 'node:http';

/** An HTTP answer read as it arrives: when each piece of the body came, and when the body ended. */
export interface TimedAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Each piece of the body with when it arrived (`Date.now()`), in order. */
  chunks: { at: number; bytes: Uint8Array }[];
  askedAt: number;
  /** When the body ended; null if the answer was cut off. */
  endedAt: number | null;
  body: Uint8Array;
}

/**
 * GETs `url` over a real socket (not an injected request, which only returns whole bodies) and notes when each piece
 * of the body arrives: how a test sees a segment being delivered while it is written.
 */
export function readTimed(url: string, timeoutMs = 15_000): Promise<TimedAnswer> {
  return new Promise((resolve, reject) => {
    const askedAt = Date.now();
    const request = get(url, (res) => {
      const chunks: TimedAnswer['chunks'] = [];
      const finish = (endedAt: number | null) => {
        clearTimeout(timer);
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          chunks,
          askedAt,
          endedAt,
          body: new Uint8Array(Buffer.concat(chunks.map((c) => c.bytes))),
        });
      };
      res.on('data', (bytes: Buffer) => chunks.push({ at: Date.now(), bytes: new Uint8Array(bytes) }));
      res.on('end', () => finish(Date.now()));
      res.on('aborted', () => finish(null));
      res.on('error', () => finish(null));
    });
    const timer = setTimeout(() => {
      request.destroy();
      reject(new Error(`${url} did not finish within ${timeoutMs} ms`));
    }, timeoutMs);
    request.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}
