import { createHmac, randomBytes } from 'node:crypto';

/** A cookie is good for the minute it was made in and the next one, as libsrt's are. */
const PERIOD_MS = 60_000;

/**
 * SYN cookies for the induction: a caller must echo one made for its address and port before the server keeps any
 * state for it, so a flood of spoofed inductions costs one HMAC and one 64-byte answer each, and nothing is held.
 */
export class CookieJar {
  private readonly secret: Buffer;

  constructor(
    secret: Buffer = randomBytes(32),
    private readonly now: () => number = Date.now,
  ) {
    this.secret = secret;
  }

  bake(address: string, port: number): number {
    return this.make(address, port, Math.floor(this.now() / PERIOD_MS));
  }

  check(address: string, port: number, cookie: number): boolean {
    const period = Math.floor(this.now() / PERIOD_MS);
    return cookie === this.make(address, port, period) || cookie === this.make(address, port, period - 1);
  }

  private make(address: string, port: number, period: number): number {
    const digest = createHmac('sha256', this.secret).update(`${address}|${port}|${period}`).digest();
    // Zero means "no cookie" in an induction: never hand it out.
    return digest.readUInt32BE(0) || 1;
  }
}
