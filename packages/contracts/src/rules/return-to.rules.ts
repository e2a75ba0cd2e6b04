/** The longest return-to path kept; a longer one is not a page of this site anyone needs to come back to. */
export const RETURN_TO_MAX_LENGTH = 2000;

/**
 * A path on this site to go back to after signing in, or `/`. Only a same-origin relative path is kept: it starts
 * with one `/`, holds no backslash (browsers read `/\evil.example` as `//evil.example`) and no control characters
 * (browsers drop tabs and newlines, so `/\t/evil.example` would become `//evil.example`). `//host`, `https://…` and
 * `javascript:…` are refused. The server applies it to the OIDC `returnTo`, the browser to `?returnTo=`.
 */
export function safeReturnTo(value: string | null | undefined): string {
  if (!value || value.length > RETURN_TO_MAX_LENGTH) return '/';
  if (!value.startsWith('/') || value.startsWith('//') || value.includes('\\')) return '/';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point.
  if (/[\u0000-\u001f\u007f-\u009f]/.test(value)) return '/';
  return value;
}
