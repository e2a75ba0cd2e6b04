import type { ResolvedLiveConfig } from './live.config.js';

/** The timing of one sample, which is all the timeline needs from a fragment. */
export interface SampleTiming {
  duration: number;
  sync: boolean;
}

/** A fragment as the timeline sees it: an id the caller chooses, its decode time and its samples. */
export interface FragmentTiming {
  id: number;
  /** Decode time of the first sample, ticks. */
  start: number;
  samples: readonly SampleTiming[];
}

/** Samples `[first, first + count)` of fragment `fragment`: a part is one or more of these, in order. */
export interface Chunk {
  fragment: number;
  first: number;
  count: number;
}

/** A finished part: `<msn>.<index>`, its decode-time span (ticks) and the samples it is made of. */
export interface Part {
  msn: number;
  index: number;
  start: number;
  duration: number;
  /** It starts with a sync sample: `INDEPENDENT=YES`. */
  independent: boolean;
  chunks: Chunk[];
}

/** A finished segment: its parts in order (empty once they are no longer kept), span in ticks, wall-clock start. */
export interface Segment {
  msn: number;
  start: number;
  duration: number;
  /** `EXT-X-PROGRAM-DATE-TIME`, milliseconds since the epoch. */
  programDateTime: number;
  /** It starts with a sync sample. Only a segment cut because keyframes stopped coming does not. */
  independent: boolean;
  parts: Part[];
  partCount: number;
}

/** The segment being filled: the parts finished so far. */
export interface OpenSegment {
  msn: number;
  start: number;
  programDateTime: number;
  independent: boolean;
  parts: Part[];
}

/** What one call changed: parts and segments finished, and what to delete from storage. */
export interface TimelineUpdate {
  parts: Part[];
  segments: Segment[];
  /** Segments that left the window, `deleteGrace` ago: delete the segment (and its parts if still stored). */
  expiredSegments: Segment[];
  /** Segments whose parts are no longer listed nor kept: delete `<msn>.0` … `<msn>.<partCount - 1>`. */
  expiredParts: { msn: number; partCount: number }[];
  /** Leading samples dropped because no keyframe had come yet. */
  dropped: number;
}

/** A segment announced before it is finished: where it starts and how long it is expected to be, ticks. */
export interface ExpectedSegment {
  msn: number;
  start: number;
  duration: number;
}

/** Maps media time to wall-clock time: `wallclock` (ms since the epoch) is when media time `mediaTime` (s) arrived. */
export interface Epoch {
  wallclock: number;
  mediaTime: number;
}

/** A keyframe this close before a segment boundary still starts the segment (timestamp rounding), seconds. */
const BOUNDARY_TOLERANCE = 0.01;

/**
 * The part and segment timeline of one rendition, planned from decode times only (never the wall clock). A part closes
 * before a sample that would take it past `partTarget` (a fragment may be split between parts), or at the end of a
 * fragment when a next fragment as long would not fit: parts follow the fragments, and each lands as soon as its
 * last fragment does, never waiting for the next one. Segments start at
 * the first sync sample at or after each multiple of `segmentTarget`, or are cut before they would round past the
 * target duration. Keeps `dvrWindow` of segments. Pure: no I/O, no clock.
 */
export class LiveTimeline {
  private readonly list: Segment[] = [];
  private current: OpenSegment | null = null;
  private currentDuration = 0;
  private pending: { start: number; duration: number; independent: boolean; chunks: Chunk[] } | null = null;
  private nextMsn = 0;
  private nextBoundary = 0;
  private readonly left: Segment[] = [];
  private readonly partsKept: Segment[] = [];
  private done = false;
  /** Leading samples are dropped until a sync sample: at the start, and after a cut. */
  private needSync = true;
  private readonly partTicks: number;
  /** The usual sample duration, ticks (the last fragment's average): the grid expected segment ends are laid on. */
  private sampleTicks = 0;

  constructor(
    readonly timescale: number,
    private readonly config: ResolvedLiveConfig,
    private readonly epoch: Epoch,
  ) {
    this.partTicks = Math.floor(config.partTarget * timescale + 1e-9);
  }

  /** Finished segments still in the window, oldest first. */
  get segments(): readonly Segment[] {
    return this.list;
  }

  /** The segment being filled, if a sample has started it. */
  get open(): OpenSegment | null {
    return this.current;
  }

  get ended(): boolean {
    return this.done;
  }

