import { Transform } from 'node:stream';

/** Passes bytes through and fails the stream with `onExceeded()` once more than `limit` bytes went by. */
export function byteLimit(limit: number, onExceeded: () => Error): Transform & { bytes(): number } {
  let seen = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      if (seen > limit) done(onExceeded());
      else done(null, chunk);
    },
  });
  return Object.assign(stream, { bytes: () => seen });
}
