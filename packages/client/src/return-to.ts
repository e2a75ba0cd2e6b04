import { safeReturnTo } from '@framecast/contracts/rules';

/** Where to send a signed-out person who wants `returnTo`. */
export function signInPath(returnTo: string): string {
  const target = safeReturnTo(returnTo);
  return target === '/' ? '/signin' : `/signin?returnTo=${encodeURIComponent(target)}`;
}

/** The `returnTo` query parameter of a search string, made safe (the contracts' `safeReturnTo`). */
export function returnToFrom(search: string): string {
  return safeReturnTo(new URLSearchParams(search).get('returnTo'));
}
