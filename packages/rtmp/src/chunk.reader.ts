import { DEFAULT_CHUNK_SIZE, EXTENDED_TIMESTAMP, MessageType, type RtmpMessage } from './chunk.types.js';
import { decodeAbort, decodeSetChunkSize } from './control.messages.js';
import { ensure, RtmpError } from './rtmp.error.js';

/** Bounds on what one peer's chunk stream may make us hold. */
export interface ChunkReaderLimits {
  /** Largest message length accepted (the field allows 16 MiB - 1). */
  maxMessageSize: number;
  /** Distinct chunk stream ids a peer may use (each keeps a little state, and possibly an unfinished message). */
  maxChunkStreams: number;
  /** Bytes of unfinished messages and unparsed input held at once. */
  maxBufferedBytes: number;
}

interface ChunkStreamState {
  /** Timestamp of the message being assembled, or of the last one. */
  timestamp: number;
  /** The last timestamp field (a delta, or the absolute value of a type-0 header): type 3 re-applies it. */
  delta: number;
  length: number;
  typeId: number;
  streamId: number;
  /** Whether the last type 0/1/2 header carried the extended field: its type-3 chunks then carry it too. */
  extended: boolean;
  /** The extended field that started the message being assembled: its continuation chunks repeat it. */
  extendedValue: number;
  parts: Buffer[];
  received: number;
}

const HEADER_SIZE = [11, 7, 3, 0] as const;
const EMPTY = Buffer.alloc(0);

/** Counters a connection reports and tests assert on. */
export interface ChunkReaderCounters {
  /** Chunk headers that carried the 4-byte extended timestamp field. */
  extendedTimestampHeaders: number;
  /** Continuation chunks that should have repeated the extended field and did not (librtmp, OBS). */
  extendedTimestampOmitted: number;
  /** Unfinished messages dropped: aborted, or cut short by a new header on their chunk stream. */
  droppedMessages: number;
}

/**
 * Reassembles RTMP messages from the peer's chunk stream. Push bytes as they arrive, then call `next()` until it
 * returns undefined. Applies Set Chunk Size and Abort itself (and still returns them). Chunk payloads are consumed as
 * they arrive, so the input held is at most one header; unfinished messages count against `maxBufferedBytes`.
 *
 * Timestamps follow what FFmpeg and librtmp write: type 1 and 2 carry a delta, type 3 re-applies the last timestamp
 * field to a new message, and a header whose field is 0xFFFFFF is followed by the extended field, which every type-3
 * chunk after it repeats, continuation or new message, until the next type 0/1/2 header. Sums wrap at 2^32.
 * librtmp (and so OBS) leaves the field out of continuation chunks: a continuation whose 4 bytes are not the value
 * its message started with is read as payload (a 1 in 2^32 chance of a wrong guess per such chunk).
 */
export class ChunkReader {
  chunkSize = DEFAULT_CHUNK_SIZE;
  readonly counters: ChunkReaderCounters = {
    extendedTimestampHeaders: 0,
    extendedTimestampOmitted: 0,
    droppedMessages: 0,
  };
  private input: Buffer = EMPTY;
  private pos = 0;
  private readonly streams = new Map<number, ChunkStreamState>();
  private current: { state: ChunkStreamState; remaining: number; csid: number } | undefined;
  private partialBytes = 0;

  constructor(private readonly limits: ChunkReaderLimits) {}

  /** Bytes held: unfinished messages and input not parsed yet. */
  get bufferedBytes(): number {
    return this.partialBytes + this.input.length - this.pos;
  }

  push(bytes: Buffer): void {
    if (bytes.length === 0) return;
    const rest = this.input.length - this.pos;
    this.input = rest === 0 ? bytes : Buffer.concat([this.input.subarray(this.pos), bytes]);
    this.pos = 0;
    this.checkBuffered();
  }

  /** The next complete message, or undefined until more bytes arrive. */
  next(): RtmpMessage | undefined {
    for (;;) {
      if (this.current !== undefined) {
        const done = this.readPayload(this.current);
        if (done === undefined) return undefined;
        if (done !== null) return done;
        continue;
      }
      const started = this.readHeader();
      if (started === undefined) return undefined;
      if (started !== null) return started;
    }
  }

  /** Unfinished messages and unparsed input are bounded separately: one socket read may exceed a small limit. */
  private checkBuffered(): void {
    const { maxBufferedBytes } = this.limits;
    ensure(
      this.partialBytes <= maxBufferedBytes,
      'buffer_limit',
      `Over ${maxBufferedBytes} bytes of unfinished messages.`,
    );
    ensure(
      this.input.length - this.pos <= maxBufferedBytes,
      'buffer_limit',
      `Over ${maxBufferedBytes} bytes unparsed.`,
    );
  }

  /** Consumes chunk payload; a finished message, null when the chunk ended first, undefined when out of input. */
  private readPayload(current: {
    state: ChunkStreamState;
    remaining: number;
    csid: number;
  }): RtmpMessage | null | undefined {
    const available = this.input.length - this.pos;
    if (available === 0) return undefined;
    const take = Math.min(current.remaining, available);
    const { state } = current;
    state.parts.push(Buffer.from(this.input.subarray(this.pos, this.pos + take)));
    state.received += take;
    this.partialBytes += take;
    this.pos += take;
    this.checkBuffered();
    current.remaining -= take;
    if (current.remaining > 0) return undefined;
    this.current = undefined;
    return state.received === state.length ? this.finish(current.csid, state) : null;
  }

