import type { ModuleContext, Service, ServiceModule } from '@framecast/kit';
import { accountsConsumer } from './accounts/accounts.consumer.js';
import { createChatMetrics } from './chat.metrics.js';
import { chatMigrations } from './chat.migrations.js';
import { type ChatEnv, chatSettingsSchema, toChatSettings } from './chat.settings.js';
import { CHAT_SCHEMA, scoped } from './chat.tables.js';
import { createMessageWriter } from './messages/message.writer.js';
import { retentionSweep } from './messages/retention.sweep.js';
import { moderationRoutes } from './moderation/moderation.routes.js';
import { createModeration } from './moderation/moderation.service.js';
import { createChatHub } from './room/chat.hub.js';
import { createSendFlow } from './room/chat.send.js';

async function init(ctx: ModuleContext<ChatEnv>): Promise<Service> {
  const settings = toChatSettings(ctx.settings);
  const metrics = createChatMetrics(ctx.metrics);
  const db = scoped(ctx.db.kysely);
  const messages = createMessageWriter({ db: ctx.db.kysely, outbox: ctx.outbox, logger: ctx.logger, metrics });
  const flow = createSendFlow({ cache: ctx.cache, journal: ctx.journal, db, messages, clock: ctx.clock });
  const hub = createChatHub({
    db,
    journal: ctx.journal,
    pubsub: ctx.pubsub,
    prefix: ctx.config.redisKeyPrefix,
    flow,
    auth: ctx.auth,
    accountStates: ctx.accountStates,
    settings,
    metrics,
    clock: ctx.clock,
    logger: ctx.logger,
  });
  const moderation = createModeration({ db: ctx.db.kysely, journal: ctx.journal, clock: ctx.clock });
  const accounts = accountsConsumer({
    db: ctx.db.kysely,
    events: ctx.events,
    deleted: (userId) => hub.channelDeleted(userId),
  });
  const retention = retentionSweep({
    db: ctx.db.kysely,
    clock: ctx.clock,
    days: settings.retentionDays,
    logger: ctx.logger,
  });
  return {
    async routes(app) {
      await hub.routes(app);
      await app.register(moderationRoutes({ moderation }));
    },
    async start() {
      await accounts.start();
      retention.start();
    },
    async stop() {
      await hub.close();
      await retention.stop();
      await accounts.stop();
      await messages.stop();
    },
  };
}

/** Chat rooms beside every channel: the WebSocket protocol, history, moderation, fan-out across instances. */
export const chatModule: ServiceModule<typeof chatSettingsSchema, 'chat'> = {
  name: 'chat',
  settings: chatSettingsSchema,
  deps: [],
  prefixes: ['/api/chat'],
  sockets: ['/api/chat/:handle/ws'],
  schema: CHAT_SCHEMA,
  migrations: chatMigrations,
  init,
};
