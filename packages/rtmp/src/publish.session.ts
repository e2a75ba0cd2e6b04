import type { Readable } from 'node:stream';
import type { AudioCodecInfo, VideoCodecInfo } from './codec.info.js';
import { FlvFeed } from './flv.feed.js';
import { MediaQueue } from './media.queue.js';
import type { MediaTag, StreamMetadata } from './media.tag.js';
import type { PublishStats } from './publish.stats.js';
import type { RtmpLogger } from './rtmp.logger.js';

/** Why a session ended. */
export type SessionEndReason =
  /** The publisher ended its stream (FCUnpublish, deleteStream, closeStream). */
  | 'unpublished'
  /** The connection closed or failed without an unpublish. */
  | 'disconnected'
  /** `session.close()` or `server.close()`. */
  | 'closed'
  /** No input for the idle timeout, or the consumer stalled past its timeout. */
  | 'timeout'
  /** The publisher's input broke the protocol or a limit. */
  | 'error';

/** How a session ended: the reason, and a sentence for logs. */
export interface SessionEnd {
  reason: SessionEndReason;
  message: string;
}

/** Events of a session; listeners are called synchronously, in the order things arrive. */
export interface PublishSessionEvents {
  metadata: (metadata: StreamMetadata) => void;
  /** A codec appeared or changed. Call `session.close(reason)` here to refuse it before any of its media is taken. */
  codec: (info: VideoCodecInfo | AudioCodecInfo) => void;
  end: (end: SessionEnd) => void;
}

/**
 * One accepted publish, handed to `onPublish`. Attach listeners in `onPublish` before its first `await`: media
 * flows as soon as it returns (or yields). Consume the media once, with `media()` or `flv()`; while nobody consumes
 * it, or the consumer is slow, it queues up to a limit and then the publisher's socket is paused.
 */
export interface PublishSession<Handle = unknown> {
  /** Connection id, for logs. */
  readonly id: string;
  readonly app: string;
  readonly key: string;
  /** What `authorize` returned for this publish. */
  readonly handle: Handle;
  readonly remoteAddress: string;
  /** Wall-clock time the publish was accepted, in milliseconds since the epoch. */
  readonly startedAt: number;
  /** The last `onMetaData`, the current codecs: for listeners attached late. */
  readonly metadata: StreamMetadata | undefined;
  readonly video: VideoCodecInfo | undefined;
  readonly audio: AudioCodecInfo | undefined;
  /** Resolves when the session has ended, whatever the reason; never rejects. */
  readonly ended: Promise<SessionEnd>;
  on<E extends keyof PublishSessionEvents>(event: E, listener: PublishSessionEvents[E]): () => void;
  /** The media tags, in order, until the session ends. */
  media(): AsyncIterableIterator<MediaTag>;
  /**
   * The media as an FLV byte stream (header, then tags with their previous-tag-size) for `ffmpeg -f flv -i pipe:0`.
   * Enhanced-RTMP tags pass through as they are: see `VideoCodecInfo.enhanced` for what FFmpeg 5.1 cannot read.
   */
  flv(): Readable;
  stats(): PublishStats;
  /** Ends the publish: the publisher gets NetStream.Publish.Rejected with `reason`, then the connection closes. */
  close(reason?: string): void;
}

/** What a session needs from the connection it belongs to. */
export interface SessionDriver {
  close(reason: string): void;
  pressure(paused: boolean): void;
  stats(): Omit<PublishStats, 'queuedBytes' | 'paused'>;
}

/** What a session is made with, when its publish is accepted. */
export interface SessionInit<Handle> {
  id: string;
  app: string;
  key: string;
  handle: Handle;
  remoteAddress: string;
  startedAt: number;
  maxQueuedBytes: number;
  logger: RtmpLogger;
}

type Listeners = { [E in keyof PublishSessionEvents]: Set<PublishSessionEvents[E]> };

