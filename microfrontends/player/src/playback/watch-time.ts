/** Largest gap between two time updates still counted as watching (updates come every ~250 ms). */
const MAX_STEP_SECONDS = 1.5;

/**
 * Adds the time played between two `timeupdate`s to the total. Jumps (seeks, or a gap after the tab
 * slept) and backward moves count nothing, so scrubbing through a video is not watching it.
 */
export function addWatchTime(total: number, previous: number, current: number): number {
  const step = current - previous;
  return step > 0 && step <= MAX_STEP_SECONDS ? total + step : total;
}
