import type { VideoRow } from '../video.tables.js';

export interface StallPolicy {
  /** A `processing` video that has not moved for this long is looked at (progress moves it while a worker runs). */
  stallMs: number;
  /** Where the queue cannot tell whether the job lives (RabbitMQ), it is presumed lost only after this long. */
  blindStallMs: number;
  /** Enqueues again before the video fails instead. */
  maxRequeues: number;
}

export const defaultStallPolicy: StallPolicy = {
  stallMs: 15 * 60_000,
  blindStallMs: 6 * 3600_000,
  maxRequeues: 3,
};

export type StallDecision = 'wait' | 'requeue' | 'fail';

/** Told to the creator when the job kept vanishing: a fault of ours, never of the file. */
export const STALLED_REASON = 'Processing stopped on our side and did not recover. Please try uploading again later.';

/**
 * What the sweep does with a `processing` video, given whether its job lives (`undefined`: the queue cannot tell).
 * A live job is waited for; a lost one is enqueued again, up to the policy's limit, then the video fails. Pure.
 */
export function planStalled(
  row: Pick<VideoRow, 'status' | 'updated_at' | 'requeues'>,
  live: boolean | undefined,
  now: Date,
  policy: StallPolicy = defaultStallPolicy,
): StallDecision {
  if (row.status !== 'processing' || live === true) return 'wait';
  const idle = now.getTime() - row.updated_at.getTime();
  if (idle < (live === undefined ? policy.blindStallMs : policy.stallMs)) return 'wait';
  return row.requeues >= policy.maxRequeues ? 'fail' : 'requeue';
}
