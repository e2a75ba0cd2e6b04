import type { Position } from '@framecast/contracts';

export interface BufferLimits {
  /** At most this many messages are kept… */
  maxMessages: number;
  /** …and none older than this. */
  maxAgeMs: number;
}

interface Entry {
  seq: number;
  at: number;
  frame: Buffer;
}

/** Where a resuming subscriber stands: what to replay, or `reload` when the gap cannot be filled. */
export type Resume = { kind: 'replay'; frames: Buffer[] } | { kind: 'reload' };

/**
 * The recent messages of one topic at one hub, numbered from 1 within an epoch (a new buffer, a new epoch). Frames
 * are kept serialised, so a replay writes the same bytes the live delivery did.
 */
export function createTopicBuffer(epoch: string, limits: BufferLimits) {
  const entries: Entry[] = [];
  let seq = 0;

  const trim = (now: number) => {
    let drop = Math.max(0, entries.length - limits.maxMessages);
    while (drop < entries.length && now - entries[drop]!.at > limits.maxAgeMs) drop++;
    if (drop > 0) entries.splice(0, drop);
  };

  return {
    epoch,
    /** The sequence number of the last message. */
    get seq() {
      return seq;
    },
    /** Numbers the next message, lets `build` serialise it with its number, and keeps it. */
    append(build: (seq: number) => Buffer, now: number): Buffer {
      seq += 1;
      const frame = build(seq);
      entries.push({ seq, at: now, frame });
      trim(now);
      return frame;
    },
    /** The messages after `since`, in order, when they are all still here; `reload` otherwise. */
    resume(since: Position, now: number): Resume {
      trim(now);
      if (since.epoch !== epoch || since.seq > seq) return { kind: 'reload' };
      const oldest = entries[0]?.seq ?? seq + 1;
      if (since.seq + 1 < oldest) return { kind: 'reload' };
      return { kind: 'replay', frames: entries.filter((e) => e.seq > since.seq).map((e) => e.frame) };
    },
  };
}

export type TopicBuffer = ReturnType<typeof createTopicBuffer>;
