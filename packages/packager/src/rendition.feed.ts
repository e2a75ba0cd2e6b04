import type { Fragment } from './fmp4.fragment.js';
import { isSync } from './fmp4.fragment.js';
import type { InitSegment } from './fmp4.init.js';
import { Fmp4Reader, type ReaderLimits } from './fmp4.reader.js';
import { sliceFragment } from './fmp4.write.js';
import type { ResolvedLiveConfig } from './live.config.js';
import { contentTypes, liveLayout } from './live.layout.js';
import { type Epoch, LiveTimeline, type Part, type Segment, type TimelineUpdate } from './live.timeline.js';
import { concat, Mp4FormatError } from './mp4.boxes.js';
import { BitrateMeter, frameRateOf, type RenditionInfo, typicalDuration } from './rendition.info.js';

/** A write for the sink. */
export interface SinkWrite {
  key: string;
  bytes: Uint8Array;
  contentType: string;
}

/** What one chunk of input changed: writes and deletions for the sink, and the parts and segments finished. */
export interface FeedOutput {
  writes: SinkWrite[];
  deletes: string[];
  parts: { part: Part; bytes: number }[];
  segments: { segment: Segment; bytes: number }[];
  init: InitSegment | null;
}

/** A recorded segment: where it is stored and when it played, for remuxing the stream into a VOD later. */
export interface RecordedSegment {
  msn: number;
  key: string;
  /** Decode time of its first sample, seconds. */
  start: number;
  /** Seconds. */
  duration: number;
  /** Milliseconds since the epoch. */
  programDateTime: number;
  bytes: number;
  /** Deleted from storage since (it left the DVR window). */
  deleted: boolean;
}

/**
 * One rendition's pipeline from bytes to finished parts and segments: the reader, the timeline (started at the first
 * fragment, on the stream's shared epoch), the part bytes kept in memory while they are listed, and the recording.
 * No I/O: it returns what to write and delete.
 */
export class RenditionFeed {
  private reader: Fmp4Reader;
  /** Ticks added to every decode time: where the current input's zero lies on the rendition's timeline. */
  private shift = 0;
  /** Set by `restart` until the new input's first fragment: its time zero on the timeline, seconds. */
  private restartAt: number | null = null;
  /** Decode time (ticks, shifted) where the last fragment ended. */
  private lastEnd = 0;
  private initSegment: InitSegment | null = null;
  private line: LiveTimeline | null = null;
  private readonly fragments = new Map<number, Fragment>();
  private nextFragment = 0;
  private nextSequence = 1;
  private readonly partBytes = new Map<number, Uint8Array[]>();
  private readonly meter = new BitrateMeter();
  private frameRate: RenditionInfo['frameRate'] = null;
  readonly recording: RecordedSegment[] = [];

  constructor(
    readonly name: string,
    private readonly config: ResolvedLiveConfig,
    private readonly limits: ReaderLimits,
    /** The stream's epoch, fixed by the first fragment of any rendition: its arrival and its end's media time. */
    private readonly epoch: (mediaTime: number) => Epoch,
  ) {
    this.reader = new Fmp4Reader(limits);
  }

  get init(): InitSegment | null {
    return this.initSegment;
  }

  get timeline(): LiveTimeline | null {
    return this.line;
  }

  /** Feeds bytes of the rendition's stream. Throws `Mp4FormatError` on malformed input. */
  push(chunk: Uint8Array): FeedOutput {
    const out = emptyOutput();
    for (const item of this.reader.push(chunk)) {
      if (item.type === 'init' && this.initSegment) {
        if (!sameBytes(item.init.bytes, this.initSegment.bytes)) {
          throw new Mp4FormatError('the restarted transcoder wrote another init segment: the stream cannot go on');
        }
      } else if (item.type === 'init') {
        this.initSegment = item.init;
        out.init = item.init;
        out.writes.push({ key: liveLayout.init(this.name), bytes: item.init.bytes, contentType: this.contentType() });
      } else this.fragment(item.fragment, out);
    }
    return out;
  }

  /**
   * End of the rendition's stream: closes the open segment. `complete` checks the stream did not stop mid-box (it is
   * false when the packager stopped reading on purpose).
   */
  end(complete: boolean): FeedOutput {
    if (complete) this.reader.end();
    const out = emptyOutput();
    if (this.line) this.apply(this.line.end(), out);
    return out;
  }

  /**
   * The input starts again (its transcoder restarted): the bytes that follow are a new stream, init segment first (it
   * must be the same as the first one's), whose time zero lies `mediaTime` seconds into this rendition's timeline.
   * Closes the open segment there. A new stream that would start before the last one ended starts where it ended.
   */
  restart(mediaTime: number): FeedOutput {
    this.reader = new Fmp4Reader(this.limits);
    this.restartAt = mediaTime;
    const out = emptyOutput();
    if (this.line) this.apply(this.line.cut(), out);
    this.fragments.clear();
    return out;
  }

