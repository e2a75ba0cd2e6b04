/**
 * A path on this site to land on after signing in, or `/`. Anything a browser could read as another
 * origin (`//evil.example`, `/\evil.example`, `https://…`) or that carries control characters is refused.
 */
export function safeReturnTo(value: string | undefined): string {
  if (!value || value.length > 2000) return '/';
  if (!value.startsWith('/') || value.startsWith('//') || value.includes('\\')) return '/';
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point.
  if (/[\u0000-\u001f\u007f]/.test(value)) return '/';
  return value;
}
