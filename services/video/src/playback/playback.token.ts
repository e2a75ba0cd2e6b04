import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Playback tokens: `<exp>.<HMAC-SHA256(secret, "<videoId>.<exp>[.<generation>]")>` in base64url, `exp` in Unix
 * seconds. `generation` is the video's playback generation, moved on by every visibility change: a token signed before
 * the change no longer verifies. (Generation 0 signs the message without it, as tokens were signed before there were
 * generations.) They sit in the media path, so every relative URI in a manifest carries them.
 */
export const TOKEN_PATTERN = /^[0-9]{1,12}\.[A-Za-z0-9_-]{43}$/;

function mac(secret: string, videoId: string, exp: number, generation: number): string {
  const message = generation === 0 ? `${videoId}.${exp}` : `${videoId}.${exp}.${generation}`;
  return createHmac('sha256', secret).update(message).digest('base64url');
}

export function signPlaybackToken(secret: string, videoId: string, exp: number, generation = 0): string {
  return `${exp}.${mac(secret, videoId, exp, generation)}`;
}

export type TokenVerdict = 'valid' | 'malformed' | 'forged' | 'expired';

/** Checks a token for one video at `nowSeconds`; forged is checked before expiry so expiry cannot be probed. */
export function verifyPlaybackToken(
  secret: string,
  video: { id: string; generation: number },
  token: string,
  nowSeconds: number,
): TokenVerdict {
  if (!TOKEN_PATTERN.test(token)) return 'malformed';
  const [expText = '', given = ''] = token.split('.');
  const exp = Number(expText);
  const expected = Buffer.from(mac(secret, video.id, exp, video.generation));
  const actual = Buffer.from(given);
  if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) return 'forged';
  return exp > nowSeconds ? 'valid' : 'expired';
}
