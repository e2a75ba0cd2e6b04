import { randomUUID } from 'node:crypto';
import type { StreamEndReason } from '@framecast/contracts';
import type { Clock, ModuleOutbox } from '@framecast/kit';
import type { Kysely } from 'kysely';
import { liveChannelStore } from '../channels/live-channel.store.js';
import { sessionPrefix } from '../ingest/stream.pipeline.js';
import { type SessionRow, scoped } from '../live.tables.js';
import type { ReplayPlan } from '../replay/replay.plan.js';
import { sessionStore } from './session.store.js';

export type BeginOutcome =
  | { ok: true; session: SessionRow }
  | { ok: false; reason: 'unknown_channel' | 'already_live' };

/**
 * Going on air and off it. Each is one transaction holding the channel's row: the session, the channel's current
 * session and the `stream.*` event commit together, and two publishers on one key cannot both begin.
 */
export function createSessionService(deps: { db: Kysely<any>; clock: Clock; outbox: ModuleOutbox }) {
  const { clock, outbox } = deps;
  return {
    /**
     * Puts the channel on air for a publisher that sent `streamKey`, unless the key changed since it was checked;
     * `origin` is the base URL of the live instance that holds it.
     */
    async begin(channelId: string, streamKey: string, origin: string | null = null): Promise<BeginOutcome> {
      return deps.db.transaction().execute(async (trx) => {
        const db = scoped(trx);
        const channel = await liveChannelStore.forUpdate(db, channelId);
        if (!channel || channel.stream_key !== streamKey) return { ok: false, reason: 'unknown_channel' } as const;
        if (channel.current_session_id) return { ok: false, reason: 'already_live' } as const;
        const now = clock.now();
        const session = await sessionStore.insert(db, {
          id: randomUUID(),
          channel_id: channel.channel_id,
          handle: channel.handle,
          title: channel.title,
          category: channel.category,
          started_at: now,
          ended_at: null,
          end_reason: null,
          ingest: null,
          replay_video_id: null,
          seen_at: now,
          origin,
        });
        await liveChannelStore.update(db, channelId, { current_session_id: session.id, updated_at: now });
        await outbox.write(trx, 'stream.started', {
          sessionId: session.id,
          channelId,
          channelHandle: channel.handle,
          title: session.title,
          startedAt: now.toISOString(),
        });
        return { ok: true, session } as const;
      });
    },

    /**
     * Ends the session unless it already ended; returns it as it ended, or undefined when there was nothing to end.
     * With a `replay`, the video to be made of the recording gets its id here (the session's `replay_video_id`) and
     * `stream.recorded` commits with `stream.ended`.
     */
    async end(sessionId: string, reason: StreamEndReason, replay?: ReplayPlan | null): Promise<SessionRow | undefined> {
      return deps.db.transaction().execute(async (trx) => {
        const db = scoped(trx);
        const open = await sessionStore.byId(db, sessionId);
        if (!open || open.ended_at) return undefined;
        const channel = await liveChannelStore.forUpdate(db, open.channel_id);
        const now = clock.now();
        const replayVideoId = replay ? randomUUID() : null;
        const ended = await sessionStore.update(db, sessionId, {
          ended_at: now,
          end_reason: reason,
          viewers: 0,
          replay_video_id: replayVideoId,
        });
        if (channel?.current_session_id === sessionId) {
          await liveChannelStore.update(db, channel.channel_id, { current_session_id: null, updated_at: now });
        }
        await outbox.write(trx, 'stream.ended', {
          sessionId,
          channelId: open.channel_id,
          channelHandle: open.handle,
          title: open.title,
          startedAt: open.started_at.toISOString(),
          endedAt: now.toISOString(),
          reason,
          peakViewers: open.peak_viewers,
        });
        if (replay && replayVideoId) {
          await outbox.write(trx, 'stream.recorded', {
            sessionId,
            channelId: open.channel_id,
            channelHandle: open.handle,
            title: open.title,
            videoId: replayVideoId,
            duration: replay.duration,
            recordingPrefix: sessionPrefix(sessionId),
            renditions: replay.renditions,
          });
        }
        return ended;
      });
    },
  };
}

export type SessionService = ReturnType<typeof createSessionService>;
