import { AppError } from '@framecast/kit';

/** The headers a browser sends that say where a request comes from. */
export interface RequestOrigin {
  origin?: string | undefined;
  secFetchSite?: string | undefined;
  referer?: string | undefined;
}

/** The origins that may act with the session cookie: PUBLIC_URL's and the configured CORS origins. */
export function allowedOrigins(publicUrl: string, corsOrigins: readonly string[]): Set<string> {
  const origins = new Set<string>();
  for (const url of [publicUrl, ...corsOrigins]) {
    try {
      origins.add(new URL(url).origin);
    } catch {
      // A CORS origin that is not a URL matches nothing.
    }
  }
  return origins;
}

const originOf = (url: string): string | null => {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
};

/**
 * Whether a request carrying the session cookie comes from a page of ours. Judged by `Origin` when the browser sent
 * one (every modern browser does on a POST); else by `Sec-Fetch-Site` (`same-origin`, or `none` for a person's own
 * action); else by `Referer`. A request with none of them is not a browser's cross-site request, so it passes.
 */
export function fromAllowedOrigin(from: RequestOrigin, allowed: ReadonlySet<string>): boolean {
  if (from.origin !== undefined) return allowed.has(from.origin);
  if (from.secFetchSite !== undefined) return from.secFetchSite === 'same-origin' || from.secFetchSite === 'none';
  if (from.referer !== undefined) {
    const origin = originOf(from.referer);
    return origin !== null && allowed.has(origin);
  }
  return true;
}

export const originRefused = () =>
  AppError.forbidden(
    'origin_not_allowed',
    'This request came from a page of another site, so the session cookie was not used. Sign in on this site.',
  );
