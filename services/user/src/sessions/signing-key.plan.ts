/** A stored signing key, as far as choosing one goes. */
export interface KeyTimes {
  kid: string;
  createdAt: Date;
  expiresAt: Date;
}

export interface KeyPeriods {
  /** How long a key signs before a newer one takes over. */
  signingMs: number;
  /** Access token lifetime: a retired key stays published this long so its tokens still verify. */
  accessTokenMs: number;
}

/** A key signs for 30 days, then is published until the last token it signed has expired. */
export const SIGNING_PERIOD_MS = 30 * 24 * 3600 * 1000;
/**
 * A new key is published this long before it signs, so verifiers holding a cached JWKS (up to five minutes,
 * per its Cache-Control) already know it when its first token arrives.
 */
export const PUBLISH_AHEAD_MS = 10 * 60 * 1000;
/** Clock skew allowed between the instances that sign and those that verify. */
const SKEW_MS = 60_000;

export interface KeyPlan<K extends KeyTimes> {
  /** The key to sign with now; null only when there is no usable key at all. */
  signer: K | null;
  /** Whether to make a key now: there is none, or the newest has come to the end of its signing period. */
  makeKey: boolean;
  /** Every unexpired key, newest first: what the JWKS publishes. */
  published: K[];
}

/**
 * Key `n+1` is made when key `n` has signed for its period, published at once, and signs once it has been
 * published for `PUBLISH_AHEAD_MS`; key `n` signs until then. The very first key signs at once (no verifier
 * has cached anything yet), as does a new key after a long outage when no older key may still sign.
 */
export function planKeys<K extends KeyTimes>(keys: readonly K[], now: Date, periods: KeyPeriods): KeyPlan<K> {
  const t = now.getTime();
  const age = (k: K) => t - k.createdAt.getTime();
  const published = keys
    .filter((k) => k.expiresAt.getTime() > t)
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime() || b.kid.localeCompare(a.kid));
  const mayStillSign = (k: K) => age(k) < periods.signingMs + PUBLISH_AHEAD_MS;
  const signer =
    published.find((k) => age(k) >= PUBLISH_AHEAD_MS && mayStillSign(k)) ?? published.find(mayStillSign) ?? null;
  const newest = published[0];
  return { signer, makeKey: !newest || age(newest) >= periods.signingMs, published };
}

/** When a key made at `createdAt` stops being published: after its last possible token has expired. */
export function keyExpiry(createdAt: Date, periods: KeyPeriods): Date {
  return new Date(createdAt.getTime() + PUBLISH_AHEAD_MS + periods.signingMs + periods.accessTokenMs + SKEW_MS);
}
