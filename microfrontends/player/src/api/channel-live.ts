import type { ChannelLive, StreamUpdate } from '@framecast/client';

/**
 * A channel's stream as the `stream:<session id>` topic says it changed: viewers, title, category and, when it went
 * off the air, its end (and no more playback). An update for another session than the one shown changes nothing.
 * Pure.
 */
export function applyStreamUpdate(data: ChannelLive, sessionId: string, update: StreamUpdate): ChannelLive {
  const { session } = data;
  if (!session || session.id !== sessionId) return data;
  const next = {
    ...session,
    viewers: update.viewers,
    peakViewers: Math.max(session.peakViewers, update.viewers),
    title: update.title,
    category: update.category,
    endedAt: update.endedAt ?? session.endedAt,
  };
  return update.live ? { ...data, session: next } : { live: false, session: next, playback: null };
}

/**
 * The session ended, as the player or the heartbeat found out (the playlist's end, a heartbeat answered 404) before the
 * API said so: off the air from now on, until the API gives its own end time. Pure.
 */
export function markEnded(data: ChannelLive, sessionId: string, now: Date): ChannelLive {
  const { session } = data;
  if (!session || session.id !== sessionId) return data;
  return { live: false, session: { ...session, endedAt: session.endedAt ?? now.toISOString() }, playback: null };
}

/** What the live page shows. */
export type LiveStage = 'live' | 'ended' | 'offline';

export interface SeenSessions {
  /** The session this page has played, if any. */
  watched: string | null;
  /** A session this page saw end: it does not come back on air here, even if an answer from before says so. */
  ended: string | null;
}

/**
 * Live while the channel is on air (with a session not seen ending); "ended" once the session this page was playing
 * went off the air; offline when the page opened on a channel that was not live. Pure.
 */
export function liveStage(data: ChannelLive, seen: SeenSessions): LiveStage {
  if (data.live && data.session && data.playback && data.session.id !== seen.ended) return 'live';
  return seen.watched === null ? 'offline' : 'ended';
}
