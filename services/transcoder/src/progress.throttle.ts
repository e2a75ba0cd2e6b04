import type { TranscodeStage } from '@framecast/media';

/** Share of the whole job each stage takes, so one progress bar runs 0 → 100 across them. */
const stageSpan: { [stage in TranscodeStage]: [from: number, to: number] } = {
  probing: [0, 2],
  transcoding: [2, 95],
  packaging: [95, 100],
};

/** The overall percent for a stage's own percent. Pure. */
export function overallPercent(stage: TranscodeStage, percent: number): number {
  const [from, to] = stageSpan[stage];
  return Math.floor(from + ((to - from) * Math.max(0, Math.min(100, percent))) / 100);
}

/**
 * Whether a progress update is worth an event: the first one, a change of stage, or at least `step` points since
 * the last one reported. One point by default: the push carries progress to the page as FFmpeg reports it (about
 * twice a second), while a whole job still makes at most about a hundred events. Pure.
 */
export function worthReporting(
  last: { stage: TranscodeStage; percent: number } | null,
  next: { stage: TranscodeStage; percent: number },
  step = 1,
): boolean {
  if (!last) return true;
  if (next.stage !== last.stage) return true;
  return next.percent - last.percent >= step;
}

/**
 * A job's progress as events: each update worth reporting (`worthReporting`) is queued behind the one before, so
 * FFmpeg is never held up by the bus; `flushed()` resolves once every queued one is out (the job's outcome waits for
 * it). A failed send is handed to `failed` and does not stop the next.
 */
export function progressReporter(
  send: (progress: { stage: TranscodeStage; percent: number }) => Promise<void>,
  failed: (err: unknown) => void,
) {
  let queue = Promise.resolve();
  let last: { stage: TranscodeStage; percent: number } | null = null;
  return {
    report(stage: TranscodeStage, stagePercent: number): void {
      const next = { stage, percent: overallPercent(stage, stagePercent) };
      if (!worthReporting(last, next)) return;
      last = next;
      queue = queue.then(() => send(next)).catch(failed);
    },
    flushed: (): Promise<void> => queue,
  };
}