  /** The last finished part: `LAST-MSN` / `LAST-PART` of a rendition report. */
  lastPart(): Part | null {
    const parts = this.current?.parts.length ? this.current.parts : this.list[this.list.length - 1]?.parts;
    return parts?.[parts.length - 1] ?? null;
  }

  /**
   * The part that will land next (the preload hint), or null once ended. When the open segment has reached a segment
   * boundary with no part pending, that is the first part of the next segment (keyframes are expected there).
   */
  nextPart(): { msn: number; index: number } | null {
    if (this.done) return null;
    const open = this.current;
    if (!open) return { msn: this.nextMsn, index: 0 };
    const end = open.start + this.currentDuration;
    if (!this.pending && end >= this.boundaryTicks() - BOUNDARY_TOLERANCE * this.timescale) {
      return { msn: open.msn + 1, index: 0 };
    }
    return { msn: open.msn, index: open.parts.length };
  }

  /** A finished part still listed or kept, by its numbers. */
  part(msn: number, index: number): Part | null {
    const parts = this.current?.msn === msn ? this.current.parts : this.segment(msn)?.parts;
    return parts?.[index] ?? null;
  }

  /** A finished segment still in the window. */
  segment(msn: number): Segment | null {
    const first = this.list[0];
    return first ? (this.list[msn - first.msn] ?? null) : null;
  }

  /**
   * The segment being written and the one after it, with the spans they are expected to have: each ends a sample
   * after the first one (on the grid of the usual sample duration) at or after the segment boundary that will cut
   * it, and is never longer than a segment may be. What a low-latency DASH manifest announces before they finish; the spans they
   * really have replace these once they do (they differ only when the input restarts, or a keyframe comes late). Empty
   * while no segment is open, and once ended.
   */
  expectedSegments(): ExpectedSegment[] {
    const open = this.current;
    if (this.done || !open || this.sampleTicks <= 0) return [];
    const written = this.currentDuration + (this.pending?.duration ?? 0);
    const end = this.expectedEnd(open.start, written);
    const after = this.expectedEnd(end, 0);
    return [
      { msn: open.msn, start: open.start, duration: end - open.start },
      { msn: open.msn + 1, start: end, duration: after - end },
    ];
  }

  /** The fragments the unfinished part takes samples from: the caller keeps their bytes until it closes. */
  pendingFragments(): number[] {
    return [...new Set(this.pending?.chunks.map((c) => c.fragment) ?? [])];
  }

  /** Adds the next fragment; returns the parts and segments it finished. Throws once ended. */
  push(fragment: FragmentTiming): TimelineUpdate {
    if (this.done) throw new Error('the timeline has ended');
    const update = emptyUpdate();
    let t = fragment.start;
    const tolerance = BOUNDARY_TOLERANCE * this.timescale;
    const tooLong = (this.config.targetDuration + 0.5) * this.timescale;
    fragment.samples.forEach((s, i) => {
      if (!this.current) {
        if (this.needSync && !s.sync) {
          update.dropped++;
          t += s.duration;
          return;
        }
        this.needSync = false;
        this.startSegment(t, s.sync);
      } else {
        const atBoundary = s.sync && t >= this.boundaryTicks() - tolerance;
        const filled = this.currentDuration + (this.pending?.duration ?? 0) + s.duration >= tooLong;
        if (atBoundary || filled) {
          this.closePart(update);
          this.closeSegment(update);
          this.startSegment(t, s.sync);
        }
      }
      if (this.pending && this.pending.duration + s.duration > this.partTicks) this.closePart(update);
      this.addSample(fragment.id, i, t, s);
      t += s.duration;
    });
    // Close the part now if the next fragment, as long as this one, would not fit: it lands without waiting for it.
    const length = fragment.samples.reduce((n, s) => n + s.duration, 0);
    if (fragment.samples.length > 0 && length > 0) this.sampleTicks = length / fragment.samples.length;
    if (this.pending && this.pending.duration + length > this.partTicks) this.closePart(update);
    this.trim(update);
    return update;
  }

  /**
   * The input starts again (a restarted source): closes the open part and segment now, whatever their length; the
   * next segment starts at the next sync sample, where the new input's time says.
   */
  cut(): TimelineUpdate {
    const update = emptyUpdate();
    if (this.done) return update;
    this.closePart(update);
    this.closeSegment(update);
    this.needSync = true;
    this.trim(update);
    return update;
  }

