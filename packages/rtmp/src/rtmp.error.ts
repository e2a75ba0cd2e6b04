/** Stable machine codes of everything that makes a connection's input unacceptable. */
export type RtmpErrorCode =
  | 'handshake_version'
  | 'chunk_size_invalid'
  | 'chunk_stream_unknown'
  | 'chunk_streams_exceeded'
  | 'message_too_large'
  | 'buffer_limit'
  | 'control_malformed'
  | 'amf_truncated'
  | 'amf_unknown_marker'
  | 'amf_reference'
  | 'amf3_unsupported'
  | 'amf_too_deep'
  | 'amf_too_many_items'
  | 'command_malformed'
  | 'aggregate_malformed'
  | 'flv_tag_malformed'
  | 'bitstream_overrun'
  | 'protocol_violation';

/**
 * The one error the parsers throw: a connection that meets it is closed with one log line. Anything else thrown
 * from the protocol code is a bug in it, not in the peer's bytes.
 */
export class RtmpError extends Error {
  constructor(
    readonly code: RtmpErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'RtmpError';
  }
}

/** Throws an `RtmpError` unless `condition` holds; keeps bounds checks one line each. */
export function ensure(condition: boolean, code: RtmpErrorCode, message: string): asserts condition {
  if (!condition) throw new RtmpError(code, message);
}
