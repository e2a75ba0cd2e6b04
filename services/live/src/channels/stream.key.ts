import { randomBytes } from 'node:crypto';

const PREFIX = 'live_';
/** 24 random bytes: 192 bits, out of reach of guessing. */
const KEY_BYTES = 24;
const SHAPE = /^live_[A-Za-z0-9_-]{32}$/;

/** A new stream key: `live_` and 32 URL-safe characters, so it survives being pasted into any RTMP URL. */
export function newStreamKey(): string {
  return `${PREFIX}${randomBytes(KEY_BYTES).toString('base64url')}`;
}

/** Whether a publish name can be a stream key at all (anything else is refused without a database read). */
export function looksLikeStreamKey(name: string): boolean {
  return SHAPE.test(name);
}
