import type { Database } from '@framecast/adapters';
import { type Clock, type ModuleJobs, type ModuleOutbox, periodicTask } from '@framecast/kit';
import type { Logger } from 'pino';
import { enqueueRemux } from '../replay/replay.consumer.js';
import { remuxJobOf } from '../replay/replay.plan.js';
import { enqueueTranscode } from '../upload/upload.service.js';
import type { VideoMetrics } from '../video.metrics.js';
import { scoped } from '../video.tables.js';
import { videoStore } from '../videos/video.store.js';
import { defaultStallPolicy, planStalled, STALLED_REASON, type StallPolicy } from './processing.sweep.plan.js';

/** Stalled videos looked at per query; the sweep repeats until none are left. */
const BATCH = 50;

/**
 * Keeps every `processing` video on its way: at start and every `everyMs`, a video that stopped moving and whose
 * transcode job the queue no longer holds (dead-lettered without a verdict, purged, lost with a broker) has its job
 * enqueued again through the outbox, or fails once that happened too often (`planStalled`).
 */
export function processingSweeper(deps: {
  db: Database;
  outbox: ModuleOutbox;
  jobs: ModuleJobs;
  clock: Clock;
  metrics: VideoMetrics;
  logger: Logger;
  everyMs: number;
  policy?: StallPolicy;
}) {
  const policy = deps.policy ?? defaultStallPolicy;
  const videos = scoped(deps.db.kysely);
  /** Acts on one stalled video in a transaction, unless it moved since it was read. */
  const settle = (id: string, seen: Date, decision: 'requeue' | 'fail') =>
    deps.db.kysely.transaction().execute(async (trx) => {
      const db = scoped(trx);
      const current = await videoStore.forUpdate(db, id);
      if (current?.status !== 'processing' || current.updated_at.getTime() !== seen.getTime()) return false;
      const now = deps.clock.now();
      if (decision === 'requeue') {
        await videoStore.update(db, id, { requeues: current.requeues + 1, updated_at: now });
        // A live replay's job is its remux, made again from the recording kept in the row.
        const remux = current.source === 'live' ? remuxJobOf(current) : null;
        if (remux) await enqueueRemux(trx, deps.outbox, remux);
        else await enqueueTranscode(trx, deps.outbox, id);
      } else {
        await videoStore.update(db, id, { status: 'failed', failure_reason: STALLED_REASON, updated_at: now });
        await deps.outbox.write(trx, 'video.failed', {
          videoId: id,
          channelId: current.channel_id,
          reason: STALLED_REASON,
        });
      }
      return true;
    });

  const sweep = async (signal?: AbortSignal) => {
    const now = deps.clock.now();
    const counts = { requeue: 0, fail: 0 };
    let after = new Date(0);
    for (;;) {
      const stalled = await videoStore.idleSince(videos, 'processing', new Date(now.getTime() - policy.stallMs), BATCH);
      const fresh = stalled.filter((row) => row.updated_at > after);
      for (const row of fresh) {
        if (signal?.aborted) return;
        const queue = row.source === 'live' ? 'remux' : 'transcode';
        const decision = planStalled(row, await deps.jobs.live(queue, row.id), now, policy);
        if (decision !== 'wait' && (await settle(row.id, row.updated_at, decision))) {
          counts[decision] += 1;
          if (decision === 'fail') deps.metrics.processed('failed');
        }
        after = row.updated_at;
      }
      if (stalled.length < BATCH || fresh.length === 0) break;
    }
    if (counts.requeue + counts.fail > 0) {
      deps.logger.warn(
        { requeued: counts.requeue, failed: counts.fail },
        'processing videos whose transcode job was gone were enqueued again or failed',
      );
    }
  };

  const task = periodicTask({
    everyMs: deps.everyMs,
    logger: deps.logger,
    failure: 'sweeping stalled processing failed',
    work: sweep,
  });
  /** `sweep` runs one sweep now (tests). */
  return { ...task, sweep };
}
