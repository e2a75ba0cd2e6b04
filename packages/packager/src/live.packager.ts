import { defaultReaderLimits, type ReaderLimits } from './fmp4.reader.js';
import { type LiveConfig, LiveConfigError, type ResolvedLiveConfig, resolveLiveConfig } from './live.config.js';
import { contentTypes, liveLayout, RENDITION_NAME } from './live.layout.js';
import type { LiveResponse } from './live.response.js';
import { LiveServer } from './live.server.js';
import type { Epoch } from './live.timeline.js';
import { type FeedOutput, type RecordedSegment, RenditionFeed } from './rendition.feed.js';
import { type LiveSink, SinkQueue } from './sink.queue.js';

/**
 * Said between two byte streams of an input when its source (FFmpeg) restarted: what follows is a new fMP4 stream,
 * init segment first (the same as before), whose time zero lies `mediaTime` seconds into the rendition's timeline
 * (the first stream's zero). The open segment closes; viewers carry on from the new stream's first keyframe.
 */
export interface InputRestart {
  restart: true;
  mediaTime: number;
}

/**
 * One rendition's input: its name (a folder name: `720p`, `audio`) and FFmpeg's fragmented-MP4 byte stream, or
 * several of them one after another, each after an `InputRestart`.
 */
export interface LiveInput {
  name: string;
  stream: AsyncIterable<Uint8Array | InputRestart>;
}

/** A live stream's inputs, where its files go, and its timing rules. */
export interface LivePackagerOptions {
  inputs: readonly LiveInput[];
  sink: LiveSink;
  config?: Partial<LiveConfig>;
  limits?: Partial<ReaderLimits>;
  /** Bytes handed to the sink and not yet stored before the packager stops reading its inputs. 32 MiB. */
  maxPendingBytes?: number;
  /** Sink operations at once. 4. */
  sinkConcurrency?: number;
  /** The wall clock, milliseconds since the epoch. `Date.now`. */
  now?: () => number;
  /** The wall-clock time of a media time, for `PROGRAM-DATE-TIME`; by default, when the first fragment arrives. */
  epoch?: Epoch;
  /**
   * Where DASH players read the server's clock: a URL (relative to the MPD's) answering the time as ISO 8601 text,
   * named in the MPD's `UTCTiming` (`http-iso`). Without it the MPD carries the time it was made (`direct`).
   */
  clockUrl?: string;
}

/** A part finished (and was handed to the sink). */
export interface PartEvent {
  rendition: string;
  msn: number;
  index: number;
  /** Seconds. */
  duration: number;
  independent: boolean;
  bytes: number;
  /** How long after its media time (mapped through the epoch) the part was ready, milliseconds. */
  latencyMs: number;
}

/** A segment finished (and was handed to the sink). */
export interface SegmentEvent {
  rendition: string;
  msn: number;
  duration: number;
  bytes: number;
  programDateTime: number;
}

/** Per rendition, the segments it recorded, in order: what a VOD remux reads. */
export interface RecordedRendition {
  name: string;
  kind: 'video' | 'audio' | null;
  initKey: string;
  segments: readonly RecordedSegment[];
}

/** Counts of one rendition so far. */
export interface RenditionStats {
  parts: number;
  segments: number;
  /** Bytes of finished segments. */
  bytes: number;
  lastPartLatencyMs: number | null;
}

/** The packager's events and what each carries. */
export interface LiveEvents {
  part: PartEvent;
  segment: SegmentEvent;
  ended: { recording: RecordedRendition[]; stats: Record<string, RenditionStats> };
  failed: LivePackagerError;
}

