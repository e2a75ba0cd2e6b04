/**
 * Joins class names, dropping falsy entries. It does not resolve conflicts (`py-8` after `py-10` is
 * not guaranteed to win), so components take props such as `size` for what callers would otherwise
 * override, and `className` only adds.
 */
export function cn(...parts: Array<string | false | null | undefined>): string {
  return parts.filter(Boolean).join(' ');
}
