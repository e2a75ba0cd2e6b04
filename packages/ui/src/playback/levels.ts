import type { QualityLevel } from './engine.js';

/**
 * After the engine reloads (new renditions arrived, another format, a retry), the level that matches the one the
 * viewer chose: the same height, the closest bitrate. Null when the new list has no such height. Pure.
 */
export function matchLevel(
  levels: readonly QualityLevel[],
  chosen: Pick<QualityLevel, 'height' | 'bitrate'>,
): number | null {
  const same = levels.filter((l) => l.height === chosen.height);
  if (same.length === 0) return null;
  const closest = same.reduce((a, b) =>
    Math.abs(b.bitrate - chosen.bitrate) < Math.abs(a.bitrate - chosen.bitrate) ? b : a,
  );
  return closest.index;
}