  /**
   * Parses one chunk header if all of it has arrived. Returns a message when it completes one (zero-length
   * messages), null when payload follows, undefined when more input is needed (nothing consumed then).
   */
  private readHeader(): RtmpMessage | null | undefined {
    const buf = this.input;
    let p = this.pos;
    if (buf.length - p < 1) return undefined;
    const b0 = buf[p]!;
    const fmt = b0 >> 6;
    let csid = b0 & 0x3f;
    p += 1;
    if (csid === 0) {
      if (buf.length - p < 1) return undefined;
      csid = 64 + buf[p]!;
      p += 1;
    } else if (csid === 1) {
      if (buf.length - p < 2) return undefined;
      csid = 64 + buf[p]! + buf[p + 1]! * 256;
      p += 2;
    }
    const size = HEADER_SIZE[fmt as 0 | 1 | 2 | 3];
    if (buf.length - p < size) return undefined;
    let state = this.streams.get(csid);
    if (state === undefined && fmt >= 2) {
      throw new RtmpError(
        'chunk_stream_unknown',
        `A type-${fmt} chunk on chunk stream ${csid}, which has no header yet.`,
      );
    }
    const field = fmt <= 2 ? buf.readUIntBE(p, 3) : 0;
    const length = fmt <= 1 ? buf.readUIntBE(p + 3, 3) : 0;
    const typeId = fmt <= 1 ? buf[p + 6]! : 0;
    const streamId = fmt === 0 ? buf.readUInt32LE(p + 7) : 0;
    p += size;
    let extended = fmt <= 2 ? field === EXTENDED_TIMESTAMP : state!.extended;
    let extendedValue = 0;
    let omitted = false;
    if (extended) {
      if (buf.length - p < 4) return undefined;
      extendedValue = buf.readUInt32BE(p);
      // A continuation repeats the value its message started with (or, as Adobe writes it, the message's
      // timestamp). Anything else means the sender left the field out, as librtmp and OBS do: payload follows.
      const continuation = fmt === 3 && state!.received > 0;
      if (continuation && extendedValue !== state!.extendedValue && extendedValue !== state!.timestamp) {
        extended = false;
        omitted = true;
      } else {
        p += 4;
      }
    }
    // The whole header is here: consume it.
    this.pos = p;
    if (extended) this.counters.extendedTimestampHeaders += 1;
    if (omitted) this.counters.extendedTimestampOmitted += 1;
    if (state === undefined) {
      ensure(
        this.streams.size < this.limits.maxChunkStreams,
        'chunk_streams_exceeded',
        `Over ${this.limits.maxChunkStreams} chunk streams in use.`,
      );
      state = {
        timestamp: 0,
        delta: 0,
        length: 0,
        typeId: 0,
        streamId: 0,
        extended: false,
        extendedValue: 0,
        parts: [],
        received: 0,
      };
      this.streams.set(csid, state);
    }
    if (fmt !== 3 && state.received > 0) this.dropUnfinished(state);
    if (fmt <= 2) state.extended = extended;
    if (fmt !== 3 || state.received === 0) {
      // A new message. Type 3 re-applies the last field, or the extended value it carries.
      const value = fmt === 3 ? (extended ? extendedValue : state.delta) : extended ? extendedValue : field;
      state.timestamp = fmt === 0 ? value : (state.timestamp + value) >>> 0;
      state.delta = value;
      state.extendedValue = extendedValue;
      if (fmt <= 1) {
        ensure(
          length <= this.limits.maxMessageSize,
          'message_too_large',
          `A ${length}-byte message is over the ${this.limits.maxMessageSize}-byte limit.`,
        );
        state.length = length;
        state.typeId = typeId;
      }
      if (fmt === 0) state.streamId = streamId;
      if (state.length === 0) return this.finish(csid, state);
    }
    this.current = { state, csid, remaining: Math.min(this.chunkSize, state.length - state.received) };
    return null;
  }

  private dropUnfinished(state: ChunkStreamState): void {
    this.partialBytes -= state.received;
    state.parts = [];
    state.received = 0;
    this.counters.droppedMessages += 1;
  }

  private finish(csid: number, state: ChunkStreamState): RtmpMessage {
    const payload = state.parts.length === 1 ? state.parts[0]! : Buffer.concat(state.parts, state.received);
    this.partialBytes -= state.received;
    state.parts = [];
    state.received = 0;
    const message: RtmpMessage = {
      csid,
      typeId: state.typeId,
      streamId: state.streamId,
      timestamp: state.timestamp,
      payload,
    };
    if (message.typeId === MessageType.setChunkSize) {
      this.chunkSize = decodeSetChunkSize(payload);
    } else if (message.typeId === MessageType.abort) {
      const aborted = this.streams.get(decodeAbort(payload));
      if (aborted !== undefined && aborted.received > 0) this.dropUnfinished(aborted);
    }
    return message;
  }
}
