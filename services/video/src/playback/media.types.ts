/** What each served file is: its content type and how long caches may keep it. */
export type MediaKind = 'playlist' | 'manifest' | 'segment' | 'image' | 'text';

const byExtension: Record<string, { type: string; kind: MediaKind }> = {
  m3u8: { type: 'application/vnd.apple.mpegurl', kind: 'playlist' },
  mpd: { type: 'application/dash+xml', kind: 'manifest' },
  m4s: { type: 'video/iso.segment', kind: 'segment' },
  mp4: { type: 'video/mp4', kind: 'segment' },
  m4a: { type: 'audio/mp4', kind: 'segment' },
  m4v: { type: 'video/mp4', kind: 'segment' },
  jpg: { type: 'image/jpeg', kind: 'image' },
  jpeg: { type: 'image/jpeg', kind: 'image' },
  vtt: { type: 'text/vtt; charset=utf-8', kind: 'text' },
};

/** The content type and kind of a media file, or null for an extension that is never served. */
export function mediaType(file: string): { type: string; kind: MediaKind } | null {
  const dot = file.lastIndexOf('.');
  if (dot < 0) return null;
  return byExtension[file.slice(dot + 1).toLowerCase()] ?? null;
}

/**
 * Segments and images never change under their name; manifests are kept briefly so an edit or re-publish shows, and
 * not at all (revalidated each time) while the video is still processing: the master playlist and manifest are
 * rewritten when the rest of the ladder lands, and a player that reloads must see the new one at once.
 * Token paths are private to their holder, and end with the token.
 */
export function cacheControl(kind: MediaKind, signed: boolean, processing = false): string {
  const immutable = kind === 'segment' || kind === 'image';
  if (!immutable && processing) return signed ? 'private, no-cache' : 'public, no-cache';
  if (signed) return immutable ? 'private, max-age=3600' : 'private, max-age=30';
  return immutable ? 'public, max-age=31536000, immutable' : 'public, max-age=30';
}
