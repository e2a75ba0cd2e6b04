import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { type Job, ObjectNotFoundError } from '@framecast/adapters';
import { type JobPayloads, recordedKeys } from '@framecast/contracts';
import { type RemuxInput, remux } from '@framecast/media';
import { progressReporter } from './progress.throttle.js';
import { concatObjects, moveFiles } from './storage.transfer.js';
import { jobFailed, type TranscodeJobDeps } from './transcode.job.js';

export type RemuxJob = JobPayloads['remux'];

/** Told when a recording's files are gone (deleted, or never all written). */
export const RECORDING_GONE_REASON = "The stream's recording is no longer stored, so its replay could not be made.";

/**
 * The `remux` queue's handler: downloads each rendition of a live recording as one fragmented MP4 file (its init
 * segment, then every segment), copies them into the VOD layout (`remux`: no re-encoding), stores the outputs and
 * writes `transcode.completed`, so the video turns `ready` like an upload. A damaged or missing recording →
 * `transcode.failed` (retryable: false) and the job is done; anything else is retried like a transcode.
 */
export function createRemuxHandler(deps: TranscodeJobDeps): (job: Job<RemuxJob>) => Promise<void> {
  return async (job) => {
    const data = job.data;
    const { videoId } = data;
    const log = deps.logger.child({ jobId: job.id, videoId, attempt: job.attempt, remux: true });
    await mkdir(deps.workDir, { recursive: true });
    const work = await mkdtemp(join(deps.workDir, `${videoId}-`));
    const started = performance.now();
    const progress = progressReporter(
      (next) => deps.events('transcode.progress', { videoId, ...next }),
      (err) => log.warn({ err }, 'could not publish remux progress'),
    );
    const reject = async (reason: string) => {
      await progress.flushed();
      await deps.events('transcode.failed', { videoId, reason, retryable: false });
      deps.metrics.job('rejected');
    };

    try {
      await mkdir(join(work, 'in'));
      const inputs: RemuxInput[] = data.renditions.map((r) => ({
        name: r.name,
        kind: r.kind,
        path: join(work, 'in', `${r.name}.mp4`),
      }));
      try {
        for (const [i, rendition] of data.renditions.entries()) {
          const keys = recordedKeys(data.recordingPrefix, rendition);
          await concatObjects(deps.storage, [keys.init, ...keys.segments], inputs[i]!.path);
        }
      } catch (error) {
        if (!(error instanceof ObjectNotFoundError)) throw error;
        log.info({ err: error }, 'the recording is not all in storage; nothing to remux');
        await reject(RECORDING_GONE_REASON);
        return;
      }
      const outDir = join(work, 'out');
      const outcome = await remux({
        inputs,
        outDir,
        ffmpeg: deps.ffmpeg,
        signal: deps.shutdown,
        timeoutMs: deps.timeoutMs,
        onProgress: progress.report,
      });
      await progress.flushed();
      if (!outcome.ok) {
        log.info({ reason: outcome.reason }, 'remux rejected the recording');
        await reject(outcome.reason);
        return;
      }
      await moveFiles(deps.storage, outDir, outcome.files, data.outputPrefix);
      await deps.events('transcode.completed', {
        videoId,
        duration: outcome.duration,
        width: outcome.width,
        height: outcome.height,
        renditions: outcome.renditions,
        outputs: outcome.outputs,
      });
      const seconds = (performance.now() - started) / 1000;
      deps.metrics.transcoded(seconds);
      deps.metrics.job('completed');
      log.info({ seconds, renditions: outcome.renditions.map((r) => r.name) }, 'remux completed');
    } catch (error) {
      await progress.flushed();
      await jobFailed('remux', error, { deps, log, videoId, attempt: job.attempt });
    } finally {
      await rm(work, { recursive: true, force: true }).catch((err: unknown) =>
        log.warn({ err, work }, 'could not remove the remux scratch folder'),
      );
    }
  };
}
