import type { FastifyRequest } from 'fastify';
import { AppError } from './errors.js';

/** U+0000: PostgreSQL cannot store it in text, and no person types it. */
const NUL = '\u0000';

/** Parsed JSON is arrays and plain objects; bytes, streams and class instances are not text to look into. */
const isPlainObject = (value: unknown): value is Record<string, unknown> => {
  if (value === null || typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
};

/**
 * The path (`title`, `tags.2`, a key's own path) of the first string in `value` that holds a NUL character, or null.
 * Walks with an explicit stack, so a deeply nested body cannot exhaust the call stack.
 */
export function findNul(value: unknown): string | null {
  const stack: [unknown, string][] = [[value, '']];
  while (stack.length > 0) {
    const [item, path] = stack.pop()!;
    if (typeof item === 'string') {
      if (item.includes(NUL)) return path;
    } else if (Array.isArray(item)) {
      for (let i = item.length - 1; i >= 0; i--) stack.push([item[i], path ? `${path}.${i}` : String(i)]);
    } else if (isPlainObject(item)) {
      for (const [key, inner] of Object.entries(item)) {
        const at = path ? `${path}.${key}` : key;
        if (key.includes(NUL)) return at;
        stack.push([inner, at]);
      }
    }
  }
  return null;
}

/**
 * 400 `validation_failed` naming the field (`The field "title"`) when any text in `value` holds a NUL character;
 * also for text that arrives outside a schema (multipart fields, tus metadata).
 */
export function rejectNul(value: unknown, label = 'The field'): void {
  const path = findNul(value);
  if (path === null) return;
  const field = path ? `${label} "${path.replaceAll(NUL, '\\0').slice(0, 100)}"` : 'The request';
  throw AppError.badRequest('validation_failed', `${field} contains a NUL character (U+0000), which is not allowed.`);
}

/**
 * `preValidation` hook of every route: path parameters, the query string and a parsed body are refused with 400
 * when any text in them holds a NUL character, before any schema or handler sees them.
 */
export async function nulGuard(request: FastifyRequest): Promise<void> {
  // The router's params and the query parser's result are objects of their own kinds: their values are the text.
  rejectNul({ ...(request.params as object) }, 'The path parameter');
  rejectNul({ ...(request.query as object) }, 'The query parameter');
  rejectNul(request.body, 'The field');
}
