import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { resolveLiveConfig } from './live.config.js';
import { type FragmentTiming, LiveTimeline, type Part, type Segment, type TimelineUpdate } from './live.timeline.js';

const epoch = { wallclock: Date.UTC(2025, 0, 1), mediaTime: 0 };

/** Fragments of `perFragment` samples of `duration` ticks, a sync sample every `gop` (every sample when gop is 1). */
function fragments(count: number, perFragment: number, duration: number, gop: number, from = 0): FragmentTiming[] {
  return Array.from({ length: count }, (_, f) => ({
    id: from + f,
    start: (from + f) * perFragment * duration,
    samples: Array.from({ length: perFragment }, (_, i) => ({
      duration,
      sync: ((from + f) * perFragment + i) % gop === 0,
    })),
  }));
}

function run(timeline: LiveTimeline, input: FragmentTiming[], end = true): TimelineUpdate[] {
  const updates = input.map((f) => timeline.push(f));
  if (end) updates.push(timeline.end());
  return updates;
}

const merged = (updates: TimelineUpdate[]) => ({
  parts: updates.flatMap((u) => u.parts),
  segments: updates.flatMap((u) => u.segments),
  expiredSegments: updates.flatMap((u) => u.expiredSegments.map((s) => s.msn)),
  expiredParts: updates.flatMap((u) => u.expiredParts),
});

describe('LiveTimeline', () => {
  it('cuts the open segment short where the input restarts, and starts the next at its first sync sample', () => {
    const timeline = new LiveTimeline(15360, resolveLiveConfig(), epoch);
    const before = merged(run(timeline, fragments(3, 6, 512, 30), false));
    const cut = timeline.cut();
    expect(cut.segments).toEqual([expect.objectContaining({ msn: 0, start: 0, duration: 3 * 3072, partCount: 3 })]);
    expect(before.segments).toEqual([]);
    // The new input starts 2 s in; its first fragment opens on a non-sync sample, which is dropped.
    const resumed = fragments(5, 6, 512, 30, 10).map((f, i) =>
      i === 0 ? { ...f, samples: [{ duration: 512, sync: false }, ...f.samples.slice(1)] } : f,
    );
    resumed[0]!.samples = resumed[0]!.samples.map((s, i) => (i === 1 ? { ...s, sync: true } : s));
    const after = run(timeline, resumed);
    expect(after[0]!.dropped).toBe(1);
    const segments = merged(after).segments;
    expect(segments.map((s) => [s.msn, s.start, s.independent])).toEqual([[1, 10 * 3072 + 512, true]]);
    expect(segments[0]!.programDateTime).toBe(epoch.wallclock + Math.round(((10 * 3072 + 512) / 15360) * 1000));
  });

  it('makes 200 ms parts of 200 ms fragments, each as soon as it lands, and 1 s segments at the keyframes', () => {
    const timeline = new LiveTimeline(15360, resolveLiveConfig(), epoch);
    const updates = run(timeline, fragments(10, 6, 512, 30));
    expect(updates.slice(0, 10).map((u) => u.parts.length)).toEqual(Array(10).fill(1));
    expect(updates.map((u) => u.segments.map((s) => s.msn))).toEqual([[], [], [], [], [], [0], [], [], [], [], [1]]);
    const [first, second] = merged(updates).segments as [Segment, Segment];
    const part = (msn: number, index: number, independent: boolean): Part => ({
      msn,
      index,
      start: (msn * 5 + index) * 3072,
      duration: 3072,
      independent,
      chunks: [{ fragment: msn * 5 + index, first: 0, count: 6 }],
    });
    expect(first).toEqual({
      msn: 0,
      start: 0,
      duration: 15360,
      programDateTime: epoch.wallclock,
      independent: true,
      partCount: 5,
      parts: [part(0, 0, true), part(0, 1, false), part(0, 2, false), part(0, 3, false), part(0, 4, false)],
    });
    expect(second).toMatchObject({ msn: 1, start: 15360, duration: 15360, programDateTime: epoch.wallclock + 1000 });
    expect(timeline.ended).toBe(true);
    expect(timeline.nextPart()).toBeNull();
    expect(() => timeline.push(fragments(1, 6, 512, 30, 10)[0]!)).toThrow(/ended/);
  });

  it('follows 192 ms AAC fragments and cuts segments within a frame of each second, splitting that fragment', () => {
    const timeline = new LiveTimeline(48000, resolveLiveConfig(), epoch);
    const updates = run(timeline, fragments(17, 9, 1024, 1));
    // Each fragment's part lands with it.
    expect(updates.slice(0, 17).every((u) => u.parts.length >= 1)).toBe(true);
    const { parts, segments } = merged(updates);
    expect(parts.every((p) => p.independent && p.duration <= 9600)).toBe(true);
    // The first sample at or after 1 s is sample 47 (1.0027 s), after 2 s sample 94 (2.0053 s), after 3 s sample 141.
    expect(segments.map((s) => [s.start / 1024, s.duration / 1024])).toEqual([
      [0, 47],
      [47, 47],
      [94, 47],
      [141, 12],
    ]);
    expect(segments[0]!.parts.map((p) => p.duration / 1024)).toEqual([9, 9, 9, 9, 9, 2]);
    expect(segments[1]!.parts.map((p) => p.duration / 1024)).toEqual([7, 9, 9, 9, 9, 4]);
    expect(segments[1]!.parts[0]!.chunks).toEqual([{ fragment: 5, first: 2, count: 7 }]);
  });

  it('splits fragments longer than the part target, the rest of each a part of its own', () => {
    const timeline = new LiveTimeline(48000, resolveLiveConfig(), epoch);
    const { segments } = merged(run(timeline, fragments(5, 10, 1024, 1)));
    expect(segments[0]!.parts.map((p) => p.duration / 1024)).toEqual([9, 1, 9, 1, 9, 1, 9, 1, 7]);
    expect(segments[0]!.parts[1]!.chunks).toEqual([{ fragment: 0, first: 9, count: 1 }]);
  });

  it('waits for more fragments while a part still has room, and says which fragments it holds', () => {
    const timeline = new LiveTimeline(15360, resolveLiveConfig(), epoch);
    const input = fragments(4, 3, 512, 30);
    expect(timeline.push(input[0]!).parts).toEqual([]);
    expect(timeline.pendingFragments()).toEqual([0]);
    expect(timeline.push(input[1]!).parts.map((p) => p.chunks)).toEqual([
      [
        { fragment: 0, first: 0, count: 3 },
        { fragment: 1, first: 0, count: 3 },
      ],
    ]);
    expect(timeline.pendingFragments()).toEqual([]);
    expect(timeline.lastPart()).toMatchObject({ msn: 0, index: 0 });
    expect(timeline.nextPart()).toEqual({ msn: 0, index: 1 });
  });

  it('drops samples before the first keyframe', () => {
    const timeline = new LiveTimeline(15360, resolveLiveConfig(), epoch);
    const input = fragments(6, 6, 512, 30, 0).map((f) => ({
      ...f,
      samples: f.samples.map((s, i) => ({ ...s, sync: f.id === 2 && i === 3 })),
    }));
    const updates = run(timeline, input);
    expect(updates[0]!.dropped + updates[1]!.dropped + updates[2]!.dropped).toBe(15);
    expect(merged(updates).segments[0]).toMatchObject({ msn: 0, start: 15 * 512, independent: true });
  });

  it('cuts a segment without a keyframe rather than let it round past the target duration', () => {
    const timeline = new LiveTimeline(15360, resolveLiveConfig(), epoch);
    const { segments } = merged(run(timeline, fragments(20, 6, 512, 60)));
    // 45 frames would make 1.5 s, which rounds to 2: the segment ends after 44 and the next one starts mid-GOP.
    expect(segments.map((s) => [s.duration / 512, s.independent])).toEqual([
      [44, true],
      [16, false],
      [44, true],
      [16, false],
    ]);
  });

  it('keeps a DVR window, lists parts only for recent segments and reports what to delete after the grace', () => {
    const config = resolveLiveConfig({ dvrWindow: 6, deleteGrace: 2 });
    const timeline = new LiveTimeline(15360, config, epoch);
    const { expiredSegments, expiredParts } = merged(run(timeline, fragments(100, 6, 512, 30), false));
    // 20 s pushed: 19 finished segments (the 20th is open), the window holds those ending after 19 - 6 = 13 s.
    expect(timeline.segments.map((s) => s.msn)).toEqual([13, 14, 15, 16, 17, 18]);
    expect(expiredSegments).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(expiredParts.map((p) => p.msn)).toEqual(Array.from({ length: 13 }, (_, i) => i));
    expect(expiredParts.every((p) => p.partCount === 5)).toBe(true);
    // Parts are kept for twice the part window (3 s): segments ending after 13 s keep theirs.
    expect(timeline.segment(13)?.parts).toHaveLength(5);
    expect(timeline.segment(12)).toBeNull();
    expect(timeline.part(19, 4)).toMatchObject({ msn: 19, index: 4 });
  });
});

