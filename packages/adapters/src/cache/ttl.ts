/** A time to live must be a positive number of milliseconds (Redis refuses anything else); fractions round up. */
export function checkTtl(ttlMs: number): number {
  if (!Number.isFinite(ttlMs) || ttlMs <= 0) {
    throw new RangeError(`A time to live must be a positive number of milliseconds, not ${ttlMs}.`);
  }
  return Math.ceil(ttlMs);
}
