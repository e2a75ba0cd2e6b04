import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Journal, JournalEntry, JournalLimits } from './types.js';

export type OpenJournal = (limits: JournalLimits) => Promise<Journal>;

const limits: JournalLimits = { maxEntries: 100, idleMs: 60_000 };

/** The journal contract: the in-memory one and Redis both run it. */
export function journalContract(name: string, open: OpenJournal): void {
  describe(`Journal contract: ${name}`, () => {
    let journal: Journal;
    let key: string;

    beforeEach(async () => {
      key = `fctest-${randomUUID().slice(0, 8)}`;
      journal = await open(limits);
    });
    afterEach(async () => {
      await journal.close();
    });

    const appendAll = async (count: number, at = key) => {
      const out: JournalEntry[] = [];
      for (let i = 0; i < count; i++) out.push(await journal.append(at, `d${i}`));
      return out;
    };

    it('numbers entries one after another from a number taken from the clock', async () => {
      const before = Date.now() * 1000;
      const entries = await appendAll(5);
      const ids = entries.map((e) => Number(e.id));
      expect(ids[0]).toBeGreaterThanOrEqual(before - 5_000_000);
      expect(ids[0]).toBeLessThanOrEqual(Date.now() * 1000);
      expect(ids).toEqual(ids.map((_, i) => ids[0]! + i));
      expect(entries.map((e) => e.id.length)).toEqual(entries.map(() => 16));
      expect((await journal.latest(key, 3)).map((e) => e.data)).toEqual(['d2', 'd3', 'd4']);
      expect((await journal.latest(key, 50)).map((e) => e.id)).toEqual(entries.map((e) => e.id));
      expect(await journal.latest(`${key}-none`, 3)).toEqual([]);
    });

    it('reads back every entry after a given one, in order, or says the place is gone', async () => {
      const entries = await appendAll(6);
      expect(await journal.after(key, entries[2]!.id)).toEqual({ kind: 'entries', entries: entries.slice(3) });
      expect(await journal.after(key, entries[5]!.id)).toEqual({ kind: 'entries', entries: [] });
      // Not a number of this log's life: before it, after its end, or no number at all.
      expect(await journal.after(key, String(Number(entries[0]!.id) - 1))).toEqual({ kind: 'gone' });
      expect(await journal.after(key, String(Number(entries[5]!.id) + 1))).toEqual({ kind: 'gone' });
      expect(await journal.after(key, 'abc')).toEqual({ kind: 'gone' });
      expect(await journal.after(`${key}-none`, entries[0]!.id)).toEqual({ kind: 'gone' });
    });

    it('keeps the latest entries only: a place older than what is kept is gone', async () => {
      const small = await open({ maxEntries: 10, idleMs: 60_000 });
      try {
        const entries: JournalEntry[] = [];
        for (let i = 0; i < 400; i++) entries.push(await small.append(key, `d${i}`));
        const kept = await small.latest(key, 1000);
        expect(kept.length).toBeGreaterThanOrEqual(10);
        expect(kept.length).toBeLessThan(400);
        expect(await small.after(key, entries[0]!.id)).toEqual({ kind: 'gone' });
        const recent = await small.after(key, entries[394]!.id);
        expect(recent).toEqual({ kind: 'entries', entries: entries.slice(395) });
      } finally {
        await small.close();
      }
    });

    it('delivers what is appended to every follower, in order, once, and nothing of other logs', async () => {
      await appendAll(2);
      const first: string[] = [];
      const second: string[] = [];
      const stopFirst = await journal.follow(key, (e) => first.push(e.data));
      await journal.follow(key, (e) => second.push(e.data));
      await appendAll(3, `${key}-other`);
      const entries = await appendAll(30);
      const sent = entries.map((e) => e.data);
      await vi.waitFor(() => expect(first).toEqual(sent));
      await vi.waitFor(() => expect(second).toEqual(sent));
      await stopFirst();
      await journal.append(key, 'after');
      await vi.waitFor(() => expect(second.at(-1)).toBe('after'));
      await sleep(30);
      expect(first).toEqual(sent);
    });

    it('begins a new life, numbered higher, once a log was idle too long', async () => {
      const short = await open({ maxEntries: 10, idleMs: 200 });
      try {
        const old = await short.append(key, 'old');
        await sleep(400);
        const fresh = await short.append(key, 'new');
        expect(Number(fresh.id)).toBeGreaterThan(Number(old.id));
        expect(await short.after(key, old.id)).toEqual({ kind: 'gone' });
        expect((await short.latest(key, 10)).map((e) => e.data)).toEqual(['new']);
      } finally {
        await short.close();
      }
    });
  });
}
