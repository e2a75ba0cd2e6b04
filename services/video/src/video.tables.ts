import type {
  RecordedRendition,
  Rendition,
  TranscodeOutputs,
  VideoSource,
  VideoStatus,
  Visibility,
} from '@framecast/contracts';
import {
  type ColumnType,
  type Generated,
  type Kysely,
  type RawBuilder,
  type Selectable,
  sql,
  type Transaction,
} from 'kysely';

/** Fields that change shape more often than columns do, kept in one JSONB column. */
export interface VideoDetails {
  tags: string[];
  category: string | null;
  language: string | null;
  renditions: Rendition[];
  /** Where the transcoder put the outputs, relative to `videos/<id>/`; set once ready. */
  outputs: TranscodeOutputs | null;
  /** A live replay's recording (what its remux job reads), so the job can be enqueued again. */
  recording?: { prefix: string; renditions: RecordedRendition[] };
}

export interface VideoTable {
  id: string;
  channel_id: string;
  channel_handle: string;
  title: string;
  description: string;
  visibility: Visibility;
  status: VideoStatus;
  /** `upload`, or `live` for a stream's replay (made by remuxing its recording). */
  source: ColumnType<VideoSource, VideoSource | undefined, VideoSource>;
  progress: Generated<number>;
  failure_reason: string | null;
  duration: number | null;
  width: number | null;
  height: number | null;
  size: string | number | null;
  original_key: string | null;
  views: Generated<string | number>;
  /** Times the processing sweep enqueued the transcode job again. */
  requeues: Generated<number>;
  /** Written through `jsonb()`, so both drivers store the same JSON. */
  details: ColumnType<VideoDetails, RawBuilder<VideoDetails>, RawBuilder<VideoDetails>>;
  created_at: Date;
  updated_at: Date;
  published_at: Date | null;
  /** Signed into every playback token; moved on by each visibility change, which revokes the links signed before. */
  playback_generation: Generated<number>;
}

export type VideoRow = Selectable<VideoTable>;

export interface SettingRow {
  key: string;
  value: string;
}

export interface VideoTables {
  videos: VideoTable;
  settings: SettingRow;
}

export const VIDEO_SCHEMA = 'videos';

/** Scopes a runtime executor (typed `any`) to this module's tables. */
export function scoped(db: Kysely<any> | Transaction<any>): Kysely<VideoTables> {
  return (db as Kysely<VideoTables>).withSchema(VIDEO_SCHEMA);
}

/** A JSONB value for inserts and updates (both drivers take JSON text the same way). */
export function jsonb(details: VideoDetails) {
  return sql<VideoDetails>`${JSON.stringify(details)}::jsonb`;
}