  /** End of stream: closes the open part and segment. */
  end(): TimelineUpdate {
    const update = emptyUpdate();
    if (this.done) return update;
    this.closePart(update);
    this.closeSegment(update);
    this.done = true;
    this.trim(update);
    return update;
  }

  /**
   * Where a segment starting at `start` (ticks) with `written` ticks of samples so far is expected to end: at the
   * first multiple of the usual sample duration (counted from its start) at or after its boundary less the tolerance,
   * past what it holds (a boundary it went past without a keyframe gives way to the next one), and one sample more:
   * never earlier than it really ends, for a player that asks for the next segment at the end it was told (dash.js
   * adds 10 ms: told an end a frame early, it would ask for the same segment again). Never past the longest segment
   * allowed, where the cut is certain.
   */
  private expectedEnd(start: number, written: number): number {
    const step = this.sampleTicks;
    const target = this.config.segmentTarget * this.timescale;
    const tolerance = BOUNDARY_TOLERANCE * this.timescale;
    let boundary = (Math.floor((start / this.timescale + BOUNDARY_TOLERANCE) / this.config.segmentTarget) + 1) * target;
    while (start + written - step >= boundary - tolerance) boundary += target;
    const samples = Math.max(Math.ceil((boundary - tolerance - start) / step - 1e-9), Math.ceil(written / step - 1e-9));
    // As `push` cuts: before the sample that would take the segment to the target duration and a half.
    const most = Math.max(1, Math.ceil((this.config.targetDuration + 0.5) * (this.timescale / step) - 1e-9) - 1);
    return start + Math.round(Math.max(1, Math.min(samples + 1, most)) * step);
  }

  private boundaryTicks(): number {
    return this.nextBoundary * this.config.segmentTarget * this.timescale;
  }

  private startSegment(t: number, independent: boolean): void {
    const seconds = t / this.timescale;
    this.current = {
      msn: this.nextMsn++,
      start: t,
      programDateTime: Math.round(this.epoch.wallclock + (seconds - this.epoch.mediaTime) * 1000),
      independent,
      parts: [],
    };
    this.currentDuration = 0;
    this.nextBoundary = Math.floor((seconds + BOUNDARY_TOLERANCE) / this.config.segmentTarget) + 1;
  }

  private addSample(fragment: number, index: number, t: number, s: SampleTiming): void {
    if (!this.pending) this.pending = { start: t, duration: 0, independent: s.sync, chunks: [] };
    const last = this.pending.chunks[this.pending.chunks.length - 1];
    if (last && last.fragment === fragment && last.first + last.count === index) last.count++;
    else this.pending.chunks.push({ fragment, first: index, count: 1 });
    this.pending.duration += s.duration;
  }

  private closePart(update: TimelineUpdate): void {
    if (!this.pending || !this.current) return;
    const part: Part = { msn: this.current.msn, index: this.current.parts.length, ...this.pending };
    this.current.parts.push(part);
    this.currentDuration += part.duration;
    this.pending = null;
    update.parts.push(part);
  }

  private closeSegment(update: TimelineUpdate): void {
    const open = this.current;
    this.current = null;
    if (!open || open.parts.length === 0) return;
    const segment: Segment = { ...open, duration: this.currentDuration, partCount: open.parts.length };
    this.list.push(segment);
    this.partsKept.push(segment);
    update.segments.push(segment);
  }

  /** Moves segments out of the window, then reports what has been out long enough to delete. */
  private trim(update: TimelineUpdate): void {
    const last = this.list[this.list.length - 1];
    if (!last) return;
    const edge = (last.start + last.duration) / this.timescale;
    const end = (s: Segment) => (s.start + s.duration) / this.timescale;
    const { dvrWindow, deleteGrace, partWindow } = this.config;
    while (this.list[0] && end(this.list[0]) <= edge - dvrWindow) this.left.push(this.list.shift()!);
    while (this.left[0] && end(this.left[0]) <= edge - dvrWindow - deleteGrace) {
      update.expiredSegments.push(this.left.shift()!);
    }
    // Parts are kept twice as long as they are listed, for players a little behind; then their memory goes too.
    while (this.partsKept[0] && end(this.partsKept[0]) <= edge - 2 * partWindow) {
      const segment = this.partsKept.shift()!;
      update.expiredParts.push({ msn: segment.msn, partCount: segment.partCount });
      segment.parts = [];
    }
  }
}

function emptyUpdate(): TimelineUpdate {
  return { parts: [], segments: [], expiredSegments: [], expiredParts: [], dropped: 0 };
}
