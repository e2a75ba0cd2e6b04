import { randomBytes } from 'node:crypto';
import type { Clock } from '@framecast/kit';
import type { Kysely } from 'kysely';
import type { VideoTables } from '../video.tables.js';
import { signPlaybackToken, type TokenVerdict, verifyPlaybackToken } from './playback.token.js';

/** Which video a token opens, and which of its playback generations (see `playback.token.ts`). */
export interface SignedVideo {
  id: string;
  generation: number;
}

export interface PlaybackSigner {
  sign(video: SignedVideo): { token: string; expiresAt: Date };
  verify(video: SignedVideo, token: string): TokenVerdict;
}

const SECRET_KEY = 'playback_secret';

/** The configured secret, else the one kept in the schema (made by the first instance, so all of them share it). */
export async function loadPlaybackSecret(db: Kysely<VideoTables>, configured: string | null): Promise<string> {
  if (configured) return configured;
  await db
    .insertInto('settings')
    .values({ key: SECRET_KEY, value: randomBytes(32).toString('base64url') })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const row = await db.selectFrom('settings').select('value').where('key', '=', SECRET_KEY).executeTakeFirstOrThrow();
  return row.value;
}

/**
 * The expiry of a token signed at `nowSeconds`: now + TTL rounded up to a bucket of a quarter of the TTL. Every
 * response within one bucket carries the same token, so players and caches keep the URLs of posters and segments
 * they have; a token is valid for at least the TTL and at most 1.25 × TTL.
 */
export function tokenExpiry(nowSeconds: number, ttlSeconds: number): number {
  const bucket = Math.max(1, Math.ceil(ttlSeconds / 4));
  return Math.ceil((nowSeconds + ttlSeconds) / bucket) * bucket;
}

export function createPlaybackSigner(opts: { secret: string; ttlSeconds: number; clock: Clock }): PlaybackSigner {
  const nowSeconds = () => Math.floor(opts.clock.now().getTime() / 1000);
  return {
    sign(video) {
      const exp = tokenExpiry(nowSeconds(), opts.ttlSeconds);
      return {
        token: signPlaybackToken(opts.secret, video.id, exp, video.generation),
        expiresAt: new Date(exp * 1000),
      };
    },
    verify: (video, token) => verifyPlaybackToken(opts.secret, video, token, nowSeconds()),
  };
}
