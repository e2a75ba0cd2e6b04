// Whether a live stream keeps real time over a window, from what can be seen of it: its transcoder's speed, and its
// playlist's live edge against the wall clock. Pure.

/** Least-squares slope of `[x, y]` points; null for fewer than two distinct x. */
export function slope(points) {
  const n = points.length;
  if (n < 2) return null;
  const mx = points.reduce((a, [x]) => a + x, 0) / n;
  const my = points.reduce((a, [, y]) => a + y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  for (const [x, y] of points) {
    sxy += (x - mx) * (y - my);
    sxx += (x - mx) ** 2;
  }
  return sxx === 0 ? null : sxy / sxx;
}

/**
 * Turns polls of a playlist (`[wall-clock ms, edge ms]`, every few hundred ms) into the moments the edge moved: each
 * new edge with the time it was first seen. Repeated edges are the same media seen again.
 */
export function edgeAdvances(polls) {
  const advances = [];
  for (const [at, edge] of polls) {
    if (edge === null) continue;
    const last = advances.at(-1);
    if (!last || edge > last[1]) advances.push([at, edge]);
  }
  return advances;
}

/**
 * How a stream did over a window: `speeds` its transcoder reported (FFmpeg's speed against real time), `polls` of its
 * playlist's edge (`[wall-clock ms, edge ms]`). It keeps real time when the slowest reported speed is at least
 * `minSpeed`, media came out at least `minSpeed` times as fast as the wall clock went (the slope of the edge against
 * the time it was seen) and no wait for new media was longer than `maxGapSeconds` (a stall made up afterwards still
 * stalls every viewer).
 */
export function judgeRealTime({ speeds, polls, minSpeed, maxGapSeconds }) {
  const advances = edgeAdvances(polls);
  const rate = slope(advances);
  let gap = 0;
  for (let i = 1; i < advances.length; i++) gap = Math.max(gap, (advances[i][0] - advances[i - 1][0]) / 1000);
  const slowest = speeds.length > 0 ? Math.min(...speeds) : null;
  const reasons = [];
  if (slowest === null) reasons.push('no speed reported');
  else if (slowest < minSpeed) reasons.push(`speed ${slowest.toFixed(3)}`);
  if (rate === null) reasons.push('the playlist did not advance');
  else if (rate < minSpeed) reasons.push(`media at ${rate.toFixed(3)}× the wall clock`);
  if (gap > maxGapSeconds) reasons.push(`${gap.toFixed(1)} s without new media`);
  return { ok: reasons.length === 0, reasons, slowest, rate, gap, advances: advances.length };
}

/** The last speed in FFmpeg's `-progress` output (`speed=0.998x`); null when there is none yet, or `N/A`. */
export function lastSpeed(progress) {
  const all = [...progress.matchAll(/^speed=\s*([\d.]+)x\s*$/gm)];
  return all.length === 0 ? null : Number(all.at(-1)[1]);
}

/**
 * The largest count that held: counts are tried one after another, from 1, until one does not hold. `steps` are
 * `{count, ok}` in the order they ran; 0 when even 1 did not hold.
 */
export function largestHeld(steps) {
  let held = 0;
  for (const step of steps) {
    if (!step.ok) break;
    held = step.count;
  }
  return held;
}
