import { AUTO, type QualityLevel } from '@framecast/ui/playback';

export interface QualityOption {
  value: number;
  label: string;
}

/** "1080p", "720p"… ; a level without a height (audio only) reads by its bitrate. */
export function qualityLabel(level: Pick<QualityLevel, 'height' | 'bitrate'>): string {
  if (level.height > 0) return `${level.height}p`;
  return `${Math.round(level.bitrate / 1000)} kbps`;
}

/**
 * "Auto" first, then every level from the highest; two levels of one height (the same size at two
 * bitrates) are told apart by their bitrate.
 */
export function qualityOptions(levels: readonly QualityLevel[]): QualityOption[] {
  const sorted = [...levels].sort((a, b) => b.height - a.height || b.bitrate - a.bitrate);
  const heights = new Map<number, number>();
  for (const level of sorted) heights.set(level.height, (heights.get(level.height) ?? 0) + 1);
  return [
    { value: AUTO, label: 'Auto' },
    ...sorted.map((level) => ({
      value: level.index,
      label:
        (heights.get(level.height) ?? 0) > 1
          ? `${qualityLabel(level)} · ${(level.bitrate / 1_000_000).toFixed(1)} Mbps`
          : qualityLabel(level),
    })),
  ];
}

/** What the quality button says: the chosen level, or "Auto (720p)" with the level auto picked. */
export function currentQualityLabel(levels: readonly QualityLevel[], selected: number, playing: number | null): string {
  if (selected !== AUTO) {
    const level = levels.find((l) => l.index === selected);
    return level ? qualityLabel(level) : 'Auto';
  }
  const active = playing === null ? undefined : levels.find((l) => l.index === playing);
  return active ? `Auto (${qualityLabel(active)})` : 'Auto';
}
