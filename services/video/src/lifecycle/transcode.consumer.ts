import { consumeOnce, type Database, type ObjectStorage } from '@framecast/adapters';
import type { VideoProcessing } from '@framecast/contracts';
import {
  type Clock,
  type EventOf,
  eventConsumer,
  type ModuleEvents,
  type ModuleOutbox,
  type RealtimePublisher,
} from '@framecast/kit';
import type { Logger } from 'pino';
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
  realtime: RealtimePublisher;
  logger: Logger;
  maxDurationSeconds: number;
}) {
  const handle = async (transcode: EventOf<(typeof TYPES)[number]>) => {
    let outcome: string | undefined;
    let orphaned = false;
    let pushed: { channelId: string; state: VideoProcessing } | undefined;
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
      if (row && plan.push) pushed = { channelId: row.channel_id, state: plan.push };
      orphaned = !row && (transcode.type === 'transcode.completed' || transcode.type === 'transcode.renditions');
    });
    // The video was deleted while it was being transcoded: the outputs written since have no owner.
    if (orphaned) await deps.storage.deletePrefix(videoPrefix(transcode.payload.videoId));
    if (pushed) await pushProcessing(deps, transcode.payload.videoId, pushed);
    // Counted after commit, so a rolled-back attempt is not counted twice.
    if (outcome === 'video.ready') deps.metrics.processed('ready');
    if (outcome === 'video.failed') deps.metrics.processed('failed');
  };
  return eventConsumer(deps.events, GROUP, TYPES, handle);
}

/**
 * After commit, the video's new state goes to its page (`video:<id>`) and to its owner's other pages (`user:<id>`).
 * Real-time delivery is best effort: a failure here is logged, the committed change stands.
 */
async function pushProcessing(
  deps: { realtime: RealtimePublisher; logger: Logger },
  videoId: string,
  pushed: { channelId: string; state: VideoProcessing },
): Promise<void> {
  try {
    await deps.realtime.publish(`video:${videoId}`, pushed.state);
    await deps.realtime.publish(`user:${pushed.channelId}`, { kind: 'video', videoId, video: pushed.state });
  } catch (err) {
    deps.logger.warn({ err, videoId }, 'the processing state could not be pushed');
  }
}