/** The session behind the `PublishSession` interface; the socket layer feeds it. */
export class LiveSession<Handle> implements PublishSession<Handle> {
  readonly id: string;
  readonly app: string;
  readonly key: string;
  readonly handle: Handle;
  readonly remoteAddress: string;
  readonly startedAt: number;
  metadata: StreamMetadata | undefined;
  video: VideoCodecInfo | undefined;
  audio: AudioCodecInfo | undefined;
  readonly ended: Promise<SessionEnd>;
  private resolveEnded!: (end: SessionEnd) => void;
  private finished: SessionEnd | undefined;
  private closing: string | undefined;
  private readonly queue: MediaQueue<MediaTag>;
  private readonly listeners: Listeners = { metadata: new Set(), codec: new Set(), end: new Set() };
  private driver: SessionDriver | undefined;
  private readonly logger: RtmpLogger;

  constructor(init: SessionInit<Handle>) {
    this.id = init.id;
    this.app = init.app;
    this.key = init.key;
    this.handle = init.handle;
    this.remoteAddress = init.remoteAddress;
    this.startedAt = init.startedAt;
    this.logger = init.logger;
    this.ended = new Promise((resolve) => {
      this.resolveEnded = resolve;
    });
    this.queue = new MediaQueue<MediaTag>({
      highWaterBytes: init.maxQueuedBytes,
      sizeOf: (tag) => tag.body.length,
      onPressure: (paused) => this.driver?.pressure(paused),
    });
  }

  /** Connects the session to its connection; before that, `close()` only records the reason. */
  attach(driver: SessionDriver): void {
    this.driver = driver;
    if (this.closing !== undefined) driver.close(this.closing);
  }

  get isEnded(): boolean {
    return this.finished !== undefined;
  }

  /** The reason given to `close()`, if it was called. */
  get closeReason(): string | undefined {
    return this.closing;
  }

  on<E extends keyof PublishSessionEvents>(event: E, listener: PublishSessionEvents[E]): () => void {
    const set = this.listeners[event] as Set<PublishSessionEvents[E]>;
    set.add(listener);
    return () => set.delete(listener);
  }

  media(): AsyncIterableIterator<MediaTag> {
    return this.queue.consume();
  }

  flv(): Readable {
    return new FlvFeed(this.queue.consume()).open().stream;
  }

  stats(): PublishStats {
    const base = this.driver?.stats() ?? {
      bytesIn: 0,
      bitrate: 0,
      videoFrames: 0,
      audioFrames: 0,
      keyframes: 0,
      fps: undefined,
      keyframeInterval: undefined,
      lateFrames: 0,
      droppedMessages: 0,
      extendedTimestampHeaders: 0,
      mediaDurationMs: 0,
    };
    return { ...base, queuedBytes: this.queue.queuedBytes, paused: this.queue.paused };
  }

  close(reason = 'The stream was ended by the server.'): void {
    if (this.finished !== undefined || this.closing !== undefined) return;
    this.closing = reason;
    this.driver?.close(reason);
  }

  /** A tag to queue for the consumer. */
  deliver(tag: MediaTag): void {
    if (this.finished === undefined && this.closing === undefined) this.queue.push(tag);
  }

  codec(info: VideoCodecInfo | AudioCodecInfo): void {
    if (info.kind === 'video') this.video = info;
    else this.audio = info;
    this.emit('codec', info);
  }

  setMetadata(metadata: StreamMetadata): void {
    this.metadata = metadata;
    this.emit('metadata', metadata);
  }

  /** Ends the session once: the consumer gets what is queued, then the end. */
  finish(end: SessionEnd): void {
    if (this.finished !== undefined) return;
    this.finished = end;
    this.queue.end();
    this.resolveEnded(end);
    this.emit('end', end);
  }

  private emit<E extends keyof PublishSessionEvents>(event: E, ...args: Parameters<PublishSessionEvents[E]>): void {
    for (const listener of this.listeners[event]) {
      try {
        (listener as (...a: Parameters<PublishSessionEvents[E]>) => void)(...args);
      } catch (err) {
        this.logger.error({ err, session: this.id, event }, 'rtmp: a session listener threw');
      }
    }
  }
}
