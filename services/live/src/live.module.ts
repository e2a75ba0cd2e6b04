import { readFile } from 'node:fs/promises';
import type { TlsOptions } from 'node:tls';
import { ConfigError, createCmcdMetrics, type ModuleContext, type Service, type ServiceModule } from '@framecast/kit';
import { findFfmpeg } from '@framecast/media';
import { deletedAccountConsumer } from './channels/account.consumer.js';
import { liveIngest } from './ingest/live.ingest.js';
import { liveMediaRoutes } from './ingest/live.media.routes.js';
import { publisherRegistry } from './ingest/publishers.js';
import { streamHealth } from './ingest/stream.health.js';
import { liveMigrations } from './live.migrations.js';
import { liveRoutes } from './live.routes.js';
import { type LiveEnv, liveSettingsSchema, toLiveSettings } from './live.settings.js';
import { LIVE_SCHEMA } from './live.tables.js';
import { replayConsumer } from './replay/replay.consumer.js';
import { createSessionService } from './sessions/session.service.js';
import { staleSessionSweeper } from './sessions/stale.sweeper.js';
import { viewerCounter } from './viewers/viewer.counter.js';

/** The RTMPS certificate and key, read once at start; a file that cannot be read is a configuration error. */
async function readCertificate(files: { certFile: string; keyFile: string }): Promise<TlsOptions> {
  const read = (path: string, variable: string) =>
    readFile(path).catch((error: NodeJS.ErrnoException) => {
      throw new ConfigError(variable, `cannot be read (${error.code ?? error.message}): ${path}`);
    });
  const [cert, key] = await Promise.all([
    read(files.certFile, 'RTMPS_CERT_FILE'),
    read(files.keyFile, 'RTMPS_KEY_FILE'),
  ]);
  return { cert, key };
}

async function init(ctx: ModuleContext<LiveEnv>): Promise<Service> {
  const settings = toLiveSettings(ctx.settings, ctx.config.publicUrl, ctx.config);
  const db = ctx.db.kysely;
  const sessions = createSessionService({ db, clock: ctx.clock, outbox: ctx.outbox });
  const publishers = publisherRegistry({ pubsub: ctx.pubsub, prefix: ctx.config.redisKeyPrefix, logger: ctx.logger });
  const disconnect = (channelId: string) => publishers.disconnect(channelId);
  const viewers = viewerCounter({ cache: ctx.cache, now: () => ctx.clock.now().getTime() });
  const accounts = deletedAccountConsumer({ db, events: ctx.events, sessions, disconnect });
  const replays = replayConsumer({ db, events: ctx.events, storage: ctx.storage, logger: ctx.logger });
  // Looked up once; a missing FFmpeg refuses publishers with the reason (the transcoder logs how to install it).
  const found = await findFfmpeg({
    PATH: process.env.PATH,
    FFMPEG_PATH: settings.ffmpegPath,
    FFPROBE_PATH: settings.ffprobePath,
  });
  const health = streamHealth({
    db,
    realtime: ctx.realtime,
    viewers,
    metrics: ctx.metrics,
    clock: ctx.clock,
    logger: ctx.logger,
  });
  const ingest = liveIngest({
    db,
    sessions,
    publishers,
    storage: ctx.storage,
    ffmpeg: () => (found.ok ? { ok: true, path: found.ffmpeg } : { ok: false, reason: found.reason }),
    dvrWindowSeconds: settings.dvrWindowSeconds,
    renditions: settings.renditions,
    origin: settings.advertiseUrl,
    health,
    logger: ctx.logger,
  });
  const stale = staleSessionSweeper({
    db,
    sessions,
    storage: ctx.storage,
    clock: ctx.clock,
    everyMs: 10_000,
    logger: ctx.logger,
    ended: (sessionId, channelId) => health.ended(sessionId, channelId),
  });
  return {
    async routes(app) {
      await app.register(
        liveRoutes({ db, clock: ctx.clock, sessions, settings, ingestPorts: ingest.ports, viewers, disconnect }),
      );
      await app.register(
        liveMediaRoutes({
          db,
          storage: ctx.storage,
          pipeline: ingest.pipeline,
          self: settings.advertiseUrl,
          cmcd: createCmcdMetrics(ctx.metrics),
        }),
      );
    },
    async start() {
      await publishers.start();
      await accounts.start();
      await replays.start();
      const rtmps = settings.rtmps && { port: settings.rtmps.port, tls: await readCertificate(settings.rtmps) };
      await ingest.start(
        { rtmp: settings.rtmpPort, srt: settings.srtPort, ...(rtmps ? { rtmps } : {}) },
        ctx.config.host,
      );
      ctx.logger.info(ingest.ports(), 'RTMP ingest listening');
      stale.start();
    },
    async stop() {
      await stale.stop();
      await ingest.stop();
      await replays.stop();
      await accounts.stop();
      await publishers.stop();
    },
  };
}

/** Stream keys, live sessions and what viewers read of them; ingest and live transcoding join it. */
export const liveModule: ServiceModule<typeof liveSettingsSchema, 'live'> = {
  name: 'live',
  settings: liveSettingsSchema,
  deps: [],
  // The channel's stream lives under the user module's `/api/channels`; the gateway routes this longer prefix here.
  prefixes: ['/api/live', '/api/channels/:handle/live', '/media/live'],
  schema: LIVE_SCHEMA,
  migrations: liveMigrations,
  init,
};
