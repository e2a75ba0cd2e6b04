/** Counts events in fixed windows: `hit` is false once more than `limit` fell in the current window. Pure but for `now`. */
export function createRateWindow(limit: number, windowMs = 1_000) {
  let start = Number.NEGATIVE_INFINITY;
  let count = 0;
  return {
    hit(now: number): boolean {
      if (now - start >= windowMs) {
        start = now;
        count = 0;
      }
      count += 1;
      return count <= limit;
    },
  };
}
