import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PackagedRendition } from './ladder.manifests.js';
import { mediaLayout } from './media.layout.js';

/**
 * A last segment shorter than this is dropped from a finished playlist. FFmpeg's DASH muxer cuts the audio a frame
 * ahead of each segment boundary, so a video whose length is a multiple of the segment duration ends its audio with a
 * segment of one AAC frame (21 ms); hls.js cannot place such a segment and never ends the stream: the player stops on
 * the last frame, spinning. Losing that frame of sound is inaudible.
 */
export const SLIVER_SECONDS = 0.1;

/**
 * The playlist without its last segment when that segment is a sliver (shorter than `minSeconds`) of a finished
 * playlist that has other segments; otherwise the playlist as it was. Pure.
 */
export function withoutTrailingSliver(playlist: string, minSeconds = SLIVER_SECONDS): string {
  const lines = playlist.split('\n');
  if (!lines.some((l) => l.trim() === '#EXT-X-ENDLIST')) return playlist;
  const infs = lines.flatMap((l, i) => (l.startsWith('#EXTINF:') ? [i] : []));
  const last = infs.at(-1);
  if (infs.length < 2 || last === undefined) return playlist;
  const seconds = Number.parseFloat(lines[last]!.slice('#EXTINF:'.length));
  if (!(seconds < minSeconds)) return playlist;
  // The segment is its #EXTINF and what follows up to and including its URI (tags such as PROGRAM-DATE-TIME between).
  let uri = last + 1;
  while (uri < lines.length && (lines[uri]!.startsWith('#') || lines[uri]!.trim() === '')) uri += 1;
  if (uri >= lines.length) return playlist;
  return [...lines.slice(0, last), ...lines.slice(uri + 1)].join('\n');
}

/** Drops a trailing sliver from each packaged rendition's HLS playlist (`media/<run>/media_<id>.m3u8`). */
export async function dropTrailingSlivers(outDir: string, packaged: readonly PackagedRendition[]): Promise<void> {
  await Promise.all(
    packaged.map(async (r) => {
      const path = join(outDir, mediaLayout.dir, r.dir, `media_${r.rep.id}.m3u8`);
      const playlist = await readFile(path, 'utf8');
      const trimmed = withoutTrailingSliver(playlist);
      if (trimmed !== playlist) await writeFile(path, trimmed);
    }),
  );
}
