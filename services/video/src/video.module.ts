import { join } from 'node:path';
import { createCmcdMetrics, type ModuleContext, type Service, type ServiceModule } from '@framecast/kit';
import { deletedAccountConsumer } from './lifecycle/account.consumer.js';
import { processingSweeper } from './lifecycle/processing.sweeper.js';
import { transcodeConsumer } from './lifecycle/transcode.consumer.js';
import { mediaRoutes } from './playback/media.routes.js';
import { createPlaybackSigner, loadPlaybackSecret } from './playback/playback.signer.js';
import { replayConsumer } from './replay/replay.consumer.js';
import { multipartRoutes } from './upload/multipart.routes.js';
import { tusFiles } from './upload/tus.files.js';
import { tusUploads } from './upload/tus.routes.js';
import { createUploadService, type UploadService } from './upload/upload.service.js';
import { uploadSweeper } from './upload/upload.sweeper.js';
import { createVideoMetrics } from './video.metrics.js';
import { videoMigrations } from './video.migrations.js';
import { toVideoSettings, type VideoEnv, videoSettingsSchema } from './video.settings.js';
import { scoped, VIDEO_SCHEMA } from './video.tables.js';
import { videoPresenter } from './videos/video.presenter.js';
import { videoRoutes } from './videos/video.routes.js';
import { viewsConsumer } from './videos/views.consumer.js';

export interface VideoModuleOptions {
  /** How often unfinished uploads are checked for expiry and processing for stalls (default every 5 minutes). */
  sweepEveryMs?: number;
}

async function init(ctx: ModuleContext<VideoEnv>, options: VideoModuleOptions): Promise<Service> {
  const settings = toVideoSettings(ctx.settings);
  const db = ctx.db.kysely;
  const videos = scoped(db);
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
    outbox: ctx.outbox,
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
    corsOrigins: ctx.config.corsOrigins,
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
  const stalls = processingSweeper({
    db: ctx.db,
    outbox: ctx.outbox,
    jobs: ctx.jobs,
    clock: ctx.clock,
    metrics,
    logger: ctx.logger,
    everyMs: options.sweepEveryMs ?? 5 * 60_000,
  });
  const consumer = transcodeConsumer({
    db: ctx.db,
    events: ctx.events,
    outbox: ctx.outbox,
    clock: ctx.clock,
    metrics,
    storage: ctx.storage,
    realtime: ctx.realtime,
    logger: ctx.logger,
    maxDurationSeconds: settings.maxDurationSeconds,
  });
  const accounts = deletedAccountConsumer({ db: videos, events: ctx.events, uploads, logger: ctx.logger });
  const views = viewsConsumer({ db: ctx.db, events: ctx.events });
  const replays = replayConsumer({
    db: ctx.db,
    events: ctx.events,
    outbox: ctx.outbox,
    clock: ctx.clock,
    logger: ctx.logger,
  });

  return {
    async routes(app) {
      await app.register(multipartRoutes({ uploads, storage: ctx.storage, settings }));
      await app.register(videoRoutes({ db: videos, clock: ctx.clock, uploads, present }));
      await app.register(tus.routes(videos));
      await app.register(
        mediaRoutes({ db: videos, storage: ctx.storage, signer, cmcd: createCmcdMetrics(ctx.metrics) }),
      );
    },
    async start() {
      await consumer.start();
      await accounts.start();
      await replays.start();
      await views.start();
      sweeper.start();
      stalls.start();
    },
    async stop() {
      await stalls.stop();
      await sweeper.stop();
      await views.stop();
      await replays.stop();
      await accounts.stop();
      await consumer.stop();
    },
  };
}

/** The module; its settings come from the runtime's environment (tests pass their own there). */
export function createVideoModule(
  options: VideoModuleOptions = {},
): ServiceModule<typeof videoSettingsSchema, 'video'> {
  return {
    name: 'video',
    settings: videoSettingsSchema,
    deps: [],
    // The channel listing lives under the user module's `/api/channels`; the gateway routes this longer prefix here.
    prefixes: ['/api/videos', '/api/uploads', '/media', '/api/channels/:handle/videos'],
    schema: VIDEO_SCHEMA,
    migrations: videoMigrations,
    init: (ctx) => init(ctx, options),
  };
}

/** Uploads (single request and resumable), metadata, the processing lifecycle, playback authorisation and media. */
export const videoModule = createVideoModule();
