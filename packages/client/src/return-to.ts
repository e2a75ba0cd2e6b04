/**
 * A path inside this site to go back to after signing in, or `/`. Anything that could leave the site
 * (`//evil.example`, `https://…`, `/\evil`) is refused so the parameter cannot be used to redirect elsewhere.
 */
export function safeReturnTo(value: string | null | undefined): string {
  if (!value?.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  return value;
}

/** Where to send a signed-out person who wants `returnTo`. */
export function signInPath(returnTo: string): string {
  const target = safeReturnTo(returnTo);
  return target === '/' ? '/signin' : `/signin?returnTo=${encodeURIComponent(target)}`;
}

/** The `returnTo` query parameter of a search string, made safe. */
export function returnToFrom(search: string): string {
  return safeReturnTo(new URLSearchParams(search).get('returnTo'));
}
