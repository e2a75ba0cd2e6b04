/** A request under `/media/videos/<id>/`: the storage-relative file, and the token when the path carries one. */
export interface MediaPath {
  token: string | null;
  /** Relative to `videos/<id>/`: `media/master.m3u8`, `poster.jpg`. */
  file: string;
}

const SEGMENT = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,127}$/;
const TOP_LEVEL = new Set(['poster.jpg', 'thumbnail.jpg', 'storyboard.jpg', 'storyboard.vtt']);
const TOKEN_SEGMENT = /^[0-9]{1,12}\.[A-Za-z0-9_-]{43}$/;

/**
 * Parses the path after `/media/videos/<id>/` (already percent-decoded by the router), or null when it is not a
 * media file: only the outputs are served (never the original), as plain names without `..`, `//`, `\`, `%`,
 * absolute paths or hidden files, at most four folders deep under `media/`.
 */
export function parseMediaPath(rest: string): MediaPath | null {
  if (rest.length === 0 || rest.length > 512) return null;
  const parts = rest.split('/');
  let token: string | null = null;
  if (parts[0] === 't') {
    const candidate = parts[1] ?? '';
    if (!TOKEN_SEGMENT.test(candidate)) return null;
    token = candidate;
    parts.splice(0, 2);
  }
  if (parts.length === 0 || !parts.every((p) => SEGMENT.test(p) && !p.includes('..'))) return null;
  const file = parts.join('/');
  if (parts.length === 1) return TOP_LEVEL.has(file) ? { token, file } : null;
  if (parts[0] !== 'media' || parts.length > 5) return null;
  return { token, file };
}
