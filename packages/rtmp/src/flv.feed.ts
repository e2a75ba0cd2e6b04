import { once } from 'node:events';
import { PassThrough, type Readable } from 'node:stream';
import { ownValue } from './amf0.types.js';
import { flvHeader, flvTag } from './flv.writer.js';
import { type MediaTag, toFlvTag } from './media.tag.js';

/** One FLV byte stream of a feed: for one transcoder process. */
export interface FlvRun {
  /** Header, then tags. Ends when the publish ends, or when the feed opens the next run or closes. */
  readonly stream: Readable;
  /**
   * Resolves with the timestamp (ms) of the first frame of `kind` this stream carries, or null if it ends without one.
   * A transcoder's output starts at its first frame, so this maps the output's time zero onto the publish's clock.
   */
  first(kind: 'video' | 'audio'): Promise<number | null>;
}

const STREAM_HIGH_WATER = 256 * 1024;

interface Deferred {
  promise: Promise<number | null>;
  resolve: (value: number | null) => void;
}

function deferred(): Deferred {
  let resolve!: Deferred['resolve'];
  const promise = new Promise<number | null>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

/** A run being written: its stream, whether it has begun, and from which keyframe. */
class RunState implements FlvRun {
  readonly stream = new PassThrough({ highWaterMark: STREAM_HIGH_WATER });
  begun = false;
  /** A restarted run drops audio older than its first keyframe, so both start together. */
  from: number | null = null;
  private readonly firsts = { video: deferred(), audio: deferred() };
  private readonly seen = { video: false, audio: false };
  private closedSignal = deferred();
  private closed = false;

  constructor(readonly restart: boolean) {
    // A reader that goes away (destroys the stream) ends the run; writes after that are dropped, not thrown.
    this.stream.on('error', () => {});
    this.stream.once('close', () => this.close());
  }

  first(kind: 'video' | 'audio'): Promise<number | null> {
    return this.firsts[kind].promise;
  }

  async write(bytes: Buffer, frame?: { kind: 'video' | 'audio'; timestamp: number }): Promise<void> {
    if (this.closed) return;
    if (frame && !this.seen[frame.kind]) {
      this.seen[frame.kind] = true;
      this.firsts[frame.kind].resolve(frame.timestamp);
    }
    if (this.stream.write(bytes)) return;
    // Its reader is slow, or gone (a transcoder that died): wait for it, or for the run to be replaced.
    await Promise.race([once(this.stream, 'drain').catch(() => undefined), this.closedSignal.promise]);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.closedSignal.resolve(null);
    this.firsts.video.resolve(null);
    this.firsts.audio.resolve(null);
    this.stream.end();
  }
}

const isFrame = (tag: MediaTag): tag is Extract<MediaTag, { kind: 'video' | 'audio' }> =>
  tag.kind !== 'data' && tag.header.packet === 'coded-frames';

/**
 * The FLV of one publish for a transcoder that may have to start again while the publisher stays: each `open()`
 * gives a byte stream for `ffmpeg -f flv -i pipe:0`. The first carries every tag from the start; a later one starts
 * with the header, the last `onMetaData` and decoder configurations (retimed to its start), then the tags from the
 * next keyframe on, and ends the previous one. Between runs, and after `close()`, tags are read and dropped: the
 * publisher is never held up by a transcoder that is not there.
 */
export class FlvFeed {
  private metadata: MediaTag | null = null;
  private videoConfig: MediaTag | null = null;
  private audioConfig: MediaTag | null = null;
  private seenKinds = { video: false, audio: false };
  private run: RunState | null = null;
  private opened = 0;
  private pumping = false;
  private ended = false;
  private readonly iterator: AsyncIterator<MediaTag>;

  constructor(tags: AsyncIterable<MediaTag>) {
    this.iterator = tags[Symbol.asyncIterator]();
  }

  /** How many runs were opened: 1 for the first transcoder, more after restarts. */
  get runs(): number {
    return this.opened;
  }

  /** The next run; the previous one ends. After the publish ended, a run that is already over. */
  open(): FlvRun {
    this.run?.close();
    const run = new RunState(this.opened > 0);
    this.opened++;
    if (this.ended) run.close();
    else this.run = run;
    if (!this.pumping) {
      this.pumping = true;
      void this.pump();
    }
    return run;
  }

  /** Ends the current run and stops reading the publish. */
  close(): void {
    this.run?.close();
    this.run = null;
    this.ended = true;
    void this.iterator.return?.()?.catch(() => undefined);
  }

  private async pump(): Promise<void> {
    try {
      for (;;) {
        const next = await this.iterator.next();
        if (next.done || this.ended) break;
        await this.take(next.value);
      }
    } catch {
      // The publish's queue failed: the session's end says why.
    } finally {
      this.ended = true;
      this.run?.close();
      this.run = null;
    }
  }

  private async take(tag: MediaTag): Promise<void> {
    this.remember(tag);
    const run = this.run;
    if (!run) return;
    if (!run.begun) {
      if (run.restart && !this.startsRestart(tag)) return;
      run.begun = true;
      await run.write(flvHeader(this.flags()));
      if (run.restart) {
        run.from = tag.timestamp;
        for (const config of [this.metadata, this.videoConfig, this.audioConfig]) {
          if (config && config !== tag) await run.write(flvTag({ ...toFlvTag(config), timestamp: tag.timestamp }));
        }
      }
    } else if (run.from !== null && tag.kind === 'audio' && tag.timestamp < run.from) {
      return;
    }
    await run.write(flvTag(toFlvTag(tag)), isFrame(tag) ? { kind: tag.kind, timestamp: tag.timestamp } : undefined);
  }

  /** A restarted run begins on a keyframe (on any audio frame when the stream has no video). */
  private startsRestart(tag: MediaTag): boolean {
    if (!isFrame(tag)) return false;
    if (tag.kind === 'video') return tag.header.keyframe;
    return !this.flags().video;
  }

  private remember(tag: MediaTag): void {
    if (tag.kind === 'data') {
      if (tag.name === 'onMetaData') this.metadata = tag;
      return;
    }
    this.seenKinds[tag.kind] = true;
    if (tag.header.packet !== 'sequence-start') return;
    if (tag.kind === 'video') this.videoConfig = tag;
    else this.audioConfig = tag;
  }

  /** The header's flags: what `onMetaData` announces, else what has been seen, else both. */
  private flags(): { audio: boolean; video: boolean } {
    const m = this.metadata?.kind === 'data' ? this.metadata.value : undefined;
    const announces = (key: string) => ownValue(m, key) !== undefined;
    const audio = announces('audiocodecid') || this.seenKinds.audio;
    const video = announces('videocodecid') || this.seenKinds.video;
    return audio || video ? { audio, video } : { audio: true, video: true };
  }
}
