import { InvalidKeyError, RangeNotSatisfiableError } from './storage.errors.js';
import type { ByteRange } from './types.js';

const MAX_KEY_BYTES = 1024;

/** Why a key is refused, or null when it is a valid `/`-separated relative path. */
export function keyProblem(key: string): string | null {
  if (key === '') return 'it is empty';
  if (key.includes('\0')) return 'it contains a NUL character';
  if (key.startsWith('/')) return 'it starts with "/"';
  if (key.includes('\\')) return 'it contains a backslash';
  if (Buffer.byteLength(key) > MAX_KEY_BYTES) return `it is longer than ${MAX_KEY_BYTES} bytes`;
  const segments = key.split('/');
  if (segments.some((s) => s === '..' || s === '.')) return 'it contains a "." or ".." segment';
  // A trailing "/" names a folder, not an object; "a//b" would be one object on S3 and another on disk.
  if (segments.some((s) => s === '')) return 'it contains an empty segment';
  return null;
}

export function assertKey(key: string): void {
  const problem = keyProblem(key);
  if (problem) throw new InvalidKeyError(key, problem);
}

/** A folder-like prefix: a valid key followed by "/" (`videos/v1/`). */
export function assertPrefix(prefix: string): void {
  if (!prefix.endsWith('/')) throw new InvalidKeyError(prefix, 'a prefix must end with "/"');
  const problem = keyProblem(prefix.slice(0, -1));
  if (problem) throw new InvalidKeyError(prefix, problem);
}

/** Checks a range before the size is known: whole non-negative numbers with start <= end. */
export function assertRangeShape(key: string, range: ByteRange): void {
  const { start, end } = range;
  const whole = (n: number) => Number.isSafeInteger(n) && n >= 0;
  if (!whole(start) || (end !== undefined && (!whole(end) || end < start))) {
    throw new RangeNotSatisfiableError(key);
  }
}

/** The inclusive byte span a range selects in an object of `size` bytes (an end past the last byte is clipped). */
export function resolveRange(key: string, size: number, range: ByteRange): { start: number; end: number } {
  assertRangeShape(key, range);
  if (range.start >= size) throw new RangeNotSatisfiableError(key, size);
  return { start: range.start, end: Math.min(range.end ?? size - 1, size - 1) };
}
