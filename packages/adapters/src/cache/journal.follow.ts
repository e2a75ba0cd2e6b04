import type { JournalEntry, JournalRead } from './types.js';

/** What a published entry carries besides its data: its number and the first number of its log's life. */
export interface Published extends JournalEntry {
  start: string;
}

/** An entry as it travels on pub/sub: `<id> <start> <data>` (written by the append script). */
export function decodePublished(message: string): Published | null {
  const first = message.indexOf(' ');
  const second = message.indexOf(' ', first + 1);
  if (first < 1 || second < 0) return null;
  return { id: message.slice(0, first), start: message.slice(first + 1, second), data: message.slice(second + 1) };
}

/**
 * One follower's place in a log: delivers entries in order and once, filling a gap from the log. Work is chained,
 * so a read-back and the entries that arrive meanwhile stay in order.
 */
export function createFollower(deps: {
  handler: (entry: JournalEntry) => void;
  onLost?: () => void;
  readAfter: (after: string) => Promise<JournalRead>;
  onError: (error: unknown) => void;
}) {
  let last: number | null = null;
  let start: string | null = null;
  let chain: Promise<void> = Promise.resolve();
  let stopped = false;

  const deliver = (entry: JournalEntry) => {
    if (stopped) return;
    last = Number(entry.id);
    deps.handler({ id: entry.id, data: entry.data });
  };

  const catchUp = async () => {
    if (last === null) return;
    const read = await deps.readAfter(String(last));
    if (read.kind === 'gone') {
      deps.onLost?.();
      return;
    }
    for (const entry of read.entries) if (Number(entry.id) > (last ?? 0)) deliver(entry);
  };

  const run = (work: () => Promise<void> | void) => {
    chain = chain.then(work).catch(deps.onError);
  };

  return {
    /** Where following began: entries up to `id` are not delivered. */
    begin(id: string | null, lifeStart: string | null) {
      last = id === null ? null : Number(id);
      start = lifeStart;
    },
    receive(entry: Published) {
      run(async () => {
        const id = Number(entry.id);
        if (entry.start !== start) {
          // A new life of the log: what came before it cannot be read back any more.
          if (start !== null && last !== null) deps.onLost?.();
          start = entry.start;
          return deliver(entry);
        }
        if (last !== null && id <= last) return;
        if (last !== null && id > last + 1) await catchUp();
        if (last === null || id > last) deliver(entry);
      });
    },
    /** Pub/sub came back: what was published while it was away is read from the log. */
    reconnected() {
      run(catchUp);
    },
    stop() {
      stopped = true;
    },
    /** Resolves when everything received so far was handled. */
    settled: () => chain,
  };
}