  /** Bytes of a part still kept in memory. */
  part(msn: number, index: number): Uint8Array | undefined {
    return this.partBytes.get(msn)?.[index];
  }

  /** Bytes of a finished segment whose parts are still in memory (their concatenation). */
  segment(msn: number): Uint8Array | undefined {
    return this.segmentInMemory(msn) ? concat(this.partBytes.get(msn)!) : undefined;
  }

  /** Whether a segment is finished and every part of it still in memory. */
  segmentInMemory(msn: number): boolean {
    const segment = this.line?.segment(msn);
    const parts = this.partBytes.get(msn);
    return segment !== null && segment !== undefined && parts !== undefined && parts.length === segment.partCount;
  }

  /** What the manifests say about this rendition, once its init segment has arrived. */
  info(): RenditionInfo | null {
    if (!this.initSegment) return null;
    return {
      name: this.name,
      init: this.initSegment,
      frameRate: this.frameRate,
      peakBitrate: this.meter.peak || this.meter.average,
      averageBitrate: this.meter.average,
    };
  }

  private contentType(): string {
    return contentTypes.media(this.initSegment?.kind ?? 'video');
  }

  private fragment(parsed: Fragment, out: FeedOutput): void {
    const init = this.initSegment!;
    if (parsed.samples.length === 0) return;
    if (this.restartAt !== null) {
      this.shift = Math.max(Math.round(this.restartAt * init.timescale), this.lastEnd - parsed.baseDecodeTime);
      this.restartAt = null;
    }
    const fragment = this.shift === 0 ? parsed : { ...parsed, baseDecodeTime: parsed.baseDecodeTime + this.shift };
    this.lastEnd = fragment.baseDecodeTime + fragment.duration;
    if (!this.line) {
      const end = (fragment.baseDecodeTime + fragment.duration) / init.timescale;
      this.line = new LiveTimeline(init.timescale, this.config, this.epoch(end));
    }
    if (init.kind === 'video' && !this.frameRate) {
      this.frameRate = frameRateOf(init.timescale, typicalDuration(fragment.samples.map((s) => s.duration)));
    }
    const id = this.nextFragment++;
    this.fragments.set(id, fragment);
    const samples = fragment.samples.map((s) => ({ duration: s.duration, sync: isSync(s.flags) }));
    this.apply(this.line.push({ id, start: fragment.baseDecodeTime, samples }), out);
    const pending = new Set(this.line.pendingFragments());
    for (const key of this.fragments.keys()) if (!pending.has(key)) this.fragments.delete(key);
  }

  private apply(update: TimelineUpdate, out: FeedOutput): void {
    const type = this.contentType();
    for (const part of update.parts) {
      const bytes = concat(
        part.chunks.map((c) => sliceFragment(this.fragments.get(c.fragment)!, c.first, c.count, this.nextSequence++)),
      );
      const list = this.partBytes.get(part.msn) ?? [];
      list[part.index] = bytes;
      this.partBytes.set(part.msn, list);
      out.writes.push({ key: liveLayout.part(this.name, part.msn, part.index), bytes, contentType: type });
      out.parts.push({ part, bytes: bytes.length });
    }
    const timescale = this.line!.timescale;
    for (const segment of update.segments) {
      const bytes = concat(this.partBytes.get(segment.msn) ?? []);
      const key = liveLayout.segment(this.name, segment.msn);
      out.writes.push({ key, bytes, contentType: type });
      out.segments.push({ segment, bytes: bytes.length });
      this.meter.add(bytes.length, segment.duration / timescale);
      this.recording.push({
        msn: segment.msn,
        key,
        start: segment.start / timescale,
        duration: segment.duration / timescale,
        programDateTime: segment.programDateTime,
        bytes: bytes.length,
        deleted: false,
      });
    }
    for (const { msn, partCount } of update.expiredParts) {
      this.partBytes.delete(msn);
      for (let i = 0; i < partCount; i++) out.deletes.push(liveLayout.part(this.name, msn, i));
    }
    for (const segment of update.expiredSegments) {
      out.deletes.push(liveLayout.segment(this.name, segment.msn));
      const recorded = this.recording[segment.msn - (this.recording[0]?.msn ?? 0)];
      if (recorded) recorded.deleted = true;
    }
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}

function emptyOutput(): FeedOutput {
  return { writes: [], deletes: [], parts: [], segments: [], init: null };
}
