import { describe, expect, it } from 'vitest';
import { createTopicBuffer } from './topic.buffer.js';

const frame = (seq: number) => Buffer.from(`m${seq}`);
const text = (frames: Buffer[]) => frames.map((f) => f.toString());

function filled(count: number, limits = { maxMessages: 5, maxAgeMs: 1_000 }, at = (i: number) => i * 10) {
  const buffer = createTopicBuffer('e1', limits);
  for (let i = 1; i <= count; i++) buffer.append(frame, at(i));
  return buffer;
}

describe('topic buffer', () => {
  it('numbers messages from 1 and serialises each with its number', () => {
    const buffer = createTopicBuffer('e1', { maxMessages: 5, maxAgeMs: 1_000 });
    expect(buffer.seq).toBe(0);
    expect(buffer.append(frame, 0).toString()).toBe('m1');
    expect(buffer.append(frame, 0).toString()).toBe('m2');
    expect(buffer.seq).toBe(2);
  });

  it('replays exactly the messages after the position, in order', () => {
    const buffer = filled(4);
    expect(buffer.resume({ epoch: 'e1', seq: 1 }, 50)).toEqual({
      kind: 'replay',
      frames: [frame(2), frame(3), frame(4)],
    });
    expect(buffer.resume({ epoch: 'e1', seq: 4 }, 50)).toEqual({ kind: 'replay', frames: [] });
    expect(buffer.resume({ epoch: 'e1', seq: 0 }, 50)).toMatchObject({ kind: 'replay' });
  });

  it('keeps at most the count bound: an older position is a reload, the oldest kept one is not', () => {
    const buffer = filled(8);
    const resumed = buffer.resume({ epoch: 'e1', seq: 3 }, 90);
    expect(resumed.kind).toBe('replay');
    expect(resumed.kind === 'replay' && text(resumed.frames)).toEqual(['m4', 'm5', 'm6', 'm7', 'm8']);
    expect(buffer.resume({ epoch: 'e1', seq: 2 }, 90)).toEqual({ kind: 'reload' });
  });

  it('forgets messages older than the age bound', () => {
    const buffer = filled(3, { maxMessages: 100, maxAgeMs: 100 }, (i) => i * 100);
    // At 350: m1 (100) is 250 old, m2 (200) 150, m3 (300) 50.
    const resumed = buffer.resume({ epoch: 'e1', seq: 2 }, 350);
    expect(resumed.kind === 'replay' && text(resumed.frames)).toEqual(['m3']);
    expect(buffer.resume({ epoch: 'e1', seq: 1 }, 350)).toEqual({ kind: 'reload' });
    expect(buffer.resume({ epoch: 'e1', seq: 2 }, 1_000)).toEqual({ kind: 'reload' });
    expect(buffer.resume({ epoch: 'e1', seq: 3 }, 1_000)).toEqual({ kind: 'replay', frames: [] });
  });

  it('asks for a reload from another epoch or a position it never reached', () => {
    const buffer = filled(2);
    expect(buffer.resume({ epoch: 'e0', seq: 2 }, 20)).toEqual({ kind: 'reload' });
    expect(buffer.resume({ epoch: 'e1', seq: 3 }, 20)).toEqual({ kind: 'reload' });
  });
});
