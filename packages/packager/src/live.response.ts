/** Why a request got no content: a stable code an HTTP layer maps to its error shape. */
export type LiveErrorCode =
  /** Malformed or too far ahead (RFC 8216bis blocking reload rules): 400. */
  | 'bad_request'
  /** No such rendition, part or segment: 404. */
  | 'not_found'
  /** A finished segment no longer in memory: read `key` from the sink's storage. */
  | 'in_storage'
  /** What was waited for did not come within 3 target durations, or the stream has no media yet: 503. */
  | 'unavailable'
  /** Too many requests held already: 503. */
  | 'overloaded'
  /** The request's signal aborted; nobody is listening for the answer. */
  | 'aborted';

/**
 * The bytes of a segment still being written, as they come: each part once it lands, ending when the segment closes.
 * An HTTP layer sends it with chunked transfer encoding. It throws if the segment cannot be finished (the stream
 * failed, a part did not come in time, or the reader was so slow the parts left memory): the response must then be
 * cut off, not ended, so nobody takes it for the whole segment.
 */
export type ChunkedBody = AsyncIterable<Uint8Array>;

/** The answer to a request for a playlist, manifest or media: the body to send, or why there is none. */
export type LiveResponse =
  | { status: 200; body: string | Uint8Array | ChunkedBody; contentType: string; cacheControl: string }
  | { status: 400 | 404 | 503; code: LiveErrorCode; message: string; key?: string };

const STATUS: Record<LiveErrorCode, 400 | 404 | 503> = {
  bad_request: 400,
  not_found: 404,
  in_storage: 404,
  unavailable: 503,
  overloaded: 503,
  aborted: 503,
};

/** A 200 answer. */
export function ok(body: string | Uint8Array | ChunkedBody, contentType: string, cacheControl: string): LiveResponse {
  return { status: 200, body, contentType, cacheControl };
}

/** An answer without content, its status from its code. */
export function failure(code: LiveErrorCode, message: string, key?: string): LiveResponse {
  return { status: STATUS[code], code, message, ...(key ? { key } : {}) };
}

/** The failure for a hold that did not end ready. */
export function notReady(outcome: 'timeout' | 'aborted' | 'full' | 'closed', what: string): LiveResponse {
  if (outcome === 'aborted') return failure('aborted', `the request for ${what} was aborted`);
  if (outcome === 'full') return failure('overloaded', `too many requests are waiting; ${what} was not held`);
  return failure('unavailable', `${what} is not available yet`);
}
