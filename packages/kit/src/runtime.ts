import { createOutbox, migrate, type OutboxRelay, outboxMigrations, startOutboxRelay } from '@framecast/adapters';
import { JWKS_PATH } from '@framecast/contracts';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { accountStates } from './account.state.js';
import { type Adapters, openAdapters } from './adapters.js';
import { type AccessVerifier, createAccessVerifier, identityHook } from './auth.js';
import { type Config, readSettings } from './config.js';
import { healthRoutes } from './health.js';
import { createHttpServer } from './http.js';
import { createLogger } from './logger.js';
import { typedEvents, typedJobs, typedOutbox } from './messages.js';
import { createMetrics } from './metrics.js';
import type { Clock, ModuleContext, ModuleName, RemoteModule, Service, ServiceModule } from './module.js';
import { createRealtimePublisher } from './realtime/realtime.publisher.js';
import { resolveTargets } from './registry.js';
import { websocketSupport } from './websocket.js';

export interface RuntimeOptions {
  config: Config;
  /** Where the modules' settings are read (`process.env` unless given). */
  env?: NodeJS.ProcessEnv;
  /** Every module the platform has; `targets` picks from it. */
  catalog: readonly ServiceModule[];
  targets: readonly string[];
  logger?: Logger;
  clock?: Clock;
}

export interface Runtime {
  app: FastifyInstance;
  /** Base URL the server listens on (`http://127.0.0.1:8080`). */
  url: string;
  modules: readonly ServiceModule[];
  services: ReadonlyMap<ModuleName, Service>;
  /** Each module's context (for commands such as `seed` that call into modules). */
  contexts: ReadonlyMap<ModuleName, ModuleContext>;
  adapters: Adapters;
  metrics: Registry;
  /** Graceful stop: refuse new requests, drain in-flight ones, stop background work, close adapters. */
  close(): Promise<void>;
}

const systemClock: Clock = { now: () => new Date() };

/** Starts the targeted modules in this process: adapters, migrations, outbox relays, HTTP server, background work. */
export async function startRuntime(opts: RuntimeOptions): Promise<Runtime> {
  const { config } = opts;
  const remotes = remoteModules(opts.catalog, config);
  const modules = resolveTargets(opts.catalog, opts.targets, new Set(remotes.keys()));
  // Every module's settings are checked before anything opens: a bad variable is one line, not a half-started process.
  const settings = new Map(
    modules.map((m) => [m.name, m.settings ? readSettings(m.settings, opts.env ?? process.env) : {}] as const),
  );
  const name = modules.map((m) => m.name).join(',');
  const logger = opts.logger ?? createLogger({ level: config.logLevel, name });
  const metrics = createMetrics(name);
  const adapters = await openAdapters(config, logger);
  const stops: (() => Promise<void>)[] = [() => adapters.close()];
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse()) {
      await stop().catch((err: unknown) => logger.error({ err }, 'shutdown step failed'));
    }
  };

  try {
    for (const module of modules) {
      if (!module.schema) continue;
      const applied = await migrate(adapters.db, module.schema, { ...outboxMigrations, ...module.migrations });
      if (applied.length > 0) logger.info({ module: module.name, applied }, 'migrations applied');
    }

    const app = await createHttpServer({ config, logger, metrics });
    stops.push(() => app.close());
    const auth = accessVerifier(config, app, modules);
    const accounts = accountStates(adapters.cache);
    const realtime = createRealtimePublisher({ pubsub: adapters.pubsub, prefix: config.redisKeyPrefix });
    const local = new Map<ModuleName, Service>();
    const contexts = new Map<ModuleName, ModuleContext>();
    /** Each schema's outbox relay, nudged by the writes of its module's outbox (relays start last, below). */
    const relays = new Map<string, OutboxRelay>();
    for (const module of modules) {
      const ctx: ModuleContext = {
        config,
        settings: settings.get(module.name) ?? {},
        logger: logger.child({ module: module.name }),
        metrics,
        db: adapters.db,
        events: typedEvents(adapters.events),
        jobs: typedJobs(adapters.jobs),
        cache: adapters.cache,
        pubsub: adapters.pubsub,
        journal: adapters.journal,
        storage: adapters.storage,
        clock: opts.clock ?? systemClock,
        outbox: typedOutbox(
          createOutbox(module.schema ?? module.name, { onWrite: () => relays.get(module.schema ?? '')?.nudge() }),
        ),
        realtime,
        auth,
        accountStates: accounts,
        remotes,
      };
      contexts.set(module.name, ctx);
      local.set(module.name, await module.init(ctx));
    }

    const state = { closing: false };
    await app.register(
      fp(async (root) => {
        await websocketSupport(root);
        for (const service of local.values()) await service.edge?.(root);
        root.addHook('onRequest', identityHook(auth, accounts));
        // Responses finishing during shutdown close their keep-alive connection, so the server can stop.
        root.addHook('onSend', async (_request, reply) => {
          if (state.closing) reply.header('connection', 'close');
        });
      }),
    );
    await app.register(healthRoutes, { metrics, adapters, services: local, state });
    for (const service of local.values()) {
      if (service.routes) await app.register(async (scope) => service.routes?.(scope));
    }

    await app.listen({ host: config.host, port: config.port });
    const address = app.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    const url = `http://${config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host}:${port}`;

    for (const service of local.values()) {
      await service.start?.();
      if (service.stop) stops.push(() => service.stop!());
    }
    // Relays start once every consumer here has subscribed, and stop first: an event is never handed to an
    // in-process bus with nobody listening yet or any more. Rows written meanwhile wait in the outbox.
    for (const module of modules) {
      if (!module.schema) continue;
      const relay = startOutboxRelay({
        db: adapters.db,
        schema: module.schema,
        events: adapters.events,
        jobs: adapters.jobs,
        logger,
        intervalMs: config.outboxRelayIntervalMs,
      });
      relays.set(module.schema, relay);
      stops.push(() => relay.stop());
    }
    logger.info({ url, modules: [...local.keys()], adapters: adapters.kinds }, 'framecast is ready');

    return {
      app,
      url,
      modules,
      services: local,
      contexts,
      adapters,
      metrics,
      async close() {
        if (state.closing) return;
        state.closing = true;
        await stopAll();
      },
    };
  } catch (error) {
    await stopAll();
    throw error;
  }
}

function remoteModules(catalog: readonly ServiceModule[], config: Config): Map<ModuleName, RemoteModule> {
  const remotes = new Map<ModuleName, RemoteModule>();
  for (const module of catalog) {
    const url = config.serviceUrls[module.name];
    if (url) remotes.set(module.name, { url, prefixes: module.prefixes, sockets: module.sockets ?? [] });
  }
  return remotes;
}

/** Access tokens are checked against the user module's JWKS: read in-process when it runs here, else over HTTP. */
function accessVerifier(config: Config, app: FastifyInstance, modules: readonly ServiceModule[]): AccessVerifier {
  if (modules.some((m) => m.name === 'user')) {
    return createAccessVerifier({
      jwksUrl: `http://in-process${JWKS_PATH}`,
      fetch: async () => {
        const res = await app.inject({ method: 'GET', url: JWKS_PATH });
        return new Response(res.body, { status: res.statusCode, headers: { 'content-type': 'application/json' } });
      },
    });
  }
  const base = config.serviceUrls.user ?? config.publicUrl;
  return createAccessVerifier({ jwksUrl: config.jwksUrl ?? `${base}${JWKS_PATH}` });
}
