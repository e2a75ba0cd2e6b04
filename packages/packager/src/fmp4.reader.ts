import { type Fragment, parseFragment } from './fmp4.fragment.js';
import { type InitSegment, parseInit } from './fmp4.init.js';
import { type BoxHeader, concat, Mp4FormatError, readBoxHeader } from './mp4.boxes.js';

/** Size limits on what the reader buffers: a box past them fails the stream at once, before it is buffered. */
export interface ReaderLimits {
  /** Largest `mdat`, bytes. A 2 s fragment at 50 Mbit/s is 12.5 MB. */
  maxMdatSize: number;
  /** Largest other box (`moov`, `moof`, `styp`…), bytes. */
  maxBoxSize: number;
}

/** Limits generous for any live ladder and small enough that a bad stream cannot exhaust memory. */
export const defaultReaderLimits: ReaderLimits = { maxMdatSize: 64 * 1024 * 1024, maxBoxSize: 4 * 1024 * 1024 };

/** What the reader yields: the init segment once, then each complete fragment in order. */
export type ReaderItem = { type: 'init'; init: InitSegment } | { type: 'fragment'; fragment: Fragment };

/** Boxes kept in front of the fragment that follows them. Other top-level boxes between fragments are dropped. */
const KEPT_BEFORE_MOOF = new Set(['styp', 'prft', 'emsg']);
/** Boxes allowed before `moov` and ignored. */
const IGNORED_BEFORE_MOOV = new Set(['free', 'skip', 'uuid']);

/**
 * An incremental fragmented-MP4 reader: fed arbitrary chunks of one track's byte stream (`ftyp`, `moov`, then
 * `moof`+`mdat` pairs), it returns each complete item as soon as its last byte arrives. Malformed input throws
 * `Mp4FormatError` naming the box and stream offset; the reader then stays failed. No I/O.
 */
export class Fmp4Reader {
  private chunks: Uint8Array[] = [];
  private buffered = 0;
  /** Stream offset of the first buffered byte. */
  private position = 0;
  private ftyp: Uint8Array | null = null;
  private init: InitSegment | null = null;
  private prefix: Uint8Array[] = [];
  private moof: Uint8Array | null = null;
  private failure: Error | null = null;

  constructor(private readonly limits: ReaderLimits = defaultReaderLimits) {}

  /** Feeds the next bytes of the stream; returns the items they complete, in order. */
  push(chunk: Uint8Array): ReaderItem[] {
    if (this.failure) throw this.failure;
    if (chunk.length > 0) {
      this.chunks.push(chunk);
      this.buffered += chunk.length;
    }
    const items: ReaderItem[] = [];
    try {
      for (;;) {
        const header = this.peekHeader();
        if (!header) break;
        const limit = header.type === 'mdat' ? this.limits.maxMdatSize : this.limits.maxBoxSize;
        if (header.size > limit) {
          throw new Mp4FormatError(`box ${header.type} of ${header.size} bytes is larger than the limit of ${limit}`);
        }
        if (this.buffered < header.size) break;
        const start = this.position;
        const bytes = this.take(header.size);
        const item = this.accept(header, bytes, start);
        if (item) items.push(item);
      }
    } catch (error) {
      this.failure = error instanceof Mp4FormatError ? error : new Mp4FormatError(String(error), { cause: error });
      throw this.failure;
    }
    return items;
  }

  /** The stream ended: throws if it stopped inside a box, before its init segment or between a moof and its mdat. */
  end(): void {
    if (this.failure) throw this.failure;
    let problem: string | null = null;
    if (this.buffered > 0) {
      const header = safeHeader(this.peekBytes(Math.min(this.buffered, 16)));
      problem = header
        ? `the stream ended inside a ${header.type} box (${this.buffered} of ${header.size} bytes)`
        : `the stream ended with ${this.buffered} stray bytes`;
    } else if (!this.init) problem = 'the stream ended before its init segment (ftyp and moov)';
    else if (this.moof) problem = 'the stream ended after a moof box, without its mdat';
    if (problem) {
      this.failure = new Mp4FormatError(problem);
      throw this.failure;
    }
  }

  private accept(header: BoxHeader, bytes: Uint8Array, start: number): ReaderItem | null {
    const at = ` at byte ${start} of the stream`;
    const box = { ...header, start: 0 };
    if (!this.init) {
      if (header.type === 'ftyp' && !this.ftyp) {
        this.ftyp = bytes;
        return null;
      }
      if (header.type === 'moov' && this.ftyp) {
        const all = concat([this.ftyp, bytes]);
        this.init = parseInit(all, { ...box, start: this.ftyp.length });
        return { type: 'init', init: this.init };
      }
      if (IGNORED_BEFORE_MOOV.has(header.type)) return null;
      throw new Mp4FormatError(`expected ${this.ftyp ? 'moov' : 'ftyp'}, found ${header.type}${at}`);
    }
    if (this.moof) {
      if (header.type !== 'mdat') throw new Mp4FormatError(`expected the mdat of a moof, found ${header.type}${at}`);
      const moofStart = this.prefix.reduce((n, p) => n + p.length, 0);
      const all = concat([...this.prefix, this.moof, bytes]);
      const moofHeader = readBoxHeader(all, moofStart)!;
      const mdatHeader = { ...header, start: moofStart + this.moof.length };
      this.prefix = [];
      this.moof = null;
      return { type: 'fragment', fragment: parseFragment(all, moofHeader, mdatHeader, this.init) };
    }
    switch (header.type) {
      case 'moof':
        this.moof = bytes;
        return null;
      case 'mdat':
        throw new Mp4FormatError(`mdat without a moof before it${at}`);
      case 'ftyp':
      case 'moov':
        throw new Mp4FormatError(`a second ${header.type}${at}: a stream cannot change its init segment`);
      default:
        if (KEPT_BEFORE_MOOF.has(header.type)) this.prefix.push(bytes);
        return null;
    }
  }

  private peekBytes(n: number): Uint8Array {
    const first = this.chunks[0];
    if (first && first.length >= n) return first.subarray(0, n);
    const out = new Uint8Array(Math.min(n, this.buffered));
    let at = 0;
    for (const c of this.chunks) {
      if (at >= out.length) break;
      const part = c.subarray(0, out.length - at);
      out.set(part, at);
      at += part.length;
    }
    return out;
  }

  private peekHeader(): BoxHeader | null {
    if (this.buffered < 8) return null;
    const head = this.peekBytes(16);
    try {
      return readBoxHeader(head, 0);
    } catch (error) {
      throw new Mp4FormatError(`${(error as Error).message} at byte ${this.position} of the stream`);
    }
  }

  /** Removes and returns the next `n` buffered bytes (one copy at most). */
  private take(n: number): Uint8Array {
    const first = this.chunks[0]!;
    let out: Uint8Array;
    if (first.length >= n) {
      out = first.subarray(0, n);
      if (first.length === n) this.chunks.shift();
      else this.chunks[0] = first.subarray(n);
    } else {
      out = new Uint8Array(n);
      let at = 0;
      while (at < n) {
        const c = this.chunks[0]!;
        const part = c.subarray(0, n - at);
        out.set(part, at);
        at += part.length;
        if (part.length === c.length) this.chunks.shift();
        else this.chunks[0] = c.subarray(part.length);
      }
    }
    this.buffered -= n;
    this.position += n;
    return out;
  }
}

function safeHeader(bytes: Uint8Array): BoxHeader | null {
  try {
    return readBoxHeader(bytes, 0);
  } catch {
    return null;
  }
}
