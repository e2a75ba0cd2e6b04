import type { JournalEntry, JournalRead } from './types.js';

/** The first number of a log's life: the clock in milliseconds × 1000 (below 2^53 until the year 2255). */
export function lifeStart(nowMs: number): number {
  return Math.floor(nowMs) * 1000;
}

/**
 * What to answer for `after` (pure), given a log's life and the entries it keeps (oldest first, contiguous numbers).
 * Entries `after` +1 … last, or `gone` when `after` is not of this life or the first of them was trimmed.
 */
export function readAfter(
  log: { start: number; last: number; first: number | null },
  after: string,
  entries: () => JournalEntry[],
): JournalRead {
  if (!/^[0-9]{1,20}$/.test(after)) return { kind: 'gone' };
  const at = Number(after);
  if (at < log.start || at > log.last) return { kind: 'gone' };
  if (at === log.last) return { kind: 'entries', entries: [] };
  if (log.first === null || log.first > at + 1) return { kind: 'gone' };
  return { kind: 'entries', entries: entries().filter((e) => Number(e.id) > at) };
}
