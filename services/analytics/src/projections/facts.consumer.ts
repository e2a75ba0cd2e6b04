import { consumeOnce, type Database } from '@framecast/adapters';
import { type EventOf, eventConsumer, type ModuleEvents } from '@framecast/kit';
import { type Kysely, sql } from 'kysely';
import { ANALYTICS_SCHEMA, scoped } from '../analytics.tables.js';
import { viewerHash } from '../beacons/beacon.ingest.js';
import { minuteOf } from '../beacons/rollup.writer.js';
import type { TargetStore } from './target.store.js';

const GROUP = 'analytics.facts';
const TYPES = [
  'user.registered',
  'user.deleted',
  'user.followed',
  'user.unfollowed',
  'video.uploaded',
  'video.renditions',
  'video.ready',
  'video.deleted',
  'stream.started',
  'stream.ended',
  'chat.messages',
] as const;
type Fact = EventOf<(typeof TYPES)[number]>;

/** Adds to a channel's minute: chat messages, follows, unfollows. */
async function addToMinute(
  db: Kysely<any>,
  channelId: string,
  at: Date,
  counts: { chat_messages?: number; follows?: number; unfollows?: number },
) {
  const row = { chat_messages: 0, follows: 0, unfollows: 0, ...counts };
  await scoped(db)
    .insertInto('channel_minutes')
    .values({ channel_id: channelId, minute: new Date(minuteOf(at.getTime())), ...row })
    .onConflict((oc) =>
      oc.columns(['channel_id', 'minute']).doUpdateSet({
        chat_messages: sql`channel_minutes.chat_messages + excluded.chat_messages`,
        follows: sql`channel_minutes.follows + excluded.follows`,
        unfollows: sql`channel_minutes.unfollows + excluded.unfollows`,
      }),
    )
    .execute();
}

/** Everything analytics keeps of one video or channel goes. */
async function removeTarget(db: Kysely<any>, kind: 'video' | 'stream', id: string) {
  const s = scoped(db);
  await s.deleteFrom('hourly').where('kind', '=', kind).where('target_id', '=', id).execute();
  await s.deleteFrom('viewers').where('kind', '=', kind).where('target_id', '=', id).execute();
  if (kind === 'video') {
    await s.deleteFrom('retention').where('video_id', '=', id).execute();
    await s.deleteFrom('videos').where('video_id', '=', id).execute();
  }
}

async function removeChannel(db: Kysely<any>, channelId: string, userId: string) {
  const s = scoped(db);
  for (const table of ['hourly', 'viewers', 'channel_minutes', 'channels'] as const) {
    await s.deleteFrom(table).where('channel_id', '=', channelId).execute();
  }
  const videos = s.selectFrom('videos').select('video_id').where('channel_id', '=', channelId);
  await s.deleteFrom('retention').where('video_id', 'in', videos).execute();
  await s.deleteFrom('videos').where('channel_id', '=', channelId).execute();
  const streams = s.selectFrom('streams').select('session_id').where('channel_id', '=', channelId);
  await s.deleteFrom('concurrency').where('session_id', 'in', streams).execute();
  await s.deleteFrom('streams').where('channel_id', '=', channelId).execute();
  // What the account watched elsewhere: its views stay counted, but it is no longer one of the unique viewers.
  await s
    .deleteFrom('viewers')
    .where('viewer', '=', viewerHash(`user:${userId}`))
    .execute();
}

/**
 * What analytics keeps of other modules' facts, once per event (`consumeOnce`): whose each video and live session
 * is (ownership checks, and the channel every count is filed under), each video's duration (retention, the view
 * rule), channels by handle, chat messages and follows per minute. Deletions remove the counts with them.
 */
export function factsConsumer(deps: { db: Database; events: ModuleEvents; targets: TargetStore }) {
  const apply = async (trx: Kysely<any>, event: Fact) => {
    const s = scoped(trx);
    switch (event.type) {
      case 'user.registered':
        await s
          .insertInto('channels')
          .values({ channel_id: event.payload.userId, handle: event.payload.handle.toLowerCase() })
          .onConflict((oc) => oc.column('channel_id').doUpdateSet({ handle: event.payload.handle.toLowerCase() }))
          .execute();
        return;
      case 'user.deleted':
        return removeChannel(trx, event.payload.userId, event.payload.userId);
      case 'user.followed':
        return addToMinute(trx, event.payload.channelId, new Date(event.occurredAt), { follows: 1 });
      case 'user.unfollowed':
        return addToMinute(trx, event.payload.channelId, new Date(event.occurredAt), { unfollows: 1 });
      case 'video.uploaded':
      case 'video.renditions':
        await s
          .insertInto('videos')
          .values({ video_id: event.payload.videoId, channel_id: event.payload.channelId, duration: 0 })
          .onConflict((oc) => oc.column('video_id').doNothing())
          .execute();
        deps.targets.forget('video', event.payload.videoId);
        return;
      case 'video.ready': {
        const { videoId, channelId, duration } = event.payload;
        await s
          .insertInto('videos')
          .values({ video_id: videoId, channel_id: channelId, duration })
          .onConflict((oc) => oc.column('video_id').doUpdateSet({ duration }))
          .execute();
        deps.targets.forget('video', videoId);
        return;
      }
      case 'video.deleted':
        deps.targets.forget('video', event.payload.videoId);
        return removeTarget(trx, 'video', event.payload.videoId);
      case 'stream.started':
        await s
          .insertInto('streams')
          .values({
            session_id: event.payload.sessionId,
            channel_id: event.payload.channelId,
            started_at: new Date(event.payload.startedAt),
            ended_at: null,
            peak_viewers: null,
          })
          .onConflict((oc) => oc.column('session_id').doNothing())
          .execute();
        deps.targets.forget('stream', event.payload.sessionId);
        return;
      case 'stream.ended': {
        const p = event.payload;
        await s
          .insertInto('streams')
          .values({
            session_id: p.sessionId,
            channel_id: p.channelId,
            started_at: new Date(p.startedAt),
            ended_at: new Date(p.endedAt),
            peak_viewers: p.peakViewers,
          })
          .onConflict((oc) =>
            oc.column('session_id').doUpdateSet({ ended_at: new Date(p.endedAt), peak_viewers: p.peakViewers }),
          )
          .execute();
        return;
      }
      case 'chat.messages':
        return addToMinute(trx, event.payload.channelId, new Date(event.payload.from), {
          chat_messages: event.payload.count,
        });
    }
  };
  return eventConsumer(deps.events, GROUP, TYPES, async (event) => {
    await consumeOnce(deps.db, ANALYTICS_SCHEMA, GROUP, event, (trx) => apply(trx, event));
  });
}
