import type { FastifyInstance } from 'fastify';
import {
  Counter,
  type CounterConfiguration,
  collectDefaultMetrics,
  Gauge,
  type GaugeConfiguration,
  Histogram,
  type HistogramConfiguration,
  Registry,
} from 'prom-client';

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

type Config<C> = Omit<C, 'registers'>;

/** A counter in `registry`, the one already there when the module was set up on it before (init and seed share one). */
export function counter<T extends string = string>(registry: Registry, config: Config<CounterConfiguration<T>>) {
  return (
    (registry.getSingleMetric(config.name) as Counter<T> | undefined) ??
    new Counter({ ...config, registers: [registry] })
  );
}

/** A gauge in `registry`, reused likewise. */
export function gauge<T extends string = string>(registry: Registry, config: Config<GaugeConfiguration<T>>) {
  return (
    (registry.getSingleMetric(config.name) as Gauge<T> | undefined) ?? new Gauge({ ...config, registers: [registry] })
  );
}

/** A histogram in `registry`, reused likewise. */
export function histogram<T extends string = string>(registry: Registry, config: Config<HistogramConfiguration<T>>) {
  return (
    (registry.getSingleMetric(config.name) as Histogram<T> | undefined) ??
    new Histogram({ ...config, registers: [registry] })
  );
}
