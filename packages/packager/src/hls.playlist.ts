import type { ResolvedLiveConfig } from './live.config.js';
import { playlistUris } from './live.layout.js';
import type { LiveTimeline, OpenSegment, Part, Segment } from './live.timeline.js';

/** What the renderers read of a rendition's timeline. */
export type TimelineView = Pick<
  LiveTimeline,
  'timescale' | 'segments' | 'open' | 'ended' | 'nextPart' | 'lastPart' | 'expectedSegments'
>;

/** Another rendition's last part, for `EXT-X-RENDITION-REPORT`. */
export interface RenditionReport {
  rendition: string;
  lastMsn: number;
  lastPart: number;
}

/** Everything a media playlist is rendered from. */
export interface MediaPlaylistInput {
  timeline: TimelineView;
  config: ResolvedLiveConfig;
  /** The other renditions (LL-HLS only). */
  reports?: readonly RenditionReport[];
  /** Render a delta update (`_HLS_skip=YES`): older segments are replaced by `EXT-X-SKIP`. */
  skip?: boolean;
}

/** Seconds with five decimals, as `EXTINF` and `DURATION` take them. */
export function seconds(ticks: number, timescale: number): string {
  return (ticks / timescale).toFixed(5);
}

/** `PART-TARGET`, `PART-HOLD-BACK`, `CAN-SKIP-UNTIL`: decimal seconds without trailing zeros. */
function decimal(value: number): string {
  return String(Math.round(value * 1000) / 1000);
}

const pdt = (ms: number) => `#EXT-X-PROGRAM-DATE-TIME:${new Date(ms).toISOString()}`;

function partLine(part: Part, timescale: number): string {
  const independent = part.independent ? ',INDEPENDENT=YES' : '';
  return `#EXT-X-PART:DURATION=${seconds(part.duration, timescale)},URI="${playlistUris.part(part.msn, part.index)}"${independent}`;
}

/** Where the playlist ends: the end of the last part, ticks. */
function edgeOf(timeline: TimelineView): number {
  const last = timeline.lastPart();
  return last ? last.start + last.duration : 0;
}

/** How many leading segments a delta update may skip: those ending at least `canSkipUntil` before the edge. */
export function skippableSegments(timeline: TimelineView, canSkipUntil: number): number {
  const limit = edgeOf(timeline) - canSkipUntil * timeline.timescale;
  const { segments } = timeline;
  // Segments are in order: binary search for the first one ending after the limit.
  let low = 0;
  let high = segments.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    const s = segments[mid]!;
    if (s.start + s.duration <= limit) low = mid + 1;
    else high = mid;
  }
  return low;
}

function firstMsn(timeline: TimelineView): number {
  return timeline.segments[0]?.msn ?? timeline.open?.msn ?? timeline.nextPart()?.msn ?? 0;
}

function header(config: ResolvedLiveConfig, version: number): string[] {
  return ['#EXTM3U', `#EXT-X-VERSION:${version}`, `#EXT-X-TARGETDURATION:${config.targetDuration}`];
}

function segmentLines(s: Segment, timescale: number, withParts: boolean): string[] {
  const lines = [pdt(s.programDateTime)];
  if (withParts) lines.push(...s.parts.map((p) => partLine(p, timescale)));
  lines.push(`#EXTINF:${seconds(s.duration, timescale)},`, playlistUris.segment(s.msn));
  return lines;
}

function openLines(open: OpenSegment | null, timescale: number): string[] {
  if (!open || open.parts.length === 0) return [];
  return [pdt(open.programDateTime), ...open.parts.map((p) => partLine(p, timescale))];
}

/**
 * The LL-HLS media playlist of one rendition: blocking reload and delta updates advertised, parts listed for the
 * segments within `partWindow` of the live edge, a preload hint for the next part, reports of the other renditions,
 * `EXT-X-ENDLIST` once ended. With `skip`, the segments a delta update may leave out become one `EXT-X-SKIP`. Pure.
 */
export function renderLowLatencyPlaylist(input: MediaPlaylistInput): string {
  const { timeline, config } = input;
  const { timescale } = timeline;
  const lines = header(config, 9);
  lines.push(
    `#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,CAN-SKIP-UNTIL=${decimal(config.canSkipUntil)},PART-HOLD-BACK=${decimal(config.partHoldBack)}`,
    `#EXT-X-PART-INF:PART-TARGET=${decimal(config.partTarget)}`,
    `#EXT-X-MEDIA-SEQUENCE:${firstMsn(timeline)}`,
    `#EXT-X-MAP:URI="${playlistUris.init}"`,
  );
  const skipped = input.skip ? skippableSegments(timeline, config.canSkipUntil) : 0;
  if (skipped > 0) lines.push(`#EXT-X-SKIP:SKIPPED-SEGMENTS=${skipped}`);
  const partsFrom = edgeOf(timeline) - config.partWindow * timescale;
  for (const s of timeline.segments.slice(skipped)) {
    lines.push(...segmentLines(s, timescale, s.parts.length > 0 && s.start + s.duration > partsFrom));
  }
  lines.push(...openLines(timeline.open, timescale));
  const next = timeline.nextPart();
  if (next) lines.push(`#EXT-X-PRELOAD-HINT:TYPE=PART,URI="${playlistUris.part(next.msn, next.index)}"`);
  for (const r of input.reports ?? []) {
    lines.push(
      `#EXT-X-RENDITION-REPORT:URI="${playlistUris.report(r.rendition)}",LAST-MSN=${r.lastMsn},LAST-PART=${r.lastPart}`,
    );
  }
  if (timeline.ended) lines.push('#EXT-X-ENDLIST');
  return `${lines.join('\n')}\n`;
}

/** The plain HLS media playlist of one rendition: the same segments, no parts, for players without LL-HLS. Pure. */
export function renderPlainPlaylist(input: MediaPlaylistInput): string {
  const { timeline, config } = input;
  const lines = header(config, 7);
  lines.push(
    `#EXT-X-MEDIA-SEQUENCE:${timeline.segments[0]?.msn ?? firstMsn(timeline)}`,
    `#EXT-X-MAP:URI="${playlistUris.init}"`,
  );
  for (const s of timeline.segments) lines.push(...segmentLines(s, timeline.timescale, false));
  if (timeline.ended) lines.push('#EXT-X-ENDLIST');
  return `${lines.join('\n')}\n`;
}
