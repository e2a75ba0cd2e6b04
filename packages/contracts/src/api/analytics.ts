import Type, { type Static } from 'typebox';

/** API shapes of the analytics module: the player's beacons and the reports creators read. */

/** Events one beacon batch may carry. */
export const BEACON_MAX_EVENTS = 100;
/** Longest stretch one heartbeat may report as played (players report every ~10 s). */
export const BEACON_MAX_HEARTBEAT_SECONDS = 60;
/** Points of a video's audience-retention curve: each is one hundredth of the video. */
export const RETENTION_POINTS = 100;

/** A position in the media, in seconds (a week covers any recording and a live stream's timeline). */
const Position = Type.Number({ minimum: 0, maximum: 7 * 24 * 3600 });
const Milliseconds = (maximum: number) => Type.Integer({ minimum: 0, maximum });
const strict = { additionalProperties: false } as const;

/** What a player reports; the server times every event at its arrival, never by the browser's clock. */
export const BeaconEvent = Type.Union([
  /** The viewer pressed play (or autoplay began): a view starts. */
  Type.Object({ type: Type.Literal('start'), position: Position }, strict),
  /** Milliseconds from the request to play to the first frame. */
  Type.Object({ type: Type.Literal('startup'), ms: Milliseconds(120_000) }, strict),
  /** Played from `from` to `to` since the previous report (`to - from` at most 60 s, never backwards). */
  Type.Object({ type: Type.Literal('heartbeat'), from: Position, to: Position }, strict),
  Type.Object({ type: Type.Literal('pause'), position: Position }, strict),
  Type.Object({ type: Type.Literal('seek'), from: Position, to: Position }, strict),
  /** Playback stalled for `ms` at `position` (rebuffering after startup). */
  Type.Object({ type: Type.Literal('buffering'), position: Position, ms: Milliseconds(600_000) }, strict),
  /** The rendition changed; `bitrate` in bits per second. */
  Type.Object(
    {
      type: Type.Literal('quality'),
      bitrate: Type.Integer({ minimum: 1, maximum: 1_000_000_000 }),
      height: Type.Optional(Type.Integer({ minimum: 1, maximum: 8640 })),
    },
    strict,
  ),
  /** A playback error; `fatal` when playback stopped because of it. */
  Type.Object(
    {
      type: Type.Literal('error'),
      code: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_.:-]+$' }),
      fatal: Type.Boolean(),
    },
    strict,
  ),
  Type.Object({ type: Type.Literal('end'), position: Position }, strict),
]);
export type BeaconEvent = Static<typeof BeaconEvent>;

/**
 * `POST /api/analytics/events`: a batch of one playback session's events. `session` is a random id the player makes
 * per playback; `seq` numbers its batches from 0, so a batch sent twice counts once. Exactly one of `videoId` and
 * `streamId` (a live session) names what plays.
 */
export const BeaconBatch = Type.Object(
  {
    session: Type.String({ format: 'uuid' }),
    seq: Type.Integer({ minimum: 0, maximum: 1_000_000 }),
    videoId: Type.Optional(Type.String({ format: 'uuid' })),
    streamId: Type.Optional(Type.String({ format: 'uuid' })),
    events: Type.Array(BeaconEvent, { minItems: 1, maxItems: BEACON_MAX_EVENTS }),
  },
  strict,
);
export type BeaconBatch = Static<typeof BeaconBatch>;

export const BeaconAccepted = Type.Object({
  /** Events counted: 0 for a batch already received. */
  accepted: Type.Integer({ minimum: 0 }),
  duplicate: Type.Boolean(),
});
export type BeaconAccepted = Static<typeof BeaconAccepted>;

/** `?from=&to=` of a report: ISO instants, the last 28 days unless given, at most 366 days. */
export const AnalyticsRange = Type.Object(
  {
    from: Type.Optional(Type.String({ format: 'date-time' })),
    to: Type.Optional(Type.String({ format: 'date-time' })),
  },
  strict,
);
export type AnalyticsRange = Static<typeof AnalyticsRange>;

