import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

export function createAnalyticsMetrics(registry: Registry) {
  return {
    batches: new Counter({
      name: 'framecast_analytics_beacon_batches_total',
      help: 'Beacon batches received, by outcome (accepted, duplicate, invalid, rate_limited, unknown_target).',
      labelNames: ['outcome'] as const,
      registers: [registry],
    }),
    events: new Counter({
      name: 'framecast_analytics_beacon_events_total',
      help: 'Beacon events counted.',
      registers: [registry],
    }),
    views: new Counter({
      name: 'framecast_analytics_views_total',
      help: 'Views counted (10 s played, once per viewer per window).',
      registers: [registry],
    }),
    sessions: new Gauge({
      name: 'framecast_analytics_sessions',
      help: 'Playback sessions this instance holds in memory.',
      registers: [registry],
    }),
    flushes: new Counter({
      name: 'framecast_analytics_flushes_total',
      help: 'Transactions that wrote pending counts.',
      registers: [registry],
    }),
    flushFailures: new Counter({
      name: 'framecast_analytics_flush_failures_total',
      help: 'Flushes that failed (their counts are kept for the next).',
      registers: [registry],
    }),
    flushSeconds: new Histogram({
      name: 'framecast_analytics_flush_seconds',
      help: 'How long one flush of pending counts took.',
      buckets: [0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
      registers: [registry],
    }),
  };
}

export type AnalyticsMetrics = ReturnType<typeof createAnalyticsMetrics>;
