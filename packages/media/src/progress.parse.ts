/**
 * Percent done from a chunk of ffmpeg's `-progress` output (`key=value` lines), given the duration in seconds;
 * null when the chunk holds no position. `progress=end` is 100. Pure.
 */
export function parseProgress(chunk: string, duration: number): number | null {
  let percent: number | null = null;
  for (const line of chunk.split('\n')) {
    const at = line.indexOf('=');
    if (at < 0) continue;
    const key = line.slice(0, at).trim();
    const value = line.slice(at + 1).trim();
    if (key === 'progress' && value === 'end') return 100;
    // ffmpeg 5 prints microseconds under both names (`out_time_ms` is a historical misnomer).
    if ((key === 'out_time_us' || key === 'out_time_ms') && duration > 0) {
      const us = Number(value);
      if (!Number.isFinite(us)) continue;
      percent = Math.max(0, Math.min(100, Math.floor((us / 1e6 / duration) * 100)));
    }
  }
  return percent;
}
