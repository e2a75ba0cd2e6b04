import { describe, expect, it } from 'vitest';
import { createFollower, decodePublished } from './journal.follow.js';
import type { JournalEntry, JournalRead } from './types.js';

const entry = (id: number, start = 100): { id: string; start: string; data: string } => ({
  id: String(id),
  start: String(start),
  data: `d${id}`,
});

function follower(log: JournalEntry[], gone = false) {
  const seen: string[] = [];
  let lost = 0;
  const f = createFollower({
    handler: (e) => seen.push(e.id),
    onLost: () => lost++,
    readAfter: async (after): Promise<JournalRead> =>
      gone ? { kind: 'gone' } : { kind: 'entries', entries: log.filter((e) => Number(e.id) > Number(after)) },
    onError: (err) => {
      throw err;
    },
  });
  return { f, seen, lost: () => lost };
}

describe('a journal follower', () => {
  it('reads back a gap from the log before delivering on, skipping what it already has', async () => {
    const log = [101, 102, 103, 104, 105].map((id) => ({ id: String(id), data: `d${id}` }));
    const { f, seen } = follower(log);
    f.begin('100', '100');
    f.receive(entry(101));
    f.receive(entry(104));
    f.receive(entry(102));
    f.receive(entry(105));
    await f.settled();
    expect(seen).toEqual(['101', '102', '103', '104', '105']);
  });

  it('reads back what a reconnect may have lost', async () => {
    const log = [101, 102, 103].map((id) => ({ id: String(id), data: `d${id}` }));
    const { f, seen } = follower(log);
    f.begin('101', '100');
    f.reconnected();
    await f.settled();
    expect(seen).toEqual(['102', '103']);
  });

  it('says the gap is lost when the log no longer has it, and follows a new life of the log', async () => {
    const { f, seen, lost } = follower([], true);
    f.begin('100', '100');
    f.receive(entry(150));
    await f.settled();
    expect(lost()).toBe(1);
    f.receive(entry(900, 900));
    await f.settled();
    expect(lost()).toBe(2);
    // What revealed the gap is delivered after the loss is told.
    expect(seen).toEqual(['150', '900']);
  });

  it('decodes what travels on pub/sub, data spaces and all', () => {
    expect(decodePublished('7 5 a b c')).toEqual({ id: '7', start: '5', data: 'a b c' });
    expect(decodePublished('garbage')).toBeNull();
  });
});
