import {
  BEACON_MAX_HEARTBEAT_SECONDS,
  type BeaconBatch,
  type BeaconEvent,
  RETENTION_POINTS,
  viewThreshold,
} from '@framecast/contracts';
import type { TargetKind } from '../analytics.tables.js';

/** What a batch plays, as the projections know it. */
export interface Target {
  kind: TargetKind;
  id: string;
  channelId: string;
  /** Seconds; 0 while unknown (a video still processing, a live stream). */
  duration: number;
}

/** One playback session as this instance has heard it so far. */
export interface SessionState {
  target: string;
  viewer: string;
  firstSeen: number;
  lastSeen: number;
  /** Seconds played in the session. */
  played: number;
  /** Seconds played since the session's last counted view (or its start). */
  sinceView: number;
  viewedAt: number | null;
  /** Hundredths of the video this session played (videos with a known duration only). */
  buckets: Uint8Array | null;
  bitrate: number | null;
}

/** What one batch adds to its target's rollup. */
export interface BatchDelta {
  watchSeconds: number;
  startupMs: number;
  startups: number;
  stallMs: number;
  stalls: number;
  errors: number;
  fatalErrors: number;
  switches: number;
  bitrateSeconds: number;
  bitrateKnownSeconds: number;
  /** 1 when the session played for the first time in this batch. */
  sessions: number;
  /** Retention buckets the session played for the first time. */
  buckets: number[];
  /** The session has now played enough for a view (the caller checks the viewer's window). */
  viewDue: boolean;
}

/** Playback may run at up to twice real time, plus a minute of slack for the first batch. */
const MAX_RATE = 2;
const SLACK_SECONDS = BEACON_MAX_HEARTBEAT_SECONDS;
/** Slack past a video's end (players report positions a little beyond the last frame). */
const END_SLACK_SECONDS = 2;

export const targetKey = (kind: TargetKind, id: string) => `${kind}:${id}`;

/** What a batch is about, when it says exactly one thing. Pure. */
export function batchTarget(batch: BeaconBatch): { kind: TargetKind; id: string } | null {
  if (batch.videoId && !batch.streamId) return { kind: 'video', id: batch.videoId };
  if (batch.streamId && !batch.videoId) return { kind: 'stream', id: batch.streamId };
  return null;
}

/**
 * Why a batch cannot be true, or null: checked before anything of it counts, so a bad batch changes nothing.
 * `session` is what this instance knows of the batch's session (undefined for a new one). Pure.
 */
export function batchProblem(
  batch: BeaconBatch,
  target: Target,
  viewer: string,
  session: SessionState | undefined,
  now: number,
): string | null {
  if (session && (session.target !== targetKey(target.kind, target.id) || session.viewer !== viewer)) {
    return 'The session belongs to another video, stream or viewer.';
  }
  let reported = 0;
  for (const [i, e] of batch.events.entries()) {
    if (e.type !== 'heartbeat') continue;
    const span = e.to - e.from;
    if (span < 0) return `Event ${i}: a heartbeat cannot run backwards.`;
    if (span > BEACON_MAX_HEARTBEAT_SECONDS) {
      return `Event ${i}: a heartbeat reports at most ${BEACON_MAX_HEARTBEAT_SECONDS} s.`;
    }
    if (target.duration > 0 && e.to > target.duration + END_SLACK_SECONDS) {
      return `Event ${i}: the video is only ${target.duration} s long.`;
    }
    reported += span;
  }
  const since = session ? (now - session.firstSeen) / 1000 : 0;
  const budget = since * MAX_RATE + SLACK_SECONDS - (session?.played ?? 0);
  if (reported > budget) return 'The session reports more playback than time has passed.';
  return null;
}

export function newSession(target: Target, viewer: string, now: number): SessionState {
  return {
    target: targetKey(target.kind, target.id),
    viewer,
    firstSeen: now,
    lastSeen: now,
    played: 0,
    sinceView: 0,
    viewedAt: null,
    buckets: target.kind === 'video' && target.duration > 0 ? new Uint8Array(RETENTION_POINTS) : null,
    bitrate: null,
  };
}

/** The hundredths of `duration` that `[from, to]` covers. Pure. */
export function bucketsOf(from: number, to: number, duration: number): [number, number] | null {
  if (duration <= 0 || to <= from) return null;
  const first = Math.min(RETENTION_POINTS - 1, Math.floor((from / duration) * RETENTION_POINTS));
  const last = Math.min(RETENTION_POINTS - 1, Math.max(first, Math.ceil((to / duration) * RETENTION_POINTS) - 1));
  return [first, last];
}

/**
 * Applies a checked batch to its session (mutated) and says what it adds to the rollup. Pure but for `session`.
 */
export function applyBatch(
  session: SessionState,
  events: readonly BeaconEvent[],
  target: Target,
  now: number,
  viewWindowMs: number,
): BatchDelta {
  const d: BatchDelta = {
    watchSeconds: 0,
    startupMs: 0,
    startups: 0,
    stallMs: 0,
    stalls: 0,
    errors: 0,
    fatalErrors: 0,
    switches: 0,
    bitrateSeconds: 0,
    bitrateKnownSeconds: 0,
    sessions: 0,
    buckets: [],
    viewDue: false,
  };
  const playedBefore = session.played;
  for (const e of events) {
    switch (e.type) {
      case 'heartbeat': {
        const span = e.to - e.from;
        if (span <= 0) break;
        d.watchSeconds += span;
        if (session.bitrate !== null) {
          d.bitrateSeconds += span * session.bitrate;
          d.bitrateKnownSeconds += span;
        }
        const covered = session.buckets ? bucketsOf(e.from, e.to, target.duration) : null;
        if (covered && session.buckets) {
          for (let b = covered[0]; b <= covered[1]; b++) {
            if (session.buckets[b]) continue;
            session.buckets[b] = 1;
            d.buckets.push(b);
          }
        }
        break;
      }
      case 'startup':
        d.startupMs += e.ms;
        d.startups += 1;
        break;
      case 'buffering':
        d.stallMs += e.ms;
        d.stalls += 1;
        break;
      case 'error':
        d.errors += 1;
        if (e.fatal) d.fatalErrors += 1;
        break;
      case 'quality':
        if (session.bitrate !== null && session.bitrate !== e.bitrate) d.switches += 1;
        session.bitrate = e.bitrate;
        break;
      case 'start':
      case 'pause':
      case 'seek':
      case 'end':
        break;
    }
  }
  session.played += d.watchSeconds;
  session.sinceView += d.watchSeconds;
  session.lastSeen = now;
  if (playedBefore === 0 && session.played > 0) d.sessions = 1;
  const windowOver = session.viewedAt === null || now - session.viewedAt >= viewWindowMs;
  d.viewDue = windowOver && session.sinceView >= viewThreshold(target.duration);
  return d;
}

/** The view was counted (or the viewer's window already held one): the session starts over towards the next. */
export function viewSettled(session: SessionState, now: number): void {
  session.viewedAt = now;
  session.sinceView = 0;
}
