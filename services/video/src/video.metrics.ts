import { counter } from '@framecast/kit';
import type { Registry } from 'prom-client';

export type UploadMethod = 'multipart' | 'tus';
export type ProcessingOutcome = 'ready' | 'failed';

/** The video module's own series, beside the runtime's RED metrics. */
export interface VideoMetrics {
  uploaded(method: UploadMethod, bytes: number): void;
  processed(outcome: ProcessingOutcome): void;
}

export function createVideoMetrics(registry: Registry): VideoMetrics {
  const uploads = counter(registry, {
    name: 'framecast_video_uploads_total',
    help: 'Originals stored and handed to the transcoder, by upload method.',
    labelNames: ['method'],
  });
  const bytes = counter(registry, {
    name: 'framecast_video_upload_bytes_total',
    help: 'Bytes of originals stored.',
  });
  const processed = counter(registry, {
    name: 'framecast_video_processed_total',
    help: 'Videos that finished processing, by outcome.',
    labelNames: ['outcome'],
  });
  return {
    uploaded(method, size) {
      uploads.inc({ method });
      bytes.inc(size);
    },
    processed: (outcome) => processed.inc({ outcome }),
  };
}
