import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import type { Adapters } from './adapters.js';
import type { ModuleName, Service } from './module.js';

interface HealthOptions {
  metrics: Registry;
  adapters: Adapters;
  services: ReadonlyMap<ModuleName, Service>;
  state: { closing: boolean };
}

const CHECK_TIMEOUT_MS = 2_000;

async function check(name: string, probe: () => Promise<unknown>): Promise<[string, string]> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new Error('timed out')), CHECK_TIMEOUT_MS);
    });
    const result = await Promise.race([probe(), timeout]);
    return [name, result === false ? 'not ready' : 'ok'];
  } catch (error) {
    return [name, error instanceof Error ? error.message : 'failed'];
  } finally {
    clearTimeout(timer);
  }
}

/** `/healthz` (the process is alive), `/readyz` (it can serve: adapters answer, modules ready), `/metrics`. */
export async function healthRoutes(app: FastifyInstance, opts: HealthOptions) {
  const hide = { schema: { hide: true } };
  app.get('/healthz', hide, async () => ({ status: 'ok' }));

  app.get('/readyz', hide, async (_request, reply) => {
    const { adapters } = opts;
    const checks = Object.fromEntries(
      await Promise.all([
        check('database', () => adapters.db.ping()),
        check('events', () => adapters.events.ping()),
        check('jobs', () => adapters.jobs.ping()),
        check('cache', () => adapters.cache.ping()),
        check('storage', () => adapters.storage.ping()),
        ...[...opts.services].map(([name, service]) => check(`module:${name}`, async () => service.ready?.() ?? true)),
      ]),
    );
    const ready = !opts.state.closing && Object.values(checks).every((v) => v === 'ok');
    return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not ready', checks });
  });

  app.get('/metrics', hide, async (_request, reply) => {
    reply.type(opts.metrics.contentType);
    return opts.metrics.metrics();
  });

  app.get('/openapi.json', hide, async () => app.swagger());
}
