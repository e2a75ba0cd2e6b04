/**
 * Handles: the channel address (`/c/<handle>`) and the name people type to sign in. The browser checks them as the
 * person types; the server checks the same rules (the `Handle` schema, then the reserved names).
 */
export const HANDLE_MIN_LENGTH = 3;
export const HANDLE_MAX_LENGTH = 30;
/** Lowercase letters, digits and underscores, not starting with an underscore. Also the `Handle` schema's pattern. */
export const HANDLE_PATTERN = /^[a-z0-9][a-z0-9_]{2,29}$/;

/** Handles double as URL segments and names in the UI, so words the platform uses are kept back. */
export const RESERVED_HANDLES: ReadonlySet<string> = new Set([
  'about',
  'account',
  'admin',
  'administrator',
  'api',
  'app',
  'assets',
  'auth',
  'c',
  'channel',
  'channels',
  'dashboard',
  'explore',
  'framecast',
  'help',
  'home',
  'live',
  'login',
  'logout',
  'me',
  'mf',
  'moderator',
  'new',
  'null',
  'popular',
  'register',
  'root',
  'search',
  'settings',
  'signin',
  'signout',
  'signup',
  'static',
  'studio',
  'support',
  'system',
  'undefined',
  'upload',
  'user',
  'users',
  'video',
  'videos',
  'watch',
]);

/** Handles compare without case: stored and looked up lowercased. */
export function normalizeHandle(handle: string): string {
  return handle.trim().toLowerCase();
}

export function isReservedHandle(handle: string): boolean {
  return RESERVED_HANDLES.has(handle.toLowerCase());
}

export type HandleProblem = 'length' | 'characters' | 'reserved';

/** What is wrong with a handle, or null when it can be registered (if nobody has it). */
export function handleProblem(handle: string): HandleProblem | null {
  if (handle.length < HANDLE_MIN_LENGTH || handle.length > HANDLE_MAX_LENGTH) return 'length';
  if (!HANDLE_PATTERN.test(handle)) return 'characters';
  if (isReservedHandle(handle)) return 'reserved';
  return null;
}

/** A sentence for each problem, the same in the form and in the API's answer. */
export function handleMessage(problem: HandleProblem, handle: string): string {
  switch (problem) {
    case 'length':
      return `Handles are ${HANDLE_MIN_LENGTH} to ${HANDLE_MAX_LENGTH} characters long.`;
    case 'characters':
      return 'Use lowercase letters, digits and underscores, starting with a letter or digit.';
    case 'reserved':
      return `The handle "${handle}" is reserved. Choose another one.`;
  }
}
