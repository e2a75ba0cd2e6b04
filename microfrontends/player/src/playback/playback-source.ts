import type { StreamFormat } from '@framecast/ui/playback';

/** `?format=dash` asks for DASH; anything else plays HLS. */
export function formatFromSearch(search: string): StreamFormat {
  return new URLSearchParams(search).get('format') === 'dash' ? 'dash' : 'hls';
}

/**
 * What changes when a video's renditions do (its first renditions play, then the rest of the ladder lands): the
 * player's `renditionsVersion`, so it reloads the stream exactly then. Pure.
 */
export function renditionsVersion(video: { renditions: readonly { name: string }[] }): string {
  return video.renditions.map((r) => r.name).join(',');
}
