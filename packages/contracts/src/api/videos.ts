import Type, { type Static } from 'typebox';
import {
  VIDEO_CATEGORY_MAX_LENGTH,
  VIDEO_DESCRIPTION_MAX_LENGTH,
  VIDEO_TAG_MAX_LENGTH,
  VIDEO_TAGS_MAX,
  VIDEO_TITLE_MAX_LENGTH,
} from '../rules/video.rules.js';

/** API shapes of the video module. */

export const visibilities = ['public', 'unlisted', 'private'] as const;
export type Visibility = (typeof visibilities)[number];
export const VisibilitySchema = Type.Enum(visibilities);

/**
 * `uploading` (bytes still arriving) → `processing` (validating, transcoding; playable once its first renditions
 * are) → `ready` (every rendition) | `failed`.
 */
export const videoStatuses = ['uploading', 'processing', 'ready', 'failed'] as const;
export type VideoStatus = (typeof videoStatuses)[number];
export const VideoStatusSchema = Type.Enum(videoStatuses);

/** Where a video came from: an upload, or the replay of a live stream. */
export const videoSources = ['upload', 'live'] as const;
export type VideoSource = (typeof videoSources)[number];
export const VideoSourceSchema = Type.Enum(videoSources);

export const Rendition = Type.Object({
  /** `1080p`, `720p`, …, or `audio`. */
  name: Type.String(),
  width: Type.Optional(Type.Integer()),
  height: Type.Optional(Type.Integer()),
  /** Target bits per second. */
  bitrate: Type.Integer(),
  codecs: Type.String(),
});
export type Rendition = Static<typeof Rendition>;

export const Video = Type.Object({
  id: Type.String(),
  channel: Type.Object({ id: Type.String(), handle: Type.String() }),
  title: Type.String(),
  description: Type.String(),
  tags: Type.Array(Type.String()),
  category: Type.Union([Type.String(), Type.Null()]),
  language: Type.Union([Type.String(), Type.Null()]),
  visibility: VisibilitySchema,
  status: VideoStatusSchema,
  /** `upload`, or `live` for a stream's replay. Always sent by the server (optional for clients built before it). */
  source: Type.Optional(VideoSourceSchema),
  /** Why processing failed, in words a person understands. */
  failureReason: Type.Union([Type.String(), Type.Null()]),
  /** 0–100 while processing. */
  progress: Type.Integer({ minimum: 0, maximum: 100 }),
  /** Seconds. */
  duration: Type.Union([Type.Number(), Type.Null()]),
  width: Type.Union([Type.Integer(), Type.Null()]),
  height: Type.Union([Type.Integer(), Type.Null()]),
  /** The renditions that play now: the lowest first, while the rest of the ladder is processing; all once ready. */
  renditions: Type.Array(Rendition),
  /** Original size in bytes. */
  size: Type.Union([Type.Integer(), Type.Null()]),
  views: Type.Integer(),
  createdAt: Type.String({ format: 'date-time' }),
  publishedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  /**
   * Present once the video's first renditions play — while `status` is still `processing`, then once `ready` — and,
   * for private/unlisted videos, only for callers allowed to watch. The manifests list the renditions that play.
   */
  playback: Type.Optional(
    Type.Object({
      hls: Type.String(),
      dash: Type.String(),
      poster: Type.String(),
      /** The poster at listing size (480 pixels wide at most), for grids of videos. */
      thumbnail: Type.String(),
      /** WebVTT index of the storyboard sprite, for seek-bar previews. */
      storyboard: Type.Union([Type.String(), Type.Null()]),
      /** When the signed URLs stop working (private/unlisted), else null. */
      expiresAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
    }),
  ),
});
export type Video = Static<typeof Video>;

const Title = Type.String({ minLength: 1, maxLength: VIDEO_TITLE_MAX_LENGTH });
const Description = Type.String({ maxLength: VIDEO_DESCRIPTION_MAX_LENGTH });
const Tags = Type.Array(Type.String({ minLength: 1, maxLength: VIDEO_TAG_MAX_LENGTH }), { maxItems: VIDEO_TAGS_MAX });

export const UpdateVideoBody = Type.Object(
  {
    title: Type.Optional(Title),
    description: Type.Optional(Description),
    tags: Type.Optional(Tags),
    category: Type.Optional(Type.Union([Type.String({ maxLength: VIDEO_CATEGORY_MAX_LENGTH }), Type.Null()])),
    language: Type.Optional(Type.Union([Type.String({ pattern: '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$' }), Type.Null()])),
    visibility: Type.Optional(VisibilitySchema),
  },
  { additionalProperties: false },
);
export type UpdateVideoBody = Static<typeof UpdateVideoBody>;

export const VideoPage = Type.Object({
  items: Type.Array(Video),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});
export type VideoPage = Static<typeof VideoPage>;

/** The most videos one `GET /api/videos?ids=` names. */
export const VIDEO_IDS_MAX = 100;
const UUID_TEXT = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';

export const VideoListQuery = Type.Object(
  {
    sort: Type.Optional(Type.Union([Type.Literal('new'), Type.Literal('popular')])),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 50 })),
    cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    ids: Type.Optional(
      Type.String({
        pattern: `^${UUID_TEXT}(,${UUID_TEXT}){0,${VIDEO_IDS_MAX - 1}}$`,
        maxLength: VIDEO_IDS_MAX * 37,
        description:
          'Up to 100 video ids, comma-separated: those of them the caller may see (as `GET /api/videos/{id}` would ' +
          'answer each), in the order given, on one page. Not with sort, limit or cursor.',
      }),
    ),
  },
  { additionalProperties: false },
);
export type VideoListQuery = Static<typeof VideoListQuery>;
