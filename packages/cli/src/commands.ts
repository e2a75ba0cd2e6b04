import { migrate, outboxMigrations } from '@framecast/adapters';
import { type Config, createLogger, openAdapters, type Runtime, resolveTargets, startRuntime } from '@framecast/kit';
import { catalog } from './catalog.js';

/** `framecast start`: runs the targeted modules until SIGINT/SIGTERM, then stops gracefully. */
export async function start(config: Config, targets: string[]): Promise<Runtime> {
  const runtime = await startRuntime({ config, catalog, targets });
  const logger = runtime.app.log;
  if (runtime.services.has('gateway')) logger.info(`Framecast is running at ${config.publicUrl}`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    const timer = setTimeout(() => {
      logger.error(`shutdown took longer than ${config.shutdownTimeoutMs} ms; exiting`);
      process.exit(1);
    }, config.shutdownTimeoutMs);
    timer.unref();
    await runtime.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
  return runtime;
}

/** `framecast migrate`: brings every targeted module's schema up to date, then exits. */
export async function migrateAll(config: Config, targets: string[]) {
  const logger = createLogger({ level: config.logLevel, name: 'migrate' });
  const adapters = await openAdapters(config, logger);
  try {
    for (const module of resolveTargets(catalog, targets)) {
      if (!module.schema) continue;
      const applied = await migrate(adapters.db, module.schema, { ...outboxMigrations, ...module.migrations });
      logger.info({ module: module.name, applied }, applied.length ? 'migrated' : 'up to date');
    }
  } finally {
    await adapters.close();
  }
}

/** `framecast seed`: demo data from every module that has some (runs each module once, without serving HTTP). */
export async function seed(config: Config) {
  const runtime = await startRuntime({ config: { ...config, port: 0, host: '127.0.0.1' }, catalog, targets: ['all'] });
  try {
    for (const module of runtime.modules) {
      if (!module.seed) continue;
      await module.seed(runtime.contexts.get(module.name)!);
      runtime.app.log.info({ module: module.name }, 'seeded');
    }
  } finally {
    await runtime.close();
  }
}
