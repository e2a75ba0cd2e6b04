/** Stable machine codes of everything that makes a datagram unreadable. */
export type SrtErrorCode = 'packet_truncated' | 'handshake_truncated' | 'extension_malformed' | 'stream_id_invalid';

/**
 * The one error the datagram parsers throw: the server ignores the datagram that caused it (UDP carries anything
 * anyone sends). Anything else thrown from the parsing code is a bug in it, not in the peer's bytes.
 */
export class SrtError extends Error {
  constructor(
    readonly code: SrtErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'SrtError';
  }
}

/** Throws an `SrtError` unless `condition` holds; keeps bounds checks one line each. */
export function ensure(condition: boolean, code: SrtErrorCode, message: string): asserts condition {
  if (!condition) throw new SrtError(code, message);
}
