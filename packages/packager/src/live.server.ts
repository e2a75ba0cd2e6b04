import { advancePartLimit, decideReload, parseReloadQuery, type ReloadRequest } from './blocking.reload.js';
import { RequestWaiter } from './blocking.waiter.js';
import { renderMpd } from './dash.mpd.js';
import { renderMultivariant } from './hls.multivariant.js';
import { type RenditionReport, renderLowLatencyPlaylist, renderPlainPlaylist } from './hls.playlist.js';
import type { ResolvedLiveConfig } from './live.config.js';
import { contentTypes, liveLayout, parseLivePath } from './live.layout.js';
import { failure, type LiveResponse, notReady, ok } from './live.response.js';
import type { Epoch, LiveTimeline } from './live.timeline.js';
import type { RenditionFeed } from './rendition.feed.js';
import { chunkStep, decideSegment, type SegmentState } from './segment.request.js';

/** What the server reads of the packager: its clock, epoch and state, and where players read the clock. */
export interface ServerHooks {
  now: () => number;
  epoch: () => Epoch | null;
  /**
   * The epoch the MPD's `availabilityStartTime` is taken from, when it differs from `epoch` (which `PROGRAM-DATE-TIME`
   * keeps): moved back to when parts really land.
   */
  availabilityEpoch?: () => Epoch | null;
  state: () => 'running' | 'ended' | 'failed';
  /** The MPD's `UTCTiming` URL; without it the MPD carries the time it was made. */
  clockUrl?: string | null;
}

/** A segment the rendition recorded, by number. */
function recordedSegment(feed: RenditionFeed, msn: number) {
  const recorded = feed.recording[msn - (feed.recording[0]?.msn ?? 0)];
  return recorded?.msn === msn ? recorded : undefined;
}

/** A chunked segment response that cannot be finished: it must be cut off. */
export class SegmentCutOffError extends Error {
  override name = 'SegmentCutOffError';
}

type Query = Parameters<typeof parseReloadQuery>[0];

const ENDED_CACHE = 'public, max-age=3600';

/** A plain playlist changes only when its segments do (not with every part of every rendition). */
function plainVersion(timeline: LiveTimeline): string {
  const { segments } = timeline;
  return `${segments[0]?.msn}:${segments[segments.length - 1]?.msn}:${timeline.ended}`;
}

/**
 * Answers a live stream's requests from the renditions' feeds: playlists rendered on demand (and cached until the
 * next change), blocking reloads and preload-hinted parts held in one bounded waiter, media bytes from memory.
 * `changed()` after every update re-polls what is held.
 */
export class LiveServer {
  private readonly waiter: RequestWaiter;
  private version = 0;
  private readonly cache = new Map<string, { version: string | number; body: string }>();
  private readonly mediaCache: string;

  constructor(
    private readonly feeds: ReadonlyMap<string, RenditionFeed>,
    private readonly config: ResolvedLiveConfig,
    private readonly hooks: ServerHooks,
  ) {
    this.waiter = new RequestWaiter(config.maxHeldRequests * (feeds.size + 1));
    this.mediaCache = `public, max-age=${Math.round(config.dvrWindow + config.deleteGrace)}`;
  }

  /** Something changed: drop cached renders and answer the held requests that can be. */
  changed(): void {
    this.version++;
    this.waiter.notify();
  }

  /** Ends every held request (the stream stopped). */
  close(): void {
    this.waiter.notify();
    this.waiter.close();
  }

  async playlist(
    rendition: string,
    query: Query,
    opts: { lowLatency?: boolean; signal?: AbortSignal },
  ): Promise<LiveResponse> {
    const feed = this.feeds.get(rendition);
    if (!feed) return failure('not_found', `no rendition ${rendition}`);
    if (opts.lowLatency === false) {
      return this.hold(`the playlist of ${rendition}`, opts.signal, () => {
        const timeline = feed.timeline;
        if (!timeline || timeline.segments.length === 0) return undefined;
        return ok(
          this.render(
            `${rendition}:plain`,
            () => renderPlainPlaylist({ timeline, config: this.config }),
            plainVersion(timeline),
          ),
          contentTypes.playlist,
          this.playlistCache(timeline, false),
        );
      });
    }
    const parsed = parseReloadQuery(query);
    if (!parsed.ok) return failure('bad_request', parsed.message);
    return this.hold(`the playlist of ${rendition}`, opts.signal, () => this.lowLatency(feed, parsed.request));
  }