/** Quality of experience over the range. */
export const QoeReport = Type.Object({
  /** Average milliseconds to the first frame; null without samples. */
  startupTimeMs: Type.Union([Type.Number(), Type.Null()]),
  startupSamples: Type.Integer({ minimum: 0 }),
  /** Stalled time over stalled plus played time (0 to 1). */
  rebufferRatio: Type.Number({ minimum: 0, maximum: 1 }),
  rebufferEvents: Type.Integer({ minimum: 0 }),
  errors: Type.Integer({ minimum: 0 }),
  fatalErrors: Type.Integer({ minimum: 0 }),
  bitrateSwitches: Type.Integer({ minimum: 0 }),
  /** Bits per second, weighted by time played; null when no rendition was reported. */
  averageBitrate: Type.Union([Type.Number(), Type.Null()]),
});
export type QoeReport = Static<typeof QoeReport>;

/** One step of a report's series: hours for ranges up to 3 days, days beyond. */
export const AnalyticsPoint = Type.Object({
  at: Type.String({ format: 'date-time' }),
  views: Type.Integer({ minimum: 0 }),
  watchTimeSeconds: Type.Number({ minimum: 0 }),
});
export type AnalyticsPoint = Static<typeof AnalyticsPoint>;

const Totals = {
  from: Type.String({ format: 'date-time' }),
  to: Type.String({ format: 'date-time' }),
  views: Type.Integer({ minimum: 0 }),
  /** Distinct viewers (accounts, else addresses) counted per day, so a range's figure is exact to the day. */
  uniqueViewers: Type.Integer({ minimum: 0 }),
  watchTimeSeconds: Type.Number({ minimum: 0 }),
  /** Watch time over views (0 without views). */
  averageViewDurationSeconds: Type.Number({ minimum: 0 }),
  qoe: QoeReport,
  granularity: Type.Union([Type.Literal('hour'), Type.Literal('day')]),
  series: Type.Array(AnalyticsPoint),
};

/**
 * The audience-retention curve: `points[i]` is the share (0 to 1) of playback sessions that played the i-th
 * hundredth of the video. Empty while the video's duration is unknown or nobody played it.
 */
export const RetentionCurve = Type.Object({
  durationSeconds: Type.Number({ minimum: 0 }),
  sessions: Type.Integer({ minimum: 0 }),
  points: Type.Array(Type.Number({ minimum: 0, maximum: 1 })),
});
export type RetentionCurve = Static<typeof RetentionCurve>;

/** `GET /api/analytics/videos/:id`. */
export const VideoAnalytics = Type.Object({ videoId: Type.String(), ...Totals, retention: RetentionCurve });
export type VideoAnalytics = Static<typeof VideoAnalytics>;

const MinuteCount = Type.Object({ at: Type.String({ format: 'date-time' }), count: Type.Integer({ minimum: 0 }) });

/** `GET /api/analytics/streams/:sessionId`: a live session, with its audience minute by minute. */
export const StreamAnalytics = Type.Object({
  sessionId: Type.String(),
  startedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  endedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  ...Totals,
  /** The most concurrent viewers: players heard from in one minute, or the live module's own count if higher. */
  peakViewers: Type.Integer({ minimum: 0 }),
  /** Players heard from (heartbeats) in each minute of the stream. */
  concurrentViewers: Type.Array(MinuteCount),
  chatMessages: Type.Integer({ minimum: 0 }),
  /** Chat messages in each minute with any. */
  chatMessagesPerMinute: Type.Array(MinuteCount),
});
export type StreamAnalytics = Static<typeof StreamAnalytics>;

/** `GET /api/analytics/channels/:handle`: every video and stream of the channel, its chat and its followers. */
export const ChannelAnalytics = Type.Object({
  channelId: Type.String(),
  handle: Type.String(),
  ...Totals,
  chatMessages: Type.Integer({ minimum: 0 }),
  followsGained: Type.Integer({ minimum: 0 }),
  followsLost: Type.Integer({ minimum: 0 }),
});
export type ChannelAnalytics = Static<typeof ChannelAnalytics>;
