/**
 * Where a live stream's files live, relative to the stream's folder: the storage keys the sink receives, and the URLs
 * an HTTP layer serves them under (the same paths). Media playlists sit in their rendition's folder and name their
 * segments relatively; the multivariant playlists and the MPD sit at the top.
 */
export const liveLayout = {
  /** Multivariant playlist of the LL-HLS media playlists. */
  llMultivariant: 'll.m3u8',
  /** Multivariant playlist of the plain HLS media playlists, for players without LL-HLS. */
  multivariant: 'index.m3u8',
  mpd: 'manifest.mpd',
  llPlaylist: (rendition: string) => `${rendition}/ll.m3u8`,
  playlist: (rendition: string) => `${rendition}/index.m3u8`,
  init: (rendition: string) => `${rendition}/init.mp4`,
  segment: (rendition: string, msn: number) => `${rendition}/${msn}.m4s`,
  part: (rendition: string, msn: number, index: number) => `${rendition}/${msn}.${index}.m4s`,
} as const;

/** URIs as a media playlist in `<rendition>/` writes them. */
export const playlistUris = {
  init: 'init.mp4',
  segment: (msn: number) => `${msn}.m4s`,
  part: (msn: number, index: number) => `${msn}.${index}.m4s`,
  /** Another rendition's LL-HLS playlist, for `EXT-X-RENDITION-REPORT`. */
  report: (rendition: string) => `../${rendition}/ll.m3u8`,
} as const;

/** Rendition names are folder names: letters, digits, `-` and `_`, 64 at most. */
export const RENDITION_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** Content types the files are stored and served with (fMP4 media as `video/mp4` or `audio/mp4`). */
export const contentTypes = {
  playlist: 'application/vnd.apple.mpegurl',
  mpd: 'application/dash+xml',
  media: (kind: 'video' | 'audio') => `${kind}/mp4`,
} as const;

/** What a request path inside the stream's folder names, so an HTTP layer can route it; null for anything else. */
export type LivePath =
  | { type: 'multivariant'; lowLatency: boolean }
  | { type: 'mpd' }
  | { type: 'playlist'; rendition: string; lowLatency: boolean }
  | { type: 'init'; rendition: string }
  | { type: 'segment'; rendition: string; msn: number }
  | { type: 'part'; rendition: string; msn: number; index: number };

/** Parses a path relative to the stream's folder (`720p/12.3.m4s`). Pure. */
export function parseLivePath(path: string): LivePath | null {
  if (path === liveLayout.llMultivariant) return { type: 'multivariant', lowLatency: true };
  if (path === liveLayout.multivariant) return { type: 'multivariant', lowLatency: false };
  if (path === liveLayout.mpd) return { type: 'mpd' };
  const slash = path.indexOf('/');
  const rendition = path.slice(0, slash);
  const file = path.slice(slash + 1);
  if (slash < 0 || !RENDITION_NAME.test(rendition)) return null;
  if (file === 'll.m3u8' || file === 'index.m3u8')
    return { type: 'playlist', rendition, lowLatency: file === 'll.m3u8' };
  if (file === 'init.mp4') return { type: 'init', rendition };
  const m = /^(0|[1-9]\d{0,15})(?:\.(0|[1-9]\d{0,5}))?\.m4s$/.exec(file);
  if (!m) return null;
  const msn = Number(m[1]);
  return m[2] === undefined
    ? { type: 'segment', rendition, msn }
    : { type: 'part', rendition, msn, index: Number(m[2]) };
}
