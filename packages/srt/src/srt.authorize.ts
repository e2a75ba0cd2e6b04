import type { SrtLogger } from './srt.logger.js';
import type { SrtRefusalCode, SrtRejectReason } from './srt.reject.js';
import type { SrtSession } from './srt.session.js';

/** A caller to authorize: its Stream ID, where it comes from, and who else holds that Stream ID. */
export interface SrtAuthorizeRequest<Handle> {
  /** The caller's Stream ID (`streamid=` in its URL), `''` if it sent none. */
  streamId: string;
  remoteAddress: string;
  remotePort: number;
  /** Sessions on air with this Stream ID: a second publisher is yours to refuse, or the first one yours to close. */
  sessions: readonly SrtSession<Handle>[];
  /** Other callers with this Stream ID that are being authorized, or accepted and not yet connected by libsrt. */
  pending: number;
}

/**
 * `authorize`'s answer: accept with a handle of the caller's and the stream's passphrase (10 to 79 bytes; libsrt
 * refuses a caller whose key does not match it), or refuse with a reason for the logs and a code for the caller
 * (`forbidden` unless given).
 */
export type SrtAuthorizeResult<Handle> =
  | { ok: true; handle: Handle; passphrase: string }
  | { ok: false; reason: string; code?: SrtRefusalCode };

/** The caller's decision; the signal aborts when `limits.authorizeTimeoutMs` passes or the server closes. */
export type SrtAuthorize<Handle> = (
  request: SrtAuthorizeRequest<Handle>,
  context: { signal: AbortSignal },
) => Promise<SrtAuthorizeResult<Handle>>;

/** What came of asking: go ahead with a handle and passphrase, or refuse the caller with an SRT reason. */
export type Decision<Handle> =
  | { ok: true; handle: Handle; passphrase: string }
  | { ok: false; code: SrtRejectReason; why: string };

/** libsrt takes a passphrase of 10 to 79 bytes. */
export function usablePassphrase(passphrase: unknown): passphrase is string {
  if (typeof passphrase !== 'string' || passphrase.includes('\0')) return false;
  const length = Buffer.byteLength(passphrase, 'utf8');
  return length >= 10 && length <= 79;
}

/**
 * Asks `authorize`, bounded by `timeoutMs` and `controller`: a throw, a timeout or an abort is a refusal
 * (`unavailable`), as is a passphrase libsrt cannot take (`internalError`, logged: the bug is the callback's).
 */
export async function askAuthorize<Handle>(
  authorize: SrtAuthorize<Handle>,
  request: SrtAuthorizeRequest<Handle>,
  controller: AbortController,
  timeoutMs: number,
  logger: SrtLogger,
): Promise<Decision<Handle>> {
  const { signal } = controller;
  const timer = setTimeout(() => controller.abort(new Error('authorize timed out')), timeoutMs);
  try {
    const aborted = new Promise<never>((_, reject) => {
      signal.addEventListener('abort', () => reject(signal.reason), { once: true });
    });
    const result = await Promise.race([authorize(request, { signal }), aborted]);
    if (!result.ok) return { ok: false, code: result.code ?? 'forbidden', why: result.reason };
    if (!usablePassphrase(result.passphrase)) {
      logger.error({ streamId: request.streamId }, 'srt: authorize gave a passphrase libsrt cannot use (10-79 bytes)');
      return { ok: false, code: 'internalError', why: 'unusable passphrase' };
    }
    return { ok: true, handle: result.handle, passphrase: result.passphrase };
  } catch (err) {
    logger.warn({ streamId: request.streamId, err: String(err) }, 'srt: authorization failed');
    return { ok: false, code: 'unavailable', why: `authorization failed: ${String(err)}` };
  } finally {
    clearTimeout(timer);
  }
}
