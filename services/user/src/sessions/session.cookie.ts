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

/** What the cookie's flags depend on: the site's address and how long a refresh token lives. */
export interface CookieSite {
  publicUrl: string;
  refreshTokenTtlSeconds: number;
}

/** The refresh cookie: out of scripts' reach, not sent on cross-site subrequests, Secure whenever the site is https. */
export function refreshCookieOptions(site: CookieSite): CookieOptions {
  return {
    httpOnly: true,
    sameSite: 'lax',
    path: REFRESH_COOKIE_PATH,
    secure: site.publicUrl.startsWith('https://'),
    maxAge: site.refreshTokenTtlSeconds,
  };
}

/** Same name, path and flags with no lifetime: what clearing the cookie needs to match. */
export function clearedCookieOptions(site: CookieSite): Omit<CookieOptions, 'maxAge'> {
  const { maxAge: _unused, ...rest } = refreshCookieOptions(site);
  return rest;
}
