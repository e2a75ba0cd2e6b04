import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { type Job, ObjectNotFoundError, type ObjectStorage } from '@framecast/adapters';
import type { EventPayloads, JobPayloads, TranscodeResult } from '@framecast/contracts';
import { type FfmpegPaths, type TranscodePart, transcode } from '@framecast/media';
import type { Logger } from 'pino';
import { progressReporter } from './progress.throttle.js';
import { download, moveFiles } from './storage.transfer.js';
import type { TranscoderMetrics } from './transcoder.metrics.js';

export type TranscodeJob = JobPayloads['transcode'];

export type TranscodeEventType = Extract<keyof EventPayloads, `transcode.${string}`>;

/** Writes a transcode event through the module's outbox (the transcoder has no tables: one insert, its own commit). */
export type TranscodeEvents = <T extends TranscodeEventType>(type: T, payload: EventPayloads[T]) => Promise<void>;

export interface TranscodeJobDeps {
  storage: ObjectStorage;
  events: TranscodeEvents;
  metrics: TranscoderMetrics;
  logger: Logger;
  ffmpeg: FfmpegPaths;
  /** Where each job gets its scratch folder. */
  workDir: string;
  maxAttempts: number;
  /** Limit of each ffmpeg run. */
  timeoutMs: number;
  /** Aborted when the module stops: the running ffmpeg is killed and the job handed back. */
  shutdown: AbortSignal;
  /** Resolves once consumption has stopped (the unfinished job is then back in the queue). */
  handedBack(): Promise<void>;
}

/** Told when the original is not in storage: its video was deleted while the job waited, or the upload was lost. */
export const GONE_REASON = 'The uploaded file is no longer stored. Please upload it again.';

/** Told to the creator when every attempt failed for a reason of ours, not of the file. */
export const CRASH_REASON = 'Processing failed on our side after several attempts. Please try uploading again later.';

/**
 * The `transcode` queue's handler (the queue has checked the job against its schema; a malformed one is
 * dead-lettered before it gets here). Invalid input → `transcode.failed` (retryable: false) and the job is done.
 * Anything else throws so the queue retries it; on the last attempt `transcode.failed` (retryable: true) goes out
 * first. Stopping the module kills ffmpeg and hands the job back without counting an attempt against it.
 */
/**
 * What a media job (transcode or remux) does when it throws: on shutdown it is not a failure of the job, so it waits
 * until the queue has taken the job back; otherwise it is counted, and on its last attempt the video is failed with
 * a reason. Always rejects with `error`, so the queue retries or dead-letters the job: `await` it in the `catch`
 * (a returned, not awaited, rejection would wait unhandled while the `finally` runs).
 */
export async function jobFailed(
  what: 'transcode' | 'remux',
  error: unknown,
  ctx: { deps: TranscodeJobDeps; log: Logger; videoId: string; attempt: number },
): Promise<never> {
  const { deps, log, videoId } = ctx;
  if (deps.shutdown.aborted) {
    deps.metrics.job('handed_back');
    log.warn(`${what} interrupted by shutdown; the job goes back to the queue`);
    await deps.handedBack();
    throw error;
  }
  deps.metrics.job('failed');
  if (ctx.attempt >= deps.maxAttempts) {
    log.error({ err: error }, `${what} failed on its last attempt`);
    await deps.events('transcode.failed', { videoId, reason: CRASH_REASON, retryable: true });
  } else {
    log.warn({ err: error }, `${what} failed; it will be retried`);
  }
  throw error;
}

export function createTranscodeHandler(deps: TranscodeJobDeps): (job: Job<TranscodeJob>) => Promise<void> {
  return async (job) => {
    const data = job.data;
    const { videoId } = data;
    const log = deps.logger.child({ jobId: job.id, videoId, attempt: job.attempt });
    await mkdir(deps.workDir, { recursive: true });
    const work = await mkdtemp(join(deps.workDir, `${videoId}-`));
    const started = performance.now();
    const progress = progressReporter(
      (next) => deps.events('transcode.progress', { videoId, ...next }),
      (err) => log.warn({ err }, 'could not publish transcode progress'),
    );

    try {
      const input = join(work, 'original');
      try {
        await download(deps.storage, data.originalKey, input);
      } catch (error) {
        if (!(error instanceof ObjectNotFoundError)) throw error;
        // No attempt can find it: the job is done, and dead letters stay for what an operator should look at.
        log.info('the original is not in storage; nothing to transcode');
        await deps.events('transcode.failed', { videoId, reason: GONE_REASON, retryable: false });
        deps.metrics.job('rejected');
        return;
      }
      const outDir = join(work, 'out');
      const result = (part: TranscodePart): TranscodeResult => ({
        videoId,
        duration: part.duration,
        width: part.source.width,
        height: part.source.height,
        renditions: part.renditions,
        outputs: part.outputs,
      });
      const outcome = await transcode({
        input,
        outDir,
        ffmpeg: deps.ffmpeg,
        signal: deps.shutdown,
        timeoutMs: deps.timeoutMs,
        onProgress: progress.report,
        // The lowest renditions are stored and announced while ffmpeg encodes the rest. A retried job encodes and
        // announces them again (see docs/architecture.md): the same names, the same encoder settings.
        onPlayable: async (part) => {
          await moveFiles(deps.storage, outDir, part.files, data.outputPrefix);
          await progress.flushed();
          await deps.events('transcode.renditions', result(part));
          deps.metrics.firstPlayable((performance.now() - started) / 1000);
          log.info({ renditions: part.renditions.map((r) => r.name) }, 'first renditions playable');
        },
      });
      await progress.flushed();
      if (!outcome.ok) {
        log.info({ reason: outcome.reason }, 'transcode rejected the input');
        await deps.events('transcode.failed', { videoId, reason: outcome.reason, retryable: false });
        deps.metrics.job('rejected');
        return;
      }
      await moveFiles(deps.storage, outDir, outcome.files, data.outputPrefix);
      await deps.events('transcode.completed', result(outcome));
      const seconds = (performance.now() - started) / 1000;
      deps.metrics.transcoded(seconds);
      deps.metrics.job('completed');
      log.info({ seconds, renditions: outcome.renditions.map((r) => r.name) }, 'transcode completed');
    } catch (error) {
      await progress.flushed();
      await jobFailed('transcode', error, { deps, log, videoId, attempt: job.attempt });
    } finally {
      await rm(work, { recursive: true, force: true }).catch((err: unknown) =>
        log.warn({ err, work }, 'could not remove the transcode scratch folder'),
      );
    }
  };
}
