import { join } from 'node:path';
import type { ModuleContext, Service, ServiceModule } from '@framecast/kit';
import { transcodeConsumer } from './lifecycle/transcode.consumer.js';
import { mediaRoutes } from './playback/media.routes.js';
import { createPlaybackSigner, loadPlaybackSecret } from './playback/playback.signer.js';
import { multipartRoutes } from './upload/multipart.routes.js';
import { tusFiles } from './upload/tus.files.js';
import { tusUploads } from './upload/tus.routes.js';
import { createUploadService, type UploadService } from './upload/upload.service.js';
import { uploadSweeper } from './upload/upload.sweeper.js';
import { eventWriter } from './video.events.js';
import { createVideoMetrics } from './video.metrics.js';
import { videoMigrations } from './video.migrations.js';
import { readVideoSettings } from './video.settings.js';
import { scoped, VIDEO_SCHEMA } from './video.tables.js';
import { videoPresenter } from './videos/video.presenter.js';
import { videoRoutes } from './videos/video.routes.js';

export interface VideoModuleOptions {
  /** How often unfinished uploads are checked for expiry (default every 5 minutes). */
  sweepEveryMs?: number;
}

async function init(ctx: ModuleContext, env: NodeJS.ProcessEnv, options: VideoModuleOptions): Promise<Service> {
  const settings = readVideoSettings(env);
  const db = ctx.db.kysely;
  const videos = scoped(db);
  const write = eventWriter(ctx.outbox);
  const metrics = createVideoMetrics(ctx.metrics);
  const secret = await loadPlaybackSecret(videos, settings.playbackSecret);
  const signer = createPlaybackSigner({ secret, ttlSeconds: settings.playbackTokenTtlSeconds, clock: ctx.clock });
  const present = videoPresenter(signer);
  // The tus files and the upload service need each other: deleting an unfinished video removes its tus file.
  const files = tusFiles({
    directory: join(ctx.config.dataDir, 'uploads'),
    storage: ctx.storage,
    uploads: () => uploads,
    logger: ctx.logger,
  });
  const uploads: UploadService = createUploadService({
    db,
    clock: ctx.clock,
    write,
    jobs: ctx.jobs,
    storage: ctx.storage,
    settings,
    metrics,
    discardUpload: files.discard,
  });
  const tus = tusUploads({
    files,
    uploads,
    logger: ctx.logger,
    clock: ctx.clock,
    expiryHours: settings.uploadExpiryHours,
  });
  const sweeper = uploadSweeper({
    db: videos,
    clock: ctx.clock,
    uploads,
    files,
    expiryHours: settings.uploadExpiryHours,
    everyMs: options.sweepEveryMs ?? 5 * 60_000,
    logger: ctx.logger,
  });
  const consumer = transcodeConsumer({
    db: ctx.db,
    events: ctx.events,
    write,
    clock: ctx.clock,
    metrics,
    storage: ctx.storage,
    maxDurationSeconds: settings.maxDurationSeconds,
  });

  return {
    async routes(app) {
      await app.register(multipartRoutes({ uploads, storage: ctx.storage, settings }));
      await app.register(videoRoutes({ db: videos, clock: ctx.clock, uploads, present }));
      await app.register(tus.routes(videos));
      await app.register(mediaRoutes({ db: videos, storage: ctx.storage, signer }));
    },
    async start() {
      await consumer.start();
      sweeper.start();
    },
    async stop() {
      await sweeper.stop();
      await consumer.stop();
    },
  };
}

/** The module, reading its settings from `env` when it starts (tests pass their own). */
export function createVideoModule(
  env: NodeJS.ProcessEnv = process.env,
  options: VideoModuleOptions = {},
): ServiceModule {
  return {
    name: 'video',
    deps: [],
    // The channel listing lives under the user module's `/api/channels`; the gateway routes this longer prefix here.
    prefixes: ['/api/videos', '/api/uploads', '/media', '/api/channels/:handle/videos'],
    schema: VIDEO_SCHEMA,
    migrations: videoMigrations,
    init: (ctx) => init(ctx, env, options),
  };
}

/** Uploads (single request and resumable), metadata, the processing lifecycle, playback authorisation and media. */
export const videoModule: ServiceModule = createVideoModule();
