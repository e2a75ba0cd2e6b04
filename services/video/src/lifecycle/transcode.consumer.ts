import { consumeOnce, type Database, type ObjectStorage, type Subscription } from '@framecast/adapters';
import type { Clock, EventOf, ModuleEvents, ModuleOutbox } from '@framecast/kit';
import { videoPrefix } from '../upload/upload.service.js';
import type { VideoMetrics } from '../video.metrics.js';
import { scoped, VIDEO_SCHEMA } from '../video.tables.js';
import { videoStore } from '../videos/video.store.js';
import { planTranscodeEvent } from './transcode.plan.js';

const GROUP = 'video';
const TYPES = ['transcode.progress', 'transcode.renditions', 'transcode.completed', 'transcode.failed'] as const;

/**
 * Applies the transcoder's events to the videos, each event once (`consumeOnce` in the `videos` schema), in the
 * same transaction as the row change and the `video.*` event it causes.
 */
export function transcodeConsumer(deps: {
  db: Database;
  events: ModuleEvents;
  outbox: ModuleOutbox;
  clock: Clock;
  metrics: VideoMetrics;
  storage: ObjectStorage;
  maxDurationSeconds: number;
}) {
  const handle = async (transcode: EventOf<(typeof TYPES)[number]>) => {
    let outcome: string | undefined;
    let orphaned = false;
    await consumeOnce(deps.db, VIDEO_SCHEMA, GROUP, transcode, async (trx) => {
      const videos = scoped(trx);
      const row = await videoStore.forUpdate(videos, transcode.payload.videoId);
      const plan = planTranscodeEvent(row, transcode, {
        now: deps.clock.now(),
        maxDurationSeconds: deps.maxDurationSeconds,
      });
      if (row && plan.patch) await videoStore.update(videos, row.id, plan.patch);
      if (plan.emit) await deps.outbox.write(trx, plan.emit.type, plan.emit.payload);
      outcome = plan.emit?.type;
      orphaned = !row && (transcode.type === 'transcode.completed' || transcode.type === 'transcode.renditions');
    });
    // The video was deleted while it was being transcoded: the outputs written since have no owner.
    if (orphaned) await deps.storage.deletePrefix(videoPrefix(transcode.payload.videoId));
    // Counted after commit, so a rolled-back attempt is not counted twice.
    if (outcome === 'video.ready') deps.metrics.processed('ready');
    if (outcome === 'video.failed') deps.metrics.processed('failed');
  };
  let subscription: Subscription | undefined;
  return {
    handle,
    async start() {
      subscription = await deps.events.subscribe(GROUP, TYPES, handle);
    },
    async stop() {
      await subscription?.close();
    },
  };
}
