import { SrtError } from './srt.error.js';
import { type ConclusionRequest, conclusionRequest, type Handshake, HandshakeType } from './srt.handshake.js';
import type { SrtLimits } from './srt.limits.js';
import type { SrtRejectReason } from './srt.reject.js';

/** What the server does with a handshake from a caller it holds nothing for. */
export type HandshakeAction =
  | { kind: 'ignore'; why: string }
  /** Answer with our cookie, and keep nothing. */
  | { kind: 'induction' }
  | { kind: 'reject'; reason: SrtRejectReason; why: string }
  /** A conclusion worth asking `authorize` about. */
  | { kind: 'authorize'; request: ConclusionRequest };

/** The server's state, as far as a decision on one handshake needs it. */
export interface PlanContext {
  limits: Pick<SrtLimits, 'maxHandshakes' | 'maxHandshakesPerAddress' | 'maxSessions'>;
  cookieValid: boolean;
  closing: boolean;
  /** Handshakes in progress, in all and from this caller's address. */
  handshakes: number;
  handshakesFromAddress: number;
  /** Relays running or starting: each is an FFmpeg. */
  relays: number;
}

/**
 * Decides on a handshake before any state is kept: inductions get a cookie; a conclusion must echo a good cookie (so
 * its source address is real) before it costs anything, is refused when the server is full or the caller will not
 * encrypt (every stream here has a passphrase), and otherwise goes to `authorize`.
 */
export function planHandshake(handshake: Handshake, context: PlanContext): HandshakeAction {
  if (handshake.type === HandshakeType.induction) {
    return handshake.destination === 0 ? { kind: 'induction' } : { kind: 'ignore', why: 'induction to a socket' };
  }
  if (handshake.type !== HandshakeType.conclusion) return { kind: 'ignore', why: `handshake type ${handshake.type}` };
  if (!context.cookieValid) return { kind: 'ignore', why: 'conclusion without a cookie of ours' };
  if (handshake.version < 5) return { kind: 'reject', reason: 'version', why: 'an HSv4 caller (SRT before 1.3)' };
  if (context.closing) return { kind: 'reject', reason: 'close', why: 'the server is closing' };
  const { limits } = context;
  if (context.handshakes >= limits.maxHandshakes || context.handshakesFromAddress >= limits.maxHandshakesPerAddress) {
    return { kind: 'reject', reason: 'backlog', why: 'too many handshakes in progress' };
  }
  if (context.relays >= limits.maxSessions) return { kind: 'reject', reason: 'overload', why: 'too many sessions' };
  let request: ConclusionRequest;
  try {
    request = conclusionRequest(handshake);
  } catch (err) {
    if (!(err instanceof SrtError)) throw err;
    return { kind: 'reject', reason: 'badRequest', why: `${err.code}: ${err.message}` };
  }
  if (!request.encrypted) return { kind: 'reject', reason: 'unsecure', why: 'the caller set no passphrase' };
  return { kind: 'authorize', request };
}
