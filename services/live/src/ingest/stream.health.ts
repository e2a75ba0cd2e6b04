import type { IngestStats } from '@framecast/contracts';
import { counter, gauge, histogram, type RealtimePublisher } from '@framecast/kit';
import type { PublishSession } from '@framecast/rtmp';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { jsonb, scoped } from '../live.tables.js';
import { sessionStore } from '../sessions/session.store.js';
import type { ViewerCounter } from '../viewers/viewer.counter.js';
import type { StreamPipeline } from './stream.pipeline.js';

/** A stream on air in this process, as the health report reads it. */
export interface OnAir {
  sessionId: string;
  channelId: string;
  publish: PublishSession<unknown>;
  pipeline?: StreamPipeline | undefined;
}

/** What the ingest measured of a publish, in the API's shape. Pure. */
export function ingestStats(publish: Pick<PublishSession<unknown>, 'stats' | 'video' | 'audio'>): IngestStats {
  const stats = publish.stats();
  return {
    bitrate: Math.round(stats.bitrate),
    fps: Math.round((stats.fps ?? 0) * 100) / 100,
    keyframeInterval: stats.keyframeInterval === undefined ? null : Math.round(stats.keyframeInterval) / 1000,
    droppedFrames: stats.lateFrames + stats.droppedMessages,
    videoCodec: publish.video?.codecString ?? publish.video?.codec ?? null,
    audioCodec: publish.audio?.codecString ?? publish.audio?.codec ?? null,
    width: publish.video?.width ?? null,
    height: publish.video?.height ?? null,
  };
}

/**
 * Every few seconds, for each stream on air here: its ingest numbers and audience go to its session row, to its
 * viewers (`stream:<session>`) and to its creator's studio (`user:<channel>`), and to Prometheus.
 */
export function streamHealth(deps: {
  db: Kysely<any>;
  realtime: RealtimePublisher;
  viewers: ViewerCounter;
  metrics: Registry;
  clock: { now(): Date };
  logger: Logger;
}) {
  const db = scoped(deps.db);
  const streams = gauge(deps.metrics, { name: 'framecast_live_streams', help: 'Streams on air in this process.' });
  const bitrate = gauge(deps.metrics, {
    name: 'framecast_live_ingest_bits_per_second',
    help: 'Bits per second received from the publishers on air in this process, summed.',
  });
  const audience = gauge(deps.metrics, {
    name: 'framecast_live_viewers',
    help: 'Viewers of the streams on air in this process, summed.',
  });
  const restarts = counter(deps.metrics, {
    name: 'framecast_live_transcoder_restarts_total',
    help: 'Live transcoders that died while their publisher was on air, and were started again.',
  });
  const speed = histogram(deps.metrics, {
    name: 'framecast_live_transcode_speed',
    help: "The live transcoders' speed against real time, sampled every report (below 1: falling behind).",
    buckets: [0.5, 0.8, 0.9, 0.95, 1, 1.05, 1.2, 1.5, 2],
  });

  async function report(stream: OnAir): Promise<{ viewers: number; bitrate: number }> {
    const viewers = await deps.viewers.count(stream.sessionId);
    const ingest = ingestStats(stream.publish);
    const transcodeSpeed = stream.pipeline?.speed() ?? null;
    if (transcodeSpeed !== null) speed.observe(transcodeSpeed);
    const before = await sessionStore.byId(db, stream.sessionId);
    if (!before || before.ended_at) return { viewers: 0, bitrate: 0 };
    const peakViewers = Math.max(before.peak_viewers, viewers);
    await sessionStore.update(db, stream.sessionId, {
      viewers,
      peak_viewers: peakViewers,
      ingest: jsonb(ingest),
      seen_at: deps.clock.now(),
    });
    await deps.realtime.publish(`stream:${stream.sessionId}`, {
      live: true,
      viewers,
      title: before.title,
      category: before.category,
      endedAt: null,
    });
    await deps.realtime.publish(`user:${stream.channelId}`, {
      kind: 'stream',
      sessionId: stream.sessionId,
      live: true,
      viewers,
      peakViewers,
      ingest,
      transcodeSpeed,
    });
    return { viewers, bitrate: ingest.bitrate };
  }

  return {
    /** Reports every stream on air; one failing report is logged and the others go on. */
    async reportAll(onAir: readonly OnAir[]): Promise<void> {
      let viewers = 0;
      let bits = 0;
      for (const stream of onAir) {
        try {
          const seen = await report(stream);
          viewers += seen.viewers;
          bits += seen.bitrate;
        } catch (err) {
          deps.logger.warn({ err, sessionId: stream.sessionId }, 'the stream health report failed');
        }
      }
      streams.set(onAir.length);
      audience.set(viewers);
      bitrate.set(bits);
    },
    /** Counts a transcoder started again while its publisher stayed. */
    restarted(): void {
      restarts.inc();
    },
    /** Tells viewers and the creator that the stream ended. Best effort, like every push. */
    async ended(sessionId: string, channelId: string): Promise<void> {
      const row = await sessionStore.byId(db, sessionId);
      if (!row) return;
      await deps.realtime
        .publish(`stream:${sessionId}`, {
          live: false,
          viewers: 0,
          title: row.title,
          category: row.category,
          endedAt: row.ended_at?.toISOString() ?? null,
        })
        .catch((err: unknown) => deps.logger.warn({ err, sessionId }, 'the end of a stream could not be pushed'));
      await deps.realtime
        .publish(`user:${channelId}`, {
          kind: 'stream',
          sessionId,
          live: false,
          viewers: 0,
          peakViewers: row.peak_viewers,
          ingest: row.ingest,
          transcodeSpeed: null,
        })
        .catch((err: unknown) => deps.logger.warn({ err, sessionId }, 'the end of a stream could not be pushed'));
    },
  };
}

export type StreamHealth = ReturnType<typeof streamHealth>;
