import { rmdir } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { ConsumeOptions, Job, Subscription } from '@framecast/adapters';
import type { JobName } from '@framecast/contracts';
import type { ModuleContext, Service, ServiceModule } from '@framecast/kit';
import { ffmpegSettingsSchema, findFfmpeg } from '@framecast/media';
import Type, { type Static } from 'typebox';
import { createRemuxHandler } from './remux.job.js';
import { scratchName, sweepScratch } from './scratch.sweep.js';
import { createTranscodeHandler, type TranscodeJobDeps } from './transcode.job.js';
import { createTranscoderMetrics } from './transcoder.metrics.js';

export const TRANSCODER_SCHEMA = 'transcoder';
const QUEUE = 'transcode' satisfies JobName;
const REMUX_QUEUE = 'remux' satisfies JobName;

/** The transcoder's environment variables (documented in docs/operations.md). */
export const transcoderSettingsSchema = Type.Object({
  ...ffmpegSettingsSchema.properties,
  TRANSCODE_TIMEOUT_SECONDS: Type.Integer({ minimum: 10, default: 6 * 3600 }),
});

export interface TranscoderOptions {
  /** Where ffmpeg and ffprobe are looked for when FFMPEG_PATH / FFPROBE_PATH are unset (`PATH` unless given). */
  path?: string;
  maxAttempts?: number;
  backoffMs?(attempt: number): number;
}

/** 30 s, 2 min, 8 min…: a crash that a restart or a freed disk fixes gets time to be fixed. */
const defaultBackoff = (attempt: number) => Math.min(30 * 60_000, 30_000 * 4 ** (attempt - 1));

export function createTranscoderModule(
  opts: TranscoderOptions = {},
): ServiceModule<typeof transcoderSettingsSchema, 'transcoder'> {
  const consume: ConsumeOptions = {
    // One job at a time: a single ffmpeg already uses every core.
    prefetch: 1,
    maxAttempts: opts.maxAttempts ?? 3,
    backoffMs: opts.backoffMs ?? defaultBackoff,
  };

  async function init(ctx: ModuleContext<Static<typeof transcoderSettingsSchema>>): Promise<Service> {
    const found = await findFfmpeg({
      PATH: opts.path ?? process.env.PATH,
      FFMPEG_PATH: ctx.settings.FFMPEG_PATH,
      FFPROBE_PATH: ctx.settings.FFPROBE_PATH,
    });
    // The one FFmpeg check, made only where FFmpeg is needed; the platform still serves everything else.
    if (!found.ok) ctx.logger.error(`${found.reason} Video processing is off until then.`);
    const metrics = createTranscoderMetrics(ctx.metrics, ctx.jobs, QUEUE);
    const shutdown = new AbortController();
    let subscriptions: Subscription[] = [];
    let stopping: Promise<void> | undefined;
    // Handlers still running (a handed-back job is cleaning up its scratch folder): stop() waits for them.
    const running = new Set<Promise<void>>();

    return {
      async start() {
        // Without FFmpeg the jobs stay queued for a worker that has it; /readyz says why.
        if (!found.ok) return;
        // Scratch folders are per process; those of a worker that died (even by SIGKILL) are removed now.
        const root = join(ctx.config.dataDir, 'transcode');
        const self = { host: hostname(), pid: process.pid };
        const swept = await sweepScratch(root, self);
        if (swept.length > 0) ctx.logger.info({ swept }, 'removed scratch folders of stopped transcoders');
        const workDir = join(root, scratchName(self.host, self.pid));
        const jobDeps: TranscodeJobDeps = {
          storage: ctx.storage,
          events: async (type, payload) => {
            await ctx.outbox.write(ctx.db.kysely, type, payload);
          },
          metrics,
          logger: ctx.logger,
          ffmpeg: found,
          workDir,
          maxAttempts: consume.maxAttempts,
          timeoutMs: ctx.settings.TRANSCODE_TIMEOUT_SECONDS * 1000,
          shutdown: shutdown.signal,
          handedBack: () => stopping ?? Promise.resolve(),
        };
        const transcode = createTranscodeHandler(jobDeps);
        const remux = createRemuxHandler(jobDeps);
        const tracked =
          <T>(handler: (job: Job<T>) => Promise<void>) =>
          (job: Job<T>) => {
            const run = handler(job);
            const settled = run.then(
              () => undefined,
              () => undefined,
            );
            running.add(settled);
            // Between jobs the process's folder goes too, so an idle transcoder leaves nothing behind.
            void settled.then(async () => {
              await rmdir(workDir).catch(() => undefined);
              running.delete(settled);
            });
            return run;
          };
        subscriptions = [
          await ctx.jobs.consume(QUEUE, tracked(transcode), consume),
          // A remux copies streams: seconds of work, but one at a time like a transcode, sharing the scratch folder.
          await ctx.jobs.consume(REMUX_QUEUE, tracked(remux), consume),
        ];
      },
      async stop() {
        if (subscriptions.length === 0) return;
        stopping ??= Promise.all(subscriptions.map((s) => s.close())).then(() => undefined);
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
    settings: transcoderSettingsSchema,
    deps: [],
    prefixes: [],
    // The schema holds only the outbox, so the transcoder's events are written like every other module's.
    schema: TRANSCODER_SCHEMA,
    migrations: {},
    init,
  };
}

/** The FFmpeg workers for video on demand: consume `transcode` jobs, publish `transcode.*` events. */
export const transcoderModule = createTranscoderModule();
