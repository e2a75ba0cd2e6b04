/** What a rendition's timeline says about one segment number, for answering a request for it. */
export interface SegmentState {
  /** The number of the segment being written, if one is. */
  open: number | null;
  /** The number the next segment to start will have; null once the stream has ended. */
  next: number | null;
  /** The segment is finished and every part of it is still in memory. */
  inMemory: boolean;
  /** The segment is finished and stored, not yet deleted (its parts may have left memory). */
  stored: boolean;
}

/**
 * How a segment request is answered:
 * - `whole`: finished, from memory;
 * - `chunked`: being written, at once, each part as it lands (chunked transfer encoding), ending when it closes;
 * - `wait`: the next one, not started yet: held until it starts, then `chunked`;
 * - `storage`: finished, its parts gone from memory: from the store;
 * - `missing`: older than the store keeps, or more than one segment ahead (404).
 */
export type SegmentAnswer = 'whole' | 'chunked' | 'wait' | 'storage' | 'missing';

/** Decides how to answer a request for segment `msn`. Pure. */
export function decideSegment(msn: number, state: SegmentState): SegmentAnswer {
  if (state.inMemory) return 'whole';
  if (msn === state.open) return 'chunked';
  if (state.stored) return 'storage';
  // With a segment open, only the one after it; between segments (an input restarting), the one to come.
  if (state.next !== null && msn === state.next) return 'wait';
  return 'missing';
}

/** What a chunked segment response has to go on: the parts that landed so far, and whether the segment closed. */
export interface ChunkState {
  /** Whether part `sent` (the next to send) is in memory. */
  nextInMemory: boolean;
  /** The segment's part count once it has closed; null while it is being written. */
  partCount: number | null;
  /** The segment is neither being written nor finished (the stream failed, or it left the window). */
  gone: boolean;
}

/**
 * The next step of a chunked segment response that has sent `sent` parts: `send` part `sent`, `end` (every part
 * sent and the segment closed), `wait` for the next part, or `fail` (the segment cannot be finished: its parts left
 * memory before they were sent, or it is gone). Pure.
 */
export function chunkStep(sent: number, state: ChunkState): 'send' | 'end' | 'wait' | 'fail' {
  if (state.partCount !== null && sent >= state.partCount) return 'end';
  if (state.gone) return 'fail';
  if (state.nextInMemory) return 'send';
  return state.partCount !== null ? 'fail' : 'wait';
}
