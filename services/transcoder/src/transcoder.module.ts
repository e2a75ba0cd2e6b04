import { join } from 'node:path';
import type { ConsumeOptions, Job, Subscription } from '@framecast/adapters';
import type { ModuleContext, Service, ServiceModule } from '@framecast/kit';
import { findFfmpeg } from '@framecast/media';
import { createTranscodeHandler, type TranscodeJob } from './transcode.job.js';
import { transcodeEvents } from './transcoder.events.js';
import { createTranscoderMetrics } from './transcoder.metrics.js';

export const TRANSCODER_SCHEMA = 'transcoder';
const QUEUE = 'transcode';

export interface TranscoderOptions {
  /** Where FFMPEG_PATH, FFPROBE_PATH and PATH are read. */
  env?: Record<string, string | undefined>;
  maxAttempts?: number;
  backoffMs?(attempt: number): number;
  /** Limit of each ffmpeg run. */
  timeoutMs?: number;
}

/** 30 s, 2 min, 8 min…: a crash that a restart or a freed disk fixes gets time to be fixed. */
const defaultBackoff = (attempt: number) => Math.min(30 * 60_000, 30_000 * 4 ** (attempt - 1));

export function createTranscoderModule(opts: TranscoderOptions = {}): ServiceModule {
  const consume: ConsumeOptions = {
    // One job at a time: a single ffmpeg already uses every core.
    prefetch: 1,
    maxAttempts: opts.maxAttempts ?? 3,
    backoffMs: opts.backoffMs ?? defaultBackoff,
  };

  async function init(ctx: ModuleContext): Promise<Service> {
    const found = await findFfmpeg(opts.env ?? process.env);
    if (!found.ok) ctx.logger.error(found.reason);
    const metrics = createTranscoderMetrics(ctx.metrics, ctx.jobs, QUEUE);
    const shutdown = new AbortController();
    let subscription: Subscription | undefined;
    let stopping: Promise<void> | undefined;
    // Handlers still running (a handed-back job is cleaning up its scratch folder): stop() waits for them.
    const running = new Set<Promise<void>>();

    return {
      async start() {
        // Without FFmpeg the jobs stay queued for a worker that has it; /readyz says why.
        if (!found.ok) return;
        const handler = createTranscodeHandler({
          storage: ctx.storage,
          events: transcodeEvents(ctx.db, ctx.outbox),
          metrics,
          logger: ctx.logger,
          ffmpeg: found,
          workDir: join(ctx.config.dataDir, 'transcode'),
          maxAttempts: consume.maxAttempts,
          timeoutMs: opts.timeoutMs ?? 6 * 3600_000,
          shutdown: shutdown.signal,
          handedBack: () => stopping ?? Promise.resolve(),
        });
        const tracked = (job: Job<TranscodeJob>) => {
          const run = handler(job);
          const settled = run.then(
            () => undefined,
            () => undefined,
          );
          running.add(settled);
          void settled.then(() => running.delete(settled));
          return run;
        };
        subscription = await ctx.jobs.consume<TranscodeJob>(QUEUE, tracked, consume);
      },
      async stop() {
        if (!subscription) return;
        stopping ??= subscription.close();
        // The job in flight gets the shutdown timeout to finish; then its ffmpeg is killed and it is handed back.
        const timer = setTimeout(
          () => shutdown.abort(new Error('The transcoder is shutting down.')),
          ctx.config.shutdownTimeoutMs,
        );
        timer.unref();
        try {
          await stopping;
        } finally {
          clearTimeout(timer);
          shutdown.abort(new Error('The transcoder is shutting down.'));
          await Promise.all(running);
        }
      },
      async ready() {
        if (!found.ok) throw new Error(found.reason);
        return true;
      },
    };
  }

  return {
    name: 'transcoder',
    deps: [],
    prefixes: [],
    // The schema holds only the outbox, so the transcoder's events are written like every other module's.
    schema: TRANSCODER_SCHEMA,
    migrations: {},
    init,
  };
}

/** The FFmpeg workers for video on demand: consume `transcode` jobs, publish `transcode.*` events. */
export const transcoderModule: ServiceModule = createTranscoderModule();
