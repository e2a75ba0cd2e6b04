import { join } from 'node:path';
import type { LadderPlan, LadderRun } from './ladder.plan.js';
import { mediaLayout, segmentNames } from './media.layout.js';
import type { StoryboardPlan } from './storyboard.plan.js';

const COMMON = ['-hide_banner', '-nostdin', '-y', '-v', 'error'];

/** The DASH manifest ffmpeg writes in each run's folder (read for the renditions' facts, then removed). */
export const RUN_MANIFEST = 'manifest.mpd';

/**
 * The filter graph of one run: decode once, then a cascade — each rendition is scaled from the one above it (cheaper
 * than scaling every rendition from the full-size source). Outputs are labelled `[v0]`, `[v1]`, … highest first.
 */
export function cascadeFilter(plan: Pick<LadderPlan, 'frameRate'>, run: LadderRun, sourceFrameRate?: number): string {
  const parts: string[] = [];
  const fps = sourceFrameRate !== undefined && sourceFrameRate > plan.frameRate ? `fps=${plan.frameRate},` : '';
  let from = '[0:v:0]';
  run.video.forEach((r, i) => {
    const last = i === run.video.length - 1;
    const head = i === 0 ? `${fps}` : '';
    const format = i === 0 ? ',format=yuv420p' : '';
    // No `setsar=1`: scale keeps the display aspect exact through the sample aspect ratio (854×480 is not quite
    // 16:9), and the DASH muxer refuses renditions of one adaptation set whose display aspects differ.
    const scale = `${head}scale=w=${r.width}:h=${r.height}:flags=bicubic${format}`;
    parts.push(last ? `${from}${scale}[v${i}]` : `${from}${scale},split=2[v${i}][c${i}]`);
    from = `[c${i}]`;
  });
  return parts.join(';');
}

/**
 * The argv (after the ffmpeg binary) of one run of the ladder: the source decoded once, H.264 per rendition of the
 * run with keyframes on every segment boundary (fixed GOP, no scene-cut keyframes, the same instants in every run),
 * AAC audio if the run has it, packaged by the DASH muxer as CMAF fMP4 segments in the run's own folder. The DASH
 * manifest and HLS playlists it writes there are read, then replaced by ours covering every run. Pure.
 */
export function buildTranscodeArgs(
  input: string,
  plan: LadderPlan,
  run: LadderRun,
  outDir: string,
  opts: { sourceFrameRate?: number } = {},
): string[] {
  const audio = run.audio && plan.audio !== null;
  const args = [...COMMON, '-nostats', '-progress', 'pipe:1', '-i', input];
  args.push('-filter_complex', cascadeFilter(plan, run, opts.sourceFrameRate));
  run.video.forEach((_r, i) => {
    args.push('-map', `[v${i}]`);
  });
  if (audio) args.push('-map', '0:a:0');
  args.push(
    '-c:v',
    'libx264',
    '-profile:v',
    'high',
    '-crf',
    String(plan.crf),
    '-g',
    String(plan.gop),
    '-keyint_min',
    String(plan.gop),
    '-sc_threshold',
    '0',
    '-force_key_frames',
    `expr:gte(t,n_forced*${plan.segmentSeconds})`,
  );
  run.video.forEach((r, i) => {
    args.push(
      `-preset:v:${i}`,
      r.preset,
      `-maxrate:v:${i}`,
      String(r.maxrate),
      `-bufsize:v:${i}`,
      String(r.maxrate * 2),
    );
  });
  if (audio && plan.audio) args.push('-c:a', 'aac', '-b:a', String(plan.audio.bitrate), '-ac', '2', '-ar', '48000');
  args.push(
    ...dashOutputArgs({ segmentSeconds: plan.segmentSeconds, audio, manifest: join(outDir, run.dir, RUN_MANIFEST) }),
  );
  return args;
}

/**
 * The output of a VOD run, whether encoded or remuxed: FFmpeg's DASH muxer writing CMAF segments of `segmentSeconds`
 * with our segment names and an HLS playlist per rendition, video in one adaptation set and the audio in another,
 * no metadata carried over, the manifest at `manifest`. Pure.
 */
export function dashOutputArgs(opts: { segmentSeconds: number; audio: boolean; manifest: string }): string[] {
  return [
    ...['-map_metadata', '-1', '-f', 'dash', '-seg_duration', String(opts.segmentSeconds)],
    ...['-use_template', '1', '-use_timeline', '0', '-hls_playlist', '1'],
    ...['-adaptation_sets', opts.audio ? 'id=0,streams=v id=1,streams=a' : 'id=0,streams=v'],
    ...['-init_seg_name', segmentNames.init, '-media_seg_name', segmentNames.media, opts.manifest],
  ];
}

/** Width of the thumbnail: a card of a grid of videos, sharp on a high-density screen. */
export const THUMBNAIL_WIDTH = 480;

/** The thumbnail's size for a poster of `width`×`height`: at most THUMBNAIL_WIDTH wide, same shape, even. Pure. */
export function thumbnailSize(width: number, height: number): { width: number; height: number } {
  const w = Math.min(THUMBNAIL_WIDTH, width - (width % 2));
  return { width: w, height: Math.max(2, Math.round((height * w) / width / 2) * 2) };
}

/**
 * A second, cheap run for the pictures: the poster is one frame of the source seeked to ~10 % of the video, and the
 * thumbnail the same frame scaled down from it; the storyboard is tiled from the lowest rendition just encoded (a 240p decode costs little), padded with copies of
 * its last frame so the sprite is always complete (`tile` drops a partial one). Pure.
 */
export function buildThumbnailArgs(
  input: string,
  poster: { at: number; width: number; height: number },
  storyboard: { plan: StoryboardPlan; from: string } | null,
  outDir: string,
): string[] {
  const args = [...COMMON, '-ss', poster.at.toFixed(3), '-i', input];
  const thumbnail = thumbnailSize(poster.width, poster.height);
  let filter =
    `[0:v:0]scale=w=${poster.width}:h=${poster.height},split=2[poster][big];` +
    `[big]scale=w=${thumbnail.width}:h=${thumbnail.height}[thumb]`;
  if (storyboard) {
    args.push('-i', storyboard.from);
    const { interval, tileWidth, tileHeight, columns, rows } = storyboard.plan;
    const pad = `tpad=stop_mode=clone:stop=${columns * rows}`;
    filter += `;[1:v:0]fps=1/${interval},scale=w=${tileWidth}:h=${tileHeight},${pad},tile=${columns}x${rows}[story]`;
  }
  args.push('-filter_complex', filter);
  args.push('-map', '[poster]', '-frames:v', '1', '-q:v', '3', '-update', '1', join(outDir, mediaLayout.poster));
  args.push('-map', '[thumb]', '-frames:v', '1', '-q:v', '4', '-update', '1', join(outDir, mediaLayout.thumbnail));
  if (storyboard) {
    args.push('-map', '[story]', '-frames:v', '1', '-q:v', '5', '-update', '1', join(outDir, mediaLayout.sprite));
  }
  return args;
}
