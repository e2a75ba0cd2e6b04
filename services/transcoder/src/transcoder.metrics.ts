import type { JobName } from '@framecast/contracts';
import { counter, gauge, histogram, type ModuleJobs } from '@framecast/kit';
import type { Registry } from 'prom-client';

/** How a job delivery ended. */
export type JobResult = 'completed' | 'rejected' | 'failed' | 'handed_back';

export interface TranscoderMetrics {
  job(result: JobResult): void;
  /** Wall seconds of one transcode (probe to last upload), for completed jobs. */
  transcoded(seconds: number): void;
  /** Wall seconds from the download of the original until the first renditions are stored and announced. */
  firstPlayable(seconds: number): void;
}

export function createTranscoderMetrics(registry: Registry, jobs: ModuleJobs, queue: JobName): TranscoderMetrics {
  const results = counter(registry, {
    name: 'framecast_transcoder_jobs_total',
    help: 'Transcode job deliveries, by result: completed, rejected (invalid input), failed (error, retried), handed_back (shutdown).',
    labelNames: ['result'],
  });
  const seconds = histogram(registry, {
    name: 'framecast_transcoder_transcode_seconds',
    help: 'Wall time of completed transcodes, from download of the original to the last upload.',
    buckets: [1, 5, 15, 30, 60, 120, 300, 600, 1200, 3600],
  });
  const playable = histogram(registry, {
    name: 'framecast_transcoder_first_playable_seconds',
    help: 'Wall time from the download of the original until its lowest renditions are stored and announced.',
    buckets: [1, 5, 15, 30, 60, 120, 300, 600, 1200, 3600],
  });
  gauge(registry, {
    name: 'framecast_transcoder_queue_depth',
    help: 'Transcode jobs waiting in the queue, and dead-lettered.',
    labelNames: ['state'],
    async collect() {
      const stats = await jobs.stats(queue).catch(() => null);
      if (!stats) return;
      this.set({ state: 'waiting' }, stats.waiting);
      this.set({ state: 'dead' }, stats.dead);
    },
  });
  return {
    job: (result) => results.inc({ result }),
    transcoded: (s) => seconds.observe(s),
    firstPlayable: (s) => playable.observe(s),
  };
}
