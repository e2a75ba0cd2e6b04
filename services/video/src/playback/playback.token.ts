import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Playback tokens: `<exp>.<HMAC-SHA256(secret, "<videoId>.<exp>")>` in base64url, `exp` in Unix seconds.
 * They sit in the media path, so every relative URI in a manifest carries them.
 */
export const TOKEN_PATTERN = /^[0-9]{1,12}\.[A-Za-z0-9_-]{43}$/;

function mac(secret: string, videoId: string, exp: number): string {
  return createHmac('sha256', secret).update(`${videoId}.${exp}`).digest('base64url');
}

export function signPlaybackToken(secret: string, videoId: string, exp: number): string {
  return `${exp}.${mac(secret, videoId, exp)}`;
}

export type TokenVerdict = 'valid' | 'malformed' | 'forged' | 'expired';

/** Checks a token for one video at `nowSeconds`; forged is checked before expiry so expiry cannot be probed. */
export function verifyPlaybackToken(secret: string, videoId: string, token: string, nowSeconds: number): TokenVerdict {
  if (!TOKEN_PATTERN.test(token)) return 'malformed';
  const [expText = '', given = ''] = token.split('.');
  const exp = Number(expText);
  const expected = Buffer.from(mac(secret, videoId, exp));
  const actual = Buffer.from(given);
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return 'forged';
  return exp > nowSeconds ? 'valid' : 'expired';
}
