/** Where the transcoder writes each output, relative to its output folder (and to the job's `outputPrefix`). */
export const mediaLayout = {
  dir: 'media',
  dash: 'media/manifest.mpd',
  hls: 'media/master.m3u8',
  poster: 'poster.jpg',
  /** The poster at listing size, for grids of videos. */
  thumbnail: 'thumbnail.jpg',
  sprite: 'storyboard.jpg',
  storyboard: 'storyboard.vtt',
} as const;

/** Segment names inside `media/`, shared by the DASH manifest and the HLS playlists. */
export const segmentNames = {
  init: 'init-$RepresentationID$.m4s',
  media: 'seg-$RepresentationID$-$Number%05d$.m4s',
} as const;

const contentTypes: Record<string, string> = {
  m3u8: 'application/vnd.apple.mpegurl',
  mpd: 'application/dash+xml',
  m4s: 'video/iso.segment',
  mp4: 'video/mp4',
  jpg: 'image/jpeg',
  vtt: 'text/vtt',
};

/** The content type each output is stored and served with. */
export function contentTypeOf(path: string): string {
  const ext = path.slice(path.lastIndexOf('.') + 1).toLowerCase();
  return contentTypes[ext] ?? 'application/octet-stream';
}