describe('LiveTimeline invariants', () => {
  it('holds for any frame rate, fragment length, GOP and part target', () => {
    fc.assert(
      fc.property(
        fc.record({
          timescale: fc.constantFrom(15360, 30000, 48000, 90000),
          fps: fc.constantFrom(24, 25, 29.97, 30, 46.875, 50, 60),
          perFragment: fc.integer({ min: 1, max: 40 }),
          gopSeconds: fc.constantFrom(0.5, 1, 2),
          partTarget: fc.constantFrom(0.2, 0.25, 0.333, 0.5),
          fragments: fc.integer({ min: 1, max: 80 }),
        }),
        (p) => {
          const config = resolveLiveConfig({ partTarget: p.partTarget, dvrWindow: 3600 });
          const duration = Math.round(p.timescale / p.fps);
          const gop = Math.max(1, Math.round(p.gopSeconds * p.fps));
          const input = fragments(p.fragments, p.perFragment, duration, gop);
          const timeline = new LiveTimeline(p.timescale, config, epoch);
          const { parts, segments } = merged(run(timeline, input));
          const partTicks = p.partTarget * p.timescale;
          for (const part of parts) expect(part.duration <= partTicks || part.duration === duration).toBe(true);
          let expected = 0;
          // Every sample lands in exactly one part, in order.
          const covered = parts.flatMap((part) =>
            part.chunks.flatMap((c) =>
              Array.from({ length: c.count }, (_, i) => c.fragment * p.perFragment + c.first + i),
            ),
          );
          expect(covered).toEqual(Array.from({ length: covered.length }, (_, i) => i + (covered[0] ?? 0)));
          segments.forEach((s, i) => {
            expect(s.msn).toBe(i);
            // Parts of old segments are dropped from the segment once expired: check those the updates reported.
            const own = parts.filter((part) => part.msn === s.msn);
            expect(own.map((part) => part.index)).toEqual(own.map((_, k) => k));
            expect(own.length).toBe(s.partCount);
            expect(own.reduce((n, part) => n + part.duration, 0)).toBe(s.duration);
            expect(Math.round(s.duration / p.timescale)).toBeLessThanOrEqual(config.targetDuration);
            if (i > 0) expect(s.start).toBe(expected);
            expected = s.start + s.duration;
          });
        },
      ),
      { numRuns: 200 },
    );
  });
});
