import type { Config } from '@framecast/kit';

/** Only the auth routes need the refresh token, so the browser sends it nowhere else. */
export const REFRESH_COOKIE_PATH = '/api/auth';

export interface CookieOptions {
  httpOnly: true;
  sameSite: 'lax';
  path: string;
  secure: boolean;
  /** Seconds. */
  maxAge: number;
}

/** The refresh cookie: out of scripts' reach, not sent on cross-site subrequests, Secure whenever the site is https. */
export function refreshCookieOptions(config: Pick<Config, 'publicUrl' | 'auth'>): CookieOptions {
  return {
    httpOnly: true,
    sameSite: 'lax',
    path: REFRESH_COOKIE_PATH,
    secure: config.publicUrl.startsWith('https://'),
    maxAge: config.auth.refreshTokenTtlSeconds,
  };
}

/** Same name, path and flags with no lifetime: what clearing the cookie needs to match. */
export function clearedCookieOptions(config: Pick<Config, 'publicUrl' | 'auth'>): Omit<CookieOptions, 'maxAge'> {
  const { maxAge: _unused, ...rest } = refreshCookieOptions(config);
  return rest;
}
