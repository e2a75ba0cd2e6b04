/** Everything that bounds what callers can make the server hold, start or wait for. */
export interface SrtLimits {
  /**
   * Callers between a conclusion with a good cookie and an established connection (authorize, then FFmpeg's start),
   * in all and per address. Each may cost an `authorize` call and an FFmpeg process; over the bound, a caller is
   * refused with `backlog`.
   */
  maxHandshakes: number;
  maxHandshakesPerAddress: number;
  /** Relays at once, each one FFmpeg: over it, a caller is refused with `overload` (after `authorize`). */
  maxSessions: number;
  /** How long `authorize` may take; past it the caller is refused with `unavailable`. */
  authorizeTimeoutMs: number;
  /**
   * From the conclusion to the established connection: authorize, FFmpeg's start, its answer. A caller gives up on
   * its own after its connect timeout (FFmpeg's is 3 s), so this only bounds what we hold for one that went quiet.
   */
  handshakeTimeoutMs: number;
  /** A relay that gets nothing from its caller for this long is ended (`timeout`); libsrt itself gives up after 5 s. */
  idleTimeoutMs: number;
  /** A session whose FLV nobody reads for this long (FFmpeg blocked on its stdout) is ended (`timeout`). */
  consumerStallTimeoutMs: number;
  /** Time FFmpeg gets to finish after SIGTERM (its last FLV bytes, its SHUTDOWN to the caller) before SIGKILL. */
  closeGraceMs: number;
  /** A refusal is answered again, unchanged, to the same caller's repeated conclusions for this long. */
  rejectionMemoryMs: number;
}

/** Defaults sized for a few dozen publishers on one host; `limits` overrides any of them. */
export const defaultSrtLimits: SrtLimits = {
  maxHandshakes: 32,
  maxHandshakesPerAddress: 4,
  maxSessions: 100,
  authorizeTimeoutMs: 2_000,
  handshakeTimeoutMs: 5_000,
  idleTimeoutMs: 8_000,
  consumerStallTimeoutMs: 30_000,
  closeGraceMs: 2_000,
  rejectionMemoryMs: 5_000,
};

/** Defaults overridden by `overrides`, checked: a limit that cannot work is refused at startup. */
export function resolveLimits(overrides: Partial<SrtLimits> = {}): SrtLimits {
  const limits = { ...defaultSrtLimits, ...overrides };
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isFinite(value) || value <= 0) throw new RangeError(`SRT limit ${name} must be a positive number.`);
  }
  if (limits.maxHandshakesPerAddress > limits.maxHandshakes) {
    throw new RangeError('maxHandshakesPerAddress cannot be over maxHandshakes.');
  }
  return limits;
}
