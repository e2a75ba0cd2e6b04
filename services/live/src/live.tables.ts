import type { IngestStats, StreamEndReason } from '@framecast/contracts';
import { type ColumnType, type Kysely, type RawBuilder, type Selectable, sql, type Transaction } from 'kysely';

/** A channel's live setup: one row per channel that opened "Go live", made with its stream key. */
export interface LiveChannelTable {
  channel_id: string;
  handle: string;
  /** Whoever has it streams as this channel; the owner can reveal it and rotate it. */
  stream_key: string;
  title: string;
  category: string | null;
  /** The session on air, if any: a second publisher on the channel is refused while it is set. */
  current_session_id: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface SessionTable {
  id: string;
  channel_id: string;
  handle: string;
  title: string;
  category: string | null;
  started_at: Date;
  ended_at: Date | null;
  end_reason: StreamEndReason | null;
  viewers: ColumnType<number, number | undefined, number>;
  peak_viewers: ColumnType<number, number | undefined, number>;
  /** Written through `jsonb()`, so both drivers store the same JSON. */
  ingest: ColumnType<IngestStats | null, RawBuilder<IngestStats> | null, RawBuilder<IngestStats> | null>;
  replay_video_id: string | null;
  /** When the ingest holding the stream last reported it. */
  seen_at: Date;
  /** The base URL of the live instance holding the stream while on air, for the others to ask for its media. */
  origin: ColumnType<string | null, string | null | undefined, string | null>;
}

export type LiveChannelRow = Selectable<LiveChannelTable>;
export type SessionRow = Selectable<SessionTable>;

export interface LiveTables {
  channels: LiveChannelTable;
  sessions: SessionTable;
}

export const LIVE_SCHEMA = 'live';

/** Scopes a runtime executor (typed `any`) to this module's tables. */
export function scoped(db: Kysely<any> | Transaction<any>): Kysely<LiveTables> {
  return (db as Kysely<LiveTables>).withSchema(LIVE_SCHEMA);
}

/** A JSONB value for inserts and updates (both drivers take JSON text the same way). */
export function jsonb<T>(value: T) {
  return sql<T>`${JSON.stringify(value)}::jsonb`;
}
