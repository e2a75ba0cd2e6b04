import type { JobQueue } from '@framecast/adapters';
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';

/** How a job delivery ended. */
export type JobResult = 'completed' | 'rejected' | 'failed' | 'handed_back';

export interface TranscoderMetrics {
  job(result: JobResult): void;
  /** Wall seconds of one transcode (probe to last upload), for completed jobs. */
  transcoded(seconds: number): void;
}

function existing<T>(registry: Registry, name: string): T | undefined {
  return registry.getSingleMetric(name) as T | undefined;
}

export function createTranscoderMetrics(registry: Registry, jobs: JobQueue, queue: string): TranscoderMetrics {
  const results =
    existing<Counter<'result'>>(registry, 'framecast_transcoder_jobs_total') ??
    new Counter({
      name: 'framecast_transcoder_jobs_total',
      help: 'Transcode job deliveries, by result: completed, rejected (invalid input), failed (error, retried), handed_back (shutdown).',
      labelNames: ['result'],
      registers: [registry],
    });
  const seconds =
    existing<Histogram>(registry, 'framecast_transcoder_transcode_seconds') ??
    new Histogram({
      name: 'framecast_transcoder_transcode_seconds',
      help: 'Wall time of completed transcodes, from download of the original to the last upload.',
      buckets: [1, 5, 15, 30, 60, 120, 300, 600, 1200, 3600],
      registers: [registry],
    });
  if (!existing(registry, 'framecast_transcoder_queue_depth')) {
    new Gauge({
      name: 'framecast_transcoder_queue_depth',
      help: 'Transcode jobs waiting in the queue, and dead-lettered.',
      labelNames: ['state'],
      registers: [registry],
      async collect() {
        const stats = await jobs.stats(queue).catch(() => null);
        if (!stats) return;
        this.set({ state: 'waiting' }, stats.waiting);
        this.set({ state: 'dead' }, stats.dead);
      },
    });
  }
  return {
    job: (result) => results.inc({ result }),
    transcoded: (s) => seconds.observe(s),
  };
}
