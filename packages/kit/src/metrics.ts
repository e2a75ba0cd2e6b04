import type { FastifyInstance } from 'fastify';
import { collectDefaultMetrics, Histogram, Registry } from 'prom-client';

/** One registry per process, with Node's default metrics; every series carries the process's targets. */
export function createMetrics(targets: string): Registry {
  const registry = new Registry();
  registry.setDefaultLabels({ targets });
  collectDefaultMetrics({ register: registry, prefix: 'framecast_' });
  return registry;
}

/** RED metrics: a request-duration histogram by method, route template and status. */
export function httpMetrics(app: FastifyInstance, registry: Registry) {
  const duration = new Histogram({
    name: 'framecast_http_request_duration_seconds',
    help: 'HTTP request duration by method, route and status.',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  app.addHook('onResponse', async (request, reply) => {
    // The route template keeps the label set bounded; unmatched URLs share one label.
    const route = request.routeOptions.url ?? 'unmatched';
    duration.observe({ method: request.method, route, status: String(reply.statusCode) }, reply.elapsedTime / 1000);
  });
}
