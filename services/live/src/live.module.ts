import type { ModuleContext, Service, ServiceModule } from '@framecast/kit';
import { deletedAccountConsumer } from './channels/account.consumer.js';
import { publisherRegistry } from './ingest/publishers.js';
import { liveMigrations } from './live.migrations.js';
import { liveRoutes } from './live.routes.js';
import { type LiveEnv, liveSettingsSchema, toLiveSettings } from './live.settings.js';
import { LIVE_SCHEMA } from './live.tables.js';
import { createSessionService } from './sessions/session.service.js';
import { viewerCounter } from './viewers/viewer.counter.js';

async function init(ctx: ModuleContext<LiveEnv>): Promise<Service> {
  const settings = toLiveSettings(ctx.settings, ctx.config.publicUrl);
  const db = ctx.db.kysely;
  const sessions = createSessionService({ db, clock: ctx.clock, outbox: ctx.outbox });
  const publishers = publisherRegistry({ pubsub: ctx.pubsub, prefix: ctx.config.redisKeyPrefix, logger: ctx.logger });
  const disconnect = (channelId: string) => publishers.disconnect(channelId);
  const viewers = viewerCounter({ cache: ctx.cache, now: () => ctx.clock.now().getTime() });
  const accounts = deletedAccountConsumer({ db, events: ctx.events, sessions, disconnect });
  return {
    async routes(app) {
      await app.register(liveRoutes({ db, clock: ctx.clock, sessions, settings, viewers, disconnect }));
    },
    async start() {
      await publishers.start();
      await accounts.start();
    },
    async stop() {
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
  prefixes: ['/api/live', '/api/channels/:handle/live'],
  schema: LIVE_SCHEMA,
  migrations: liveMigrations,
  init,
};