  async multivariant(lowLatency: boolean, signal?: AbortSignal): Promise<LiveResponse> {
    return this.hold('the multivariant playlist', signal, () => {
      const ready = this.readyFeeds();
      if (!ready) return undefined;
      const body = this.render(`multivariant:${lowLatency}`, () =>
        renderMultivariant(
          ready.map((f) => f.info()!),
          { lowLatency },
        ),
      );
      return ok(body, contentTypes.playlist, this.hooks.state() === 'ended' ? ENDED_CACHE : 'no-cache');
    });
  }

  async mpd(signal?: AbortSignal): Promise<LiveResponse> {
    return this.hold('the MPD', signal, () => {
      const ready = this.readyFeeds();
      if (!ready) return undefined;
      // With the clock read elsewhere, the MPD changes only with the segments (not with every part): made once each.
      const body = this.hooks.clockUrl
        ? this.render('mpd', () => this.renderMpd(ready), this.mpdVersion(ready))
        : this.renderMpd(ready);
      return ok(body, contentTypes.mpd, this.hooks.state() === 'ended' ? ENDED_CACHE : 'no-cache');
    });
  }

  async init(rendition: string, signal?: AbortSignal): Promise<LiveResponse> {
    const feed = this.feeds.get(rendition);
    if (!feed) return failure('not_found', `no rendition ${rendition}`);
    return this.hold(`the init segment of ${rendition}`, signal, () => {
      const init = feed.init;
      return init ? ok(init.bytes, contentTypes.media(init.kind), this.mediaCache) : undefined;
    });
  }

  async part(rendition: string, msn: number, index: number, signal?: AbortSignal): Promise<LiveResponse> {
    const feed = this.feeds.get(rendition);
    if (!feed) return failure('not_found', `no rendition ${rendition}`);
    const name = `part ${msn}.${index} of ${rendition}`;
    const found = () => {
      const bytes = feed.part(msn, index);
      return bytes ? ok(bytes, contentTypes.media(feed.init?.kind ?? 'video'), this.mediaCache) : undefined;
    };
    const next = () => feed.timeline?.nextPart() ?? (feed.timeline ? null : { msn: 0, index: 0 });
    const upcoming = (n: { msn: number; index: number } | null) =>
      n !== null && (msn > n.msn || (msn === n.msn && index >= n.index));
    const first = next();
    const near = first !== null && msn <= first.msn + 1 && index <= advancePartLimit(this.config.partTarget);
    if (!found() && !(upcoming(first) && near)) return failure('not_found', `no ${name}`);
    return this.hold(
      name,
      signal,
      () => found() ?? (upcoming(next()) ? undefined : failure('not_found', `no ${name}`)),
    );
  }

  /**
   * A segment: finished, from memory (or `in_storage`); being written, at once as a chunked body that sends each part
   * as it lands; the next one, held until it starts, then the same. Further ahead: 404.
   */
  async segment(rendition: string, msn: number, signal?: AbortSignal): Promise<LiveResponse> {
    const feed = this.feeds.get(rendition);
    if (!feed) return failure('not_found', `no rendition ${rendition}`);
    const name = `segment ${msn} of ${rendition}`;
    const type = contentTypes.media(feed.init?.kind ?? 'video');
    const answer = (): LiveResponse | undefined => {
      switch (decideSegment(msn, this.segmentState(feed, msn))) {
        case 'whole':
          return ok(feed.segment(msn)!, type, this.mediaCache);
        case 'chunked':
          return ok(this.chunks(feed, msn, signal), type, this.mediaCache);
        case 'storage':
          return failure('in_storage', `${name} is only in storage`, recordedSegment(feed, msn)?.key);
        case 'wait':
          return undefined;
        default:
          return failure('not_found', `no ${name}`);
      }
    };
    return answer() ?? this.hold(name, signal, answer);
  }

