import swaggerUi from '@fastify/swagger-ui';
import type { ModuleName, RemoteModule } from '@framecast/kit';
import type { FastifyInstance } from 'fastify';

type Spec = { paths?: Record<string, unknown>; components?: { schemas?: Record<string, unknown> } };

/** Adds the paths of remote modules' specs to the local one (microservices mode). */
export function mergeSpecs(local: Spec, remotes: readonly Spec[]): Spec {
  const merged: Spec = { ...local, paths: { ...local.paths }, components: { ...local.components } };
  for (const remote of remotes) {
    Object.assign(merged.paths!, remote.paths);
    merged.components!.schemas = { ...merged.components!.schemas, ...remote.components?.schemas };
  }
  return merged;
}

/**
 * OpenAPI at `/api/docs` (UI) and `/api/docs/json`, generated from route schemas. Modules in other processes publish
 * theirs at `/openapi.json`; the gateway refreshes a copy in the background so the docs route never waits on them.
 */
export async function docsRoutes(app: FastifyInstance, opts: { remotes: ReadonlyMap<ModuleName, RemoteModule> }) {
  const remoteSpecs = new Map<string, Spec>();
  const refresh = async () => {
    for (const [name, remote] of opts.remotes) {
      try {
        const res = await fetch(`${remote.url}/openapi.json`, { signal: AbortSignal.timeout(2_000) });
        if (res.ok) remoteSpecs.set(name, (await res.json()) as Spec);
      } catch {
        // Kept from the last refresh; the module may be starting.
      }
    }
  };
  if (opts.remotes.size > 0) {
    const timer = setInterval(refresh, 30_000);
    timer.unref();
    app.addHook('onReady', refresh);
    app.addHook('onClose', async () => clearInterval(timer));
  }

  await app.register(swaggerUi, {
    routePrefix: '/api/docs',
    staticCSP: true,
    transformSpecification: (spec) => mergeSpecs(spec as Spec, [...remoteSpecs.values()]),
  });
}
