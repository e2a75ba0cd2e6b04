import { type ModuleContext, periodicTask, type Service, type ServiceModule } from '@framecast/kit';
import { createAnalyticsMetrics } from './analytics.metrics.js';
import { analyticsMigrations } from './analytics.migrations.js';
import { type AnalyticsEnv, analyticsSettingsSchema, toAnalyticsSettings } from './analytics.settings.js';
import { ANALYTICS_SCHEMA } from './analytics.tables.js';
import { createBeaconIngest } from './beacons/beacon.ingest.js';
import { beaconRoutes } from './beacons/beacon.routes.js';
import { createRollupWriter } from './beacons/rollup.writer.js';
import { ensurePartitions } from './partitions.js';
import { factsConsumer } from './projections/facts.consumer.js';
import { createTargetStore } from './projections/target.store.js';
import { reportRoutes } from './reports/report.routes.js';
import { reportStore } from './reports/report.store.js';

const DAY = 24 * 3600_000;

async function init(ctx: ModuleContext<AnalyticsEnv>): Promise<Service> {
  const settings = toAnalyticsSettings(ctx.settings);
  const metrics = createAnalyticsMetrics(ctx.metrics);
  const now = () => ctx.clock.now().getTime();
  const targets = createTargetStore(ctx.db.kysely, now);
  const writer = createRollupWriter({
    db: ctx.db.kysely,
    outbox: ctx.outbox,
    logger: ctx.logger,
    metrics,
    flushMs: settings.flushMs,
    now,
  });
  const ingest = createBeaconIngest({
    cache: ctx.cache,
    targets,
    writer,
    metrics,
    now,
    beaconsPerMinute: settings.beaconsPerMinute,
    viewWindowMs: settings.viewWindowSeconds * 1000,
  });
  const facts = factsConsumer({ db: ctx.db, events: ctx.events, targets });
  // This month's partition and the next two's, made at start and checked daily.
  const partitions = periodicTask({
    everyMs: DAY,
    logger: ctx.logger,
    failure: 'analytics partitions could not be made',
    work: () => ensurePartitions(ctx.db.kysely, ctx.clock.now()),
  });
  await ensurePartitions(ctx.db.kysely, ctx.clock.now());
  return {
    async routes(app) {
      await app.register(beaconRoutes({ ingest }));
      await app.register(reportRoutes({ store: reportStore(ctx.db.kysely), clock: ctx.clock }));
    },
    async start() {
      await facts.start();
      writer.start();
      partitions.start();
    },
    async stop() {
      await partitions.stop();
      await writer.stop();
      await facts.stop();
    },
  };
}

/** Player beacons, rolled up in memory and written in batches; views, watch time, retention, QoE and live audiences. */
export const analyticsModule: ServiceModule<typeof analyticsSettingsSchema, 'analytics'> = {
  name: 'analytics',
  settings: analyticsSettingsSchema,
  deps: [],
  prefixes: ['/api/analytics'],
  schema: ANALYTICS_SCHEMA,
  migrations: analyticsMigrations,
  init,
};