  /** Routes a path of the layout to the answer. */
  async get(path: string, query: URLSearchParams, signal?: AbortSignal): Promise<LiveResponse> {
    const target = parseLivePath(path);
    switch (target?.type) {
      case 'multivariant':
        return this.multivariant(target.lowLatency, signal);
      case 'mpd':
        return this.mpd(signal);
      case 'playlist':
        return this.playlist(target.rendition, query, { lowLatency: target.lowLatency, ...(signal ? { signal } : {}) });
      case 'init':
        return this.init(target.rendition, signal);
      case 'part':
        return this.part(target.rendition, target.msn, target.index, signal);
      case 'segment':
        return this.segment(target.rendition, target.msn, signal);
      default:
        return failure('not_found', `no ${path}`);
    }
  }

  /** The playlists and the MPD as they stand, by key: what `end()` stores. */
  finalFiles(): [string, string][] {
    const files: [string, string][] = [];
    for (const feed of this.feeds.values()) {
      const timeline = feed.timeline;
      if (!timeline || timeline.segments.length === 0) continue;
      files.push([
        liveLayout.llPlaylist(feed.name),
        renderLowLatencyPlaylist({ timeline, config: this.config, reports: this.reports(feed.name) }),
      ]);
      files.push([liveLayout.playlist(feed.name), renderPlainPlaylist({ timeline, config: this.config })]);
    }
    const ready = this.readyFeeds();
    if (ready) {
      const infos = ready.map((f) => f.info()!);
      files.push([liveLayout.llMultivariant, renderMultivariant(infos, { lowLatency: true })]);
      files.push([liveLayout.multivariant, renderMultivariant(infos, { lowLatency: false })]);
      files.push([liveLayout.mpd, this.renderMpd(ready)]);
    }
    return files;
  }

  private lowLatency(feed: RenditionFeed, request: ReloadRequest): LiveResponse | undefined {
    const timeline = feed.timeline;
    const last = timeline?.lastPart() ?? null;
    const decision = decideReload(request, {
      lastSegment: timeline?.segments[timeline.segments.length - 1]?.msn ?? null,
      lastPart: last && { msn: last.msn, index: last.index },
      ended: timeline?.ended ?? false,
      partTarget: this.config.partTarget,
    });
    if (decision.type === 'invalid') return failure('bad_request', decision.message);
    if (!timeline || !last || decision.type === 'wait') return undefined;
    const body = this.render(`${feed.name}:ll:${request.skip}`, () =>
      renderLowLatencyPlaylist({ timeline, config: this.config, reports: this.reports(feed.name), skip: request.skip }),
    );
    return ok(body, contentTypes.playlist, this.playlistCache(timeline, request.msn !== null));
  }

  private reports(except: string): RenditionReport[] {
    const reports: RenditionReport[] = [];
    for (const feed of this.feeds.values()) {
      const last = feed.name === except ? null : feed.timeline?.lastPart();
      if (last) reports.push({ rendition: feed.name, lastMsn: last.msn, lastPart: last.index });
    }
    return reports;
  }

  /** Every rendition with a finished segment (once ended, those that have one), or null while some have none. */
  private readyFeeds(): RenditionFeed[] | null {
    const feeds = [...this.feeds.values()];
    const withSegments = feeds.filter((f) => f.info() && (f.timeline?.segments.length ?? 0) > 0);
    if (withSegments.length === feeds.length) return withSegments;
    return this.hooks.state() === 'ended' && withSegments.length > 0 ? withSegments : null;
  }

  private renderMpd(feeds: RenditionFeed[]): string {
    const epoch = this.hooks.availabilityEpoch?.() ??
      this.hooks.epoch() ?? { wallclock: this.hooks.now(), mediaTime: 0 };
    const renditions = feeds.map((f) => ({ info: f.info()!, timeline: f.timeline! }));
    return renderMpd({
      renditions,
      config: this.config,
      epoch,
      now: this.hooks.now(),
      clockUrl: this.hooks.clockUrl ?? null,
    });
  }

