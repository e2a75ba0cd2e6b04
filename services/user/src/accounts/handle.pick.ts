import { HANDLE_MAX_LENGTH, HANDLE_PATTERN, isReservedHandle } from '@framecast/contracts/rules';

/* Handles for accounts made by single sign-on, derived from what the provider says. The rules are the contracts'. */

const MAX_HANDLE = HANDLE_MAX_LENGTH;

/**
 * A valid handle made from what a sign-in provider says about the person: `preferred_username`,
 * else the email's local part, else "user". Accents are dropped, other characters become `_`.
 */
export function handleBase(claims: { preferredUsername?: string; email?: string }): string {
  const source = [claims.preferredUsername, claims.email?.split('@')[0]].find((s) => s && s.trim().length > 0) ?? '';
  let base = source
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .replace(/_{2,}/g, '_')
    .slice(0, MAX_HANDLE);
  if (base.length === 0) base = 'user';
  if (base.length < 3) base = `${base}_user`.slice(0, MAX_HANDLE);
  return base;
}

/**
 * The first free handle for `base`: the base itself, then `base2`, `base3`… trimmed to fit 30 characters.
 * `taken` holds the existing handles that start with the base's first 24 characters.
 */
export function pickFreeHandle(base: string, taken: ReadonlySet<string>): string {
  const free = (h: string) => !taken.has(h) && !isReservedHandle(h) && HANDLE_PATTERN.test(h);
  if (free(base)) return base;
  for (let n = 2; ; n++) {
    const suffix = String(n);
    const candidate = `${base.slice(0, MAX_HANDLE - suffix.length)}${suffix}`;
    if (free(candidate)) return candidate;
  }
}

/** Prefix to query for handles that `pickFreeHandle` may collide with (suffixes up to 6 digits). */
export function handleSearchPrefix(base: string): string {
  return base.slice(0, MAX_HANDLE - 6);
}
