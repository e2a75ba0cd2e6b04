export interface StoryboardPlan {
  /** Seconds between thumbnails. */
  interval: number;
  count: number;
  columns: number;
  rows: number;
  tileWidth: number;
  tileHeight: number;
}

const TILE_WIDTH = 160;
const MAX_TILES = 100;
const MAX_COLUMNS = 10;
/** Below this, a seek bar has nothing worth previewing. */
const MIN_DURATION = 2;

/** One sprite of at most 100 thumbnails, spread evenly over the video; null for very short videos. Pure. */
export function planStoryboard(duration: number, width: number, height: number): StoryboardPlan | null {
  if (!(duration >= MIN_DURATION) || width <= 0 || height <= 0) return null;
  const interval = Math.max(1, Math.ceil(duration / MAX_TILES));
  const count = Math.max(1, Math.min(MAX_TILES, Math.floor(duration / interval)));
  const columns = Math.min(MAX_COLUMNS, count);
  return {
    interval,
    count,
    columns,
    rows: Math.ceil(count / columns),
    tileWidth: TILE_WIDTH,
    tileHeight: Math.max(2, Math.round((TILE_WIDTH * height) / width / 2) * 2),
  };
}

function timestamp(seconds: number): string {
  const ms = Math.round(seconds * 1000);
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(h)}:${pad(m)}:${pad(s)}.${pad(ms % 1000, 3)}`;
}

/** The WebVTT index of the sprite: one cue per thumbnail, pointing at its cell with a `#xywh=` fragment. Pure. */
export function storyboardVtt(plan: StoryboardPlan, duration: number, sprite: string): string {
  const cues: string[] = ['WEBVTT', ''];
  for (let i = 0; i < plan.count; i++) {
    const start = i * plan.interval;
    const end = i === plan.count - 1 ? Math.max(duration, start + plan.interval) : (i + 1) * plan.interval;
    const x = (i % plan.columns) * plan.tileWidth;
    const y = Math.floor(i / plan.columns) * plan.tileHeight;
    cues.push(`${timestamp(start)} --> ${timestamp(end)}`);
    cues.push(`${sprite}#xywh=${x},${y},${plan.tileWidth},${plan.tileHeight}`, '');
  }
  return cues.join('\n');
}