  /** What the MPD is made of: the listed segments of each rendition and the expected ones. */
  private mpdVersion(feeds: RenditionFeed[]): string {
    const parts = feeds.map((f) => {
      const t = f.timeline!;
      const expected = t.expectedSegments().map((e) => `${e.msn}@${e.start}+${e.duration}`);
      return `${f.name}:${t.segments[0]?.msn}-${t.segments[t.segments.length - 1]?.msn}:${t.ended}:${expected.join(',')}`;
    });
    const epoch = this.hooks.availabilityEpoch?.() ?? this.hooks.epoch();
    return `${this.hooks.state()}|${epoch?.wallclock}@${epoch?.mediaTime}|${parts.join('|')}`;
  }

  /** What decides how a request for segment `msn` of a rendition is answered. */
  private segmentState(feed: RenditionFeed, msn: number): SegmentState {
    const timeline = feed.timeline;
    const open = timeline?.open?.msn ?? null;
    const last = timeline?.segments[timeline.segments.length - 1]?.msn ?? -1;
    const recorded = recordedSegment(feed, msn);
    return {
      open,
      next: !timeline ? 0 : timeline.ended ? null : open !== null ? open + 1 : last + 1,
      inMemory: feed.segmentInMemory(msn),
      stored: recorded !== undefined && !recorded.deleted,
    };
  }

  /**
   * The parts of segment `msn` as they land, ending once it has closed and every part went out. Holds one waiter
   * slot while waiting for a part (at most 3 target durations); only what is in memory anyway is referenced.
   */
  private async *chunks(feed: RenditionFeed, msn: number, signal?: AbortSignal): AsyncGenerator<Uint8Array> {
    for (let sent = 0; ; sent++) {
      const poll = () => {
        const bytes = feed.part(msn, sent);
        const timeline = feed.timeline;
        const closed = timeline?.segment(msn) ?? null;
        const step = chunkStep(sent, {
          nextInMemory: bytes !== undefined,
          partCount: closed?.partCount ?? null,
          gone: this.hooks.state() === 'failed' || (!closed && timeline?.open?.msn !== msn),
        });
        return step === 'wait' ? undefined : { step, bytes };
      };
      const held = await this.waiter.hold(poll, {
        timeoutMs: this.config.blockTimeoutMs,
        ...(signal ? { signal } : {}),
      });
      if (held.outcome === 'aborted') return;
      const what = `part ${msn}.${sent} of ${feed.name}`;
      if (held.outcome !== 'ready') throw new SegmentCutOffError(`${what} did not come (${held.outcome})`);
      if (held.value.step === 'end') return;
      if (held.value.step === 'fail' || !held.value.bytes) {
        throw new SegmentCutOffError(`${what} is no longer available`);
      }
      yield held.value.bytes;
    }
  }

  private playlistCache(timeline: LiveTimeline, blocking: boolean): string {
    if (timeline.ended) return ENDED_CACHE;
    return blocking ? `public, max-age=${6 * this.config.targetDuration}` : 'no-cache';
  }

  /** A cached render, made again when `version` (by default, any change to the stream) moves. */
  private render(key: string, make: () => string, version: string | number = this.version): string {
    const cached = this.cache.get(key);
    if (cached && cached.version === version) return cached.body;
    const body = make();
    this.cache.set(key, { version, body });
    return body;
  }

  private async hold(
    what: string,
    signal: AbortSignal | undefined,
    poll: () => LiveResponse | undefined,
  ): Promise<LiveResponse> {
    const settled = () => {
      const answer = poll();
      if (answer) return answer;
      const state = this.hooks.state();
      if (state === 'failed') return failure('unavailable', `the stream failed; ${what} is not available`);
      if (state === 'ended') return failure('not_found', `the stream ended without ${what}`);
      return undefined;
    };
    const result = await this.waiter.hold(settled, {
      timeoutMs: this.config.blockTimeoutMs,
      ...(signal ? { signal } : {}),
    });
    return result.outcome === 'ready' ? result.value : notReady(result.outcome, what);
  }
}