/** The stream failed: a rendition's input broke or was malformed, or the sink failed. */
export class LivePackagerError extends Error {
  override name = 'LivePackagerError';
  constructor(
    readonly rendition: string | null,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

type State = 'running' | 'ended' | 'failed';

/**
 * Packages one live stream: reads each rendition's fragmented-MP4 stream, plans parts and segments, writes them
 * through the sink (`<rendition>/init.mp4`, `<rendition>/<msn>.m4s`, `<rendition>/<msn>.<part>.m4s`), and answers
 * playlist, manifest and media requests from memory, holding blocking reloads. Start it with `startLivePackager`.
 */
export class LivePackager {
  readonly config: ResolvedLiveConfig;
  /** Resolves with the recording when the stream ends; rejects with a `LivePackagerError` if it fails. */
  readonly done: Promise<RecordedRendition[]>;
  private readonly feeds = new Map<string, RenditionFeed>();
  private readonly stats = new Map<string, RenditionStats>();
  private readonly queue: SinkQueue;
  private readonly server: LiveServer;
  private readonly listeners: { [E in keyof LiveEvents]: Set<(event: LiveEvents[E]) => void> } = {
    part: new Set(),
    segment: new Set(),
    ended: new Set(),
    failed: new Set(),
  };
  private readonly iterators: AsyncIterator<unknown>[] = [];
  private readonly now: () => number;
  private epochValue: Epoch | null;
  /** The earliest any part landed against the epoch, milliseconds (negative: before it said). */
  private earliestPartMs: number | null = null;
  private state: State = 'running';
  private running = 0;
  private settle!: { resolve: (r: RecordedRendition[]) => void; reject: (e: Error) => void };

  constructor(private readonly opts: LivePackagerOptions) {
    this.config = resolveLiveConfig(opts.config);
    this.now = opts.now ?? Date.now;
    this.epochValue = opts.epoch ?? null;
    const names = opts.inputs.map((i) => i.name);
    if (names.length === 0) throw new LiveConfigError('A live stream needs at least one rendition.');
    for (const name of names) {
      if (!RENDITION_NAME.test(name)) throw new LiveConfigError(`Rendition name "${name}" is not a folder name.`);
    }
    if (new Set(names).size !== names.length) throw new LiveConfigError('Rendition names must be unique.');
    const limits = { ...defaultReaderLimits, ...opts.limits };
    for (const name of names) {
      this.feeds.set(name, new RenditionFeed(name, this.config, limits, (t) => this.epochFor(t)));
      this.stats.set(name, { parts: 0, segments: 0, bytes: 0, lastPartLatencyMs: null });
    }
    this.queue = new SinkQueue(opts.sink, {
      maxPendingBytes: opts.maxPendingBytes ?? 32 * 1024 * 1024,
      concurrency: opts.sinkConcurrency ?? 4,
      onError: (error) => this.fail(null, error),
    });
    this.server = new LiveServer(this.feeds, this.config, {
      now: this.now,
      epoch: () => this.epochValue,
      availabilityEpoch: () => this.availabilityEpoch(),
      state: () => this.state,
      clockUrl: opts.clockUrl ?? null,
    });
    this.done = new Promise((resolve, reject) => {
      this.settle = { resolve, reject };
    });
    // The caller may never look at `done`: a failure must not become an unhandled rejection that ends the process.
    this.done.catch(() => {});
  }

  /** Starts reading every input. Called once, by `startLivePackager`. */
  start(): this {
    if (this.iterators.length > 0) throw new Error('the live packager has already started');
    for (const input of this.opts.inputs) void this.consume(this.feeds.get(input.name)!, input.stream);
    return this;
  }

  /** Subscribes to an event; returns the unsubscribe function. */
  on<E extends keyof LiveEvents>(event: E, listener: (event: LiveEvents[E]) => void): () => void {
    this.listeners[event].add(listener);
    return () => this.listeners[event].delete(listener);
  }

  /** A media playlist (LL-HLS unless `lowLatency: false`), honouring `_HLS_msn`, `_HLS_part` and `_HLS_skip`. */
  playlist(
    rendition: string,
    query: Parameters<LiveServer['playlist']>[1] = {},
    opts: { lowLatency?: boolean; signal?: AbortSignal } = {},
  ): Promise<LiveResponse> {
    return this.server.playlist(rendition, query, opts);
  }

  /** The multivariant playlist, once every rendition has a segment (held until then). */
  multivariant(opts: { lowLatency?: boolean; signal?: AbortSignal } = {}): Promise<LiveResponse> {
    return this.server.multivariant(opts.lowLatency ?? true, opts.signal);
  }

  /** The DASH MPD, once every rendition has a segment (held until then). */
  mpd(opts: { signal?: AbortSignal } = {}): Promise<LiveResponse> {
    return this.server.mpd(opts.signal);
  }

  /** A rendition's init segment. */
  init(rendition: string, opts: { signal?: AbortSignal } = {}): Promise<LiveResponse> {
    return this.server.init(rendition, opts.signal);
  }

  /** A part from memory; the next part (the preload hint) is held until it lands. */
  part(rendition: string, msn: number, index: number, opts: { signal?: AbortSignal } = {}): Promise<LiveResponse> {
    return this.server.part(rendition, msn, index, opts.signal);
  }

  /**
   * A finished segment from memory, or `in_storage` with its key once only the sink has it. The segment being
   * written is answered at once with a chunked body (each part as it lands, ending when the segment closes); the next
   * one is held until it starts, then answered the same way.
   */
  segment(rendition: string, msn: number, opts: { signal?: AbortSignal } = {}): Promise<LiveResponse> {
    return this.server.segment(rendition, msn, opts.signal);
  }

  /** Any file of the layout by its path inside the stream's folder (`720p/ll.m3u8`), for an HTTP layer. */
  get(path: string, query: URLSearchParams = new URLSearchParams(), signal?: AbortSignal): Promise<LiveResponse> {
    return this.server.get(path, query, signal);
  }

  /** Counts and the last part's latency, per rendition. */
  statistics(): Record<string, RenditionStats> {
    return Object.fromEntries([...this.stats].map(([name, s]) => [name, { ...s }]));
  }

  /** The segments recorded so far, per rendition in input order. */
  recording(): RecordedRendition[] {
    return [...this.feeds.values()].map((feed) => ({
      name: feed.name,
      kind: feed.init?.kind ?? null,
      initKey: liveLayout.init(feed.name),
      segments: [...feed.recording],
    }));
  }

  /** Stops reading the inputs, closes the open segments and writes the final playlists; resolves like `done`. */
  end(): Promise<RecordedRendition[]> {
    if (this.state === 'running') {
      this.stopReading();
      for (const feed of this.feeds.values()) this.apply(feed, feed.end(false));
      void this.finish();
    }
    return this.done;
  }

  /**
   * Stops reading every input: `return()` on its iterator, and `destroy()` on a Node stream, whose iterator would
   * otherwise wait for its next chunk (closing the pipe ends FFmpeg's writes to it).
   */
  private stopReading(): void {
    for (const it of this.iterators) it.return?.().catch(() => {});
    for (const { stream } of this.opts.inputs) {
      const destroy = (stream as { destroy?: unknown }).destroy;
      if (typeof destroy === 'function') destroy.call(stream);
    }
  }

  /**
   * The epoch moved back by the earliest any part has landed against it. The epoch is when the first fragment
   * arrived, and FFmpeg writes its first output late (it reads the input's first seconds before it writes), then
   * catches up: later parts land up to that much sooner than the epoch says. `PROGRAM-DATE-TIME` keeps the epoch (a
   * segment's date never changes); the MPD's `availabilityStartTime` takes this, so that low-latency DASH players ask
   * for a segment when its first part is there, not seconds after.
   */
  private availabilityEpoch(): Epoch | null {
    const epoch = this.epochValue;
    if (!epoch) return null;
    return { wallclock: epoch.wallclock + Math.min(0, this.earliestPartMs ?? 0), mediaTime: epoch.mediaTime };
  }

  private epochFor(mediaTime: number): Epoch {
    this.epochValue ??= { wallclock: this.now(), mediaTime };
    return this.epochValue;
  }

  private async consume(feed: RenditionFeed, stream: LiveInput['stream']): Promise<void> {
    this.running++;
    try {
      const it = stream[Symbol.asyncIterator]();
      this.iterators.push(it);
      for (;;) {
        const next = await it.next();
        if (this.state !== 'running') return;
        if (next.done) break;
        const value: unknown = next.value;
        if (isRestart(value)) {
          this.apply(feed, feed.restart(value.mediaTime));
          continue;
        }
        if (!(value instanceof Uint8Array)) throw new TypeError('the stream yields something other than bytes');
        this.apply(feed, feed.push(value));
        await this.queue.belowLimit();
      }
      this.apply(feed, feed.end(true));
    } catch (error) {
      // Once stopped, a stream destroyed under its reader is expected, not a failure.
      if (this.state === 'running') this.fail(feed.name, error);
    } finally {
      this.running--;
      if (this.running === 0 && this.state === 'running') void this.finish();
    }
  }

  private apply(feed: RenditionFeed, out: FeedOutput): void {
    if (this.state !== 'running') return;
    for (const w of out.writes) this.queue.put(w.key, w.bytes, w.contentType);
    for (const key of out.deletes) this.queue.delete(key);
    const stats = this.stats.get(feed.name)!;
    const timescale = feed.timeline?.timescale ?? 1;
    for (const { part, bytes } of out.parts) {
      const epoch = this.epochValue!;
      const mediaEnd = (part.start + part.duration) / timescale;
      const latencyMs = Math.round(this.now() - (epoch.wallclock + (mediaEnd - epoch.mediaTime) * 1000));
      stats.parts++;
      stats.lastPartLatencyMs = latencyMs;
      this.earliestPartMs = Math.min(this.earliestPartMs ?? latencyMs, latencyMs);
      const { msn, index, independent } = part;
      this.emit('part', {
        rendition: feed.name,
        msn,
        index,
        duration: part.duration / timescale,
        independent,
        bytes,
        latencyMs,
      });
    }
    for (const { segment, bytes } of out.segments) {
      stats.segments++;
      stats.bytes += bytes;
      this.emit('segment', {
        rendition: feed.name,
        msn: segment.msn,
        duration: segment.duration / timescale,
        bytes,
        programDateTime: segment.programDateTime,
      });
    }
    this.server.changed();
  }

  private async finish(): Promise<void> {
    this.state = 'ended';
    this.server.changed();
    for (const [key, body] of this.server.finalFiles()) {
      const type = key.endsWith('.mpd') ? contentTypes.mpd : contentTypes.playlist;
      this.queue.put(key, new TextEncoder().encode(body), type);
    }
    await this.queue.flushed();
    if (this.queue.failure) return;
    this.server.close();
    const recording = this.recording();
    this.emit('ended', { recording, stats: this.statistics() });
    this.settle.resolve(recording);
  }

  private fail(rendition: string | null, cause: unknown): void {
    if (this.state === 'failed') return;
    const reason = cause instanceof Error ? cause.message : String(cause);
    const error = new LivePackagerError(
      rendition,
      rendition ? `Rendition ${rendition} failed: ${reason}` : `The live stream failed: ${reason}`,
      { cause },
    );
    this.state = 'failed';
    this.stopReading();
    this.server.close();
    this.emit('failed', error);
    this.settle.reject(error);
  }

  private emit<E extends keyof LiveEvents>(event: E, value: LiveEvents[E]): void {
    for (const listener of this.listeners[event]) {
      try {
        listener(value);
      } catch {
        // A listener's bug must not break the stream.
      }
    }
  }
}

function isRestart(value: unknown): value is InputRestart {
  const mark = value as Partial<InputRestart> | null;
  return typeof mark === 'object' && mark !== null && mark.restart === true && Number.isFinite(mark.mediaTime);
}

/** Creates a packager for the inputs and starts reading them. */
export function startLivePackager(opts: LivePackagerOptions): LivePackager {
  return new LivePackager(opts).start();
}
