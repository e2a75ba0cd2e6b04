import type { Kysely, Transaction } from 'kysely';

/** What plays: a video, or a live session (a stream). */
export type TargetKind = 'video' | 'stream';

/** Videos as analytics knows them, from `video.*`: whose they are and how long they last (0 until ready). */
export interface VideoTable {
  video_id: string;
  channel_id: string;
  duration: number;
}

/** Live sessions, from `stream.started` / `stream.ended`. */
export interface StreamTable {
  session_id: string;
  channel_id: string;
  started_at: Date;
  ended_at: Date | null;
  /** The live module's own count of the peak (from its heartbeats), once the stream ended. */
  peak_viewers: number | null;
}

/** Channels by handle, from `user.registered` / `user.deleted` (a channel is its owner's account). */
export interface ChannelTable {
  channel_id: string;
  handle: string;
}

/** The rollup: one row per video or stream per hour, added to by every flush. */
export interface HourlyTable {
  kind: TargetKind;
  target_id: string;
  hour: Date;
  channel_id: string;
  views: number;
  /** Playback sessions that played anything (the retention curve's denominator). */
  sessions: number;
  watch_seconds: number;
  startup_ms: number;
  startups: number;
  stall_ms: number;
  stalls: number;
  errors: number;
  fatal_errors: number;
  switches: number;
  /** Seconds played times the bitrate playing, for the time-weighted average bitrate. */
  bitrate_seconds: number;
  bitrate_known_seconds: number;
}

/** Sessions that played each hundredth of a video, per day. */
export interface RetentionTable {
  video_id: string;
  day: string;
  bucket: number;
  sessions: number;
}

/** Who watched, per day: a hash of the viewer key (never the address itself), for unique viewers. */
export interface ViewerTable {
  kind: TargetKind;
  target_id: string;
  day: string;
  channel_id: string;
  viewer: string;
}

/** Players heard from in each minute of a live session. */
export interface ConcurrencyTable {
  session_id: string;
  minute: Date;
  viewers: number;
}

/** Per channel and minute: chat messages (from `chat.messages`) and follows (from `user.followed`/`unfollowed`). */
export interface ChannelMinuteTable {
  channel_id: string;
  minute: Date;
  chat_messages: number;
  follows: number;
  unfollows: number;
}

export interface AnalyticsTables {
  videos: VideoTable;
  streams: StreamTable;
  channels: ChannelTable;
  hourly: HourlyTable;
  retention: RetentionTable;
  viewers: ViewerTable;
  concurrency: ConcurrencyTable;
  channel_minutes: ChannelMinuteTable;
}

export const ANALYTICS_SCHEMA = 'analytics';

/** Scopes a runtime executor (typed `any`) to this module's tables. */
export function scoped(db: Kysely<any> | Transaction<any>): Kysely<AnalyticsTables> {
  return (db as Kysely<AnalyticsTables>).withSchema(ANALYTICS_SCHEMA);
}
