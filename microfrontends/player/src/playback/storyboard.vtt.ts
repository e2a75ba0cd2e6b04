/** One storyboard tile: the part of the sprite that previews the video between `start` and `end`. */
export interface StoryboardCue {
  start: number;
  end: number;
  /** Absolute URL of the sprite image. */
  url: string;
  x: number;
  y: number;
  width: number;
  height: number;
}

const TIMING = /^(\S+)\s+-->\s+(\S+)/;
const XYWH = /#xywh=(\d+),(\d+),(\d+),(\d+)$/;

/** "01:02:03.500" or "02:03.500" → seconds; NaN when it is not a WebVTT timestamp. */
export function parseTimestamp(text: string): number {
  const match = /^(?:(\d+):)?([0-5]\d):([0-5]\d)\.(\d{3})$/.exec(text);
  if (!match) return Number.NaN;
  const [, h = '0', m, s, ms] = match;
  return Number(h) * 3600 + Number(m) * 60 + Number(s) + Number(ms) / 1000;
}

/**
 * Parses a storyboard WebVTT index: each cue's payload is the sprite's URL with a `#xywh=x,y,w,h`
 * media fragment. URLs resolve against the index's own URL, so a signed path (`/t/<token>/`) carries
 * over to the sprite. Cues that do not parse are skipped: a broken line costs one preview, not all.
 */
export function parseStoryboardVtt(text: string, baseUrl: string): StoryboardCue[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  if (!lines[0]?.startsWith('WEBVTT')) return [];
  const cues: StoryboardCue[] = [];
  for (let i = 1; i < lines.length; i++) {
    const timing = TIMING.exec(lines[i]!.trim());
    if (!timing) continue;
    const payload = lines[i + 1]?.trim() ?? '';
    const start = parseTimestamp(timing[1]!);
    const end = parseTimestamp(timing[2]!);
    const fragment = XYWH.exec(payload);
    if (!fragment || Number.isNaN(start) || Number.isNaN(end) || end <= start) continue;
    let url: string;
    try {
      url = new URL(payload.slice(0, fragment.index), baseUrl).href;
    } catch {
      continue;
    }
    const [x, y, width, height] = fragment.slice(1).map(Number) as [number, number, number, number];
    if (width === 0 || height === 0) continue;
    cues.push({ start, end, url, x, y, width, height });
    i++;
  }
  return cues.sort((a, b) => a.start - b.start);
}

/** The cue covering `time` (binary search over cues sorted by start), or null. */
export function cueAt(cues: readonly StoryboardCue[], time: number): StoryboardCue | null {
  let low = 0;
  let high = cues.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    const cue = cues[mid]!;
    if (time < cue.start) high = mid - 1;
    else if (time >= cue.end) low = mid + 1;
    else return cue;
  }
  return null;
}
