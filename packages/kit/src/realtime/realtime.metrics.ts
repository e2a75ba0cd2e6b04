import { Counter, Gauge, type Registry } from 'prom-client';

/** Why the hub closed a socket, or dropped a message before any socket saw it. */
export type DropReason =
  | 'bad_frame'
  | 'frame_too_large'
  | 'rate_limited'
  | 'too_many_connections'
  | 'slow_consumer'
  | 'heartbeat'
  | 'invalid_message';

export function createRealtimeMetrics(registry: Registry) {
  const connections = new Gauge({
    name: 'framecast_realtime_connections',
    help: 'Open real-time sockets.',
    registers: [registry],
  });
  const subscriptions = new Gauge({
    name: 'framecast_realtime_subscriptions',
    help: 'Topic subscriptions held by open sockets.',
    registers: [registry],
  });
  const topics = new Gauge({
    name: 'framecast_realtime_topics',
    help: 'Topics this hub follows on pub/sub (with subscribers, or lingering for resumes).',
    registers: [registry],
  });
  const deliveries = new Counter({
    name: 'framecast_realtime_deliveries_total',
    help: 'Messages written to sockets, live or replayed.',
    labelNames: ['kind'],
    registers: [registry],
  });
  const drops = new Counter({
    name: 'framecast_realtime_drops_total',
    help: 'Sockets closed, or messages discarded, by reason.',
    labelNames: ['reason'],
    registers: [registry],
  });
  return {
    connections,
    subscriptions,
    topics,
    delivered: (kind: 'live' | 'replay', count = 1) => deliveries.inc({ kind }, count),
    dropped: (reason: DropReason) => drops.inc({ reason }),
  };
}

export type RealtimeMetrics = ReturnType<typeof createRealtimeMetrics>;
