import Type, { type Static } from 'typebox';
import { VIDEO_CATEGORY_MAX_LENGTH, VIDEO_TITLE_MAX_LENGTH } from '../rules/video.rules.js';
import { HandleList } from './users.js';

/** API shapes of the live module. */

export const liveStatuses = ['offline', 'live'] as const;
export type LiveStatus = (typeof liveStatuses)[number];

/** Why a stream ended. */
export const streamEndReasons = [
  'publisher_left',
  'key_rotated',
  'ingest_failed',
  'shutdown',
  'account_deleted',
] as const;
export type StreamEndReason = (typeof streamEndReasons)[number];

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

/** What the ingest measured of a stream, last known values. */
export const IngestStats = Type.Object({
  /** Bits per second received, over the last few seconds. */
  bitrate: Type.Integer({ minimum: 0 }),
  fps: Type.Number({ minimum: 0 }),
  /** Seconds between keyframes. */
  keyframeInterval: Nullable(Type.Number({ minimum: 0 })),
  droppedFrames: Type.Integer({ minimum: 0 }),
  videoCodec: Nullable(Type.String()),
  audioCodec: Nullable(Type.String()),
  width: Nullable(Type.Integer()),
  height: Nullable(Type.Integer()),
});
export type IngestStats = Static<typeof IngestStats>;

/** One broadcast, from the publisher's first frame to its end. */
export const StreamSession = Type.Object({
  id: Type.String(),
  channel: Type.Object({ id: Type.String(), handle: Type.String() }),
  title: Type.String(),
  category: Nullable(Type.String()),
  startedAt: Type.String({ format: 'date-time' }),
  endedAt: Nullable(Type.String({ format: 'date-time' })),
  endReason: Nullable(Type.Enum(streamEndReasons)),
  viewers: Type.Integer({ minimum: 0 }),
  peakViewers: Type.Integer({ minimum: 0 }),
  ingest: Nullable(IngestStats),
  /** The replay of an ended stream, once it is a video. */
  replayVideoId: Nullable(Type.String()),
});
export type StreamSession = Static<typeof StreamSession>;

/** `GET /api/live/me`: what a creator needs to go live. */
export const LiveSetup = Type.Object({
  /** Secret: whoever has it streams as this channel. */
  streamKey: Type.String(),
  ingest: Type.Object({
    /** `rtmp://<host>:<port>/live`; the key is the stream name (OBS: "Server" and "Stream Key"). */
    rtmp: Type.String(),
    /** The whole URL with the key, for FFmpeg. */
    rtmpUrl: Type.String(),
    /** RTMP over TLS (`rtmps://<host>:<port>/live`), when the server has a certificate; null otherwise. */
    rtmps: Nullable(Type.String()),
    rtmpsUrl: Nullable(Type.String()),
    /**
     * SRT, the whole URL for OBS's Server field or FFmpeg: `srt://<host>:<port>?streamid=<handle>&passphrase=<key>`
     * (the key encrypts the stream and never crosses the network); null where the server cannot take SRT.
     */
    srt: Nullable(Type.String()),
  }),
  title: Type.String(),
  category: Nullable(Type.String()),
  status: Type.Enum(liveStatuses),
  /** The current session while live, else the last one (its summary), else null. */
  session: Nullable(StreamSession),
});
export type LiveSetup = Static<typeof LiveSetup>;

export const UpdateLiveBody = Type.Object(
  {
    title: Type.Optional(Type.String({ maxLength: VIDEO_TITLE_MAX_LENGTH })),
    category: Type.Optional(Nullable(Type.String({ maxLength: VIDEO_CATEGORY_MAX_LENGTH }))),
  },
  { additionalProperties: false },
);
export type UpdateLiveBody = Static<typeof UpdateLiveBody>;

export const LivePlayback = Type.Object({
  /** The LL-HLS multivariant playlist (players without LL-HLS read it as plain HLS). */
  hls: Type.String(),
  dash: Type.String(),
});
export type LivePlayback = Static<typeof LivePlayback>;

/** `GET /api/channels/:handle/live`: what a viewer needs. */
export const ChannelLive = Type.Object({
  live: Type.Boolean(),
  session: Nullable(StreamSession),
  playback: Nullable(LivePlayback),
});
export type ChannelLive = Static<typeof ChannelLive>;

/** `GET /api/live/channels?handles=`: the stream of each channel asked, in the order asked. */
export const LiveChannelsQuery = Type.Object(
  { handles: HandleList("Each channel's stream, as `GET /api/channels/{handle}/live` answers it.") },
  { additionalProperties: false },
);
export type LiveChannelsQuery = Static<typeof LiveChannelsQuery>;

export const LiveChannels = Type.Object({
  items: Type.Array(Type.Object({ handle: Type.String(), ...ChannelLive.properties })),
});
export type LiveChannels = Static<typeof LiveChannels>;

/** `GET /api/live`: who is live now, most watched first. */
export const LiveNowPage = Type.Object({
  items: Type.Array(StreamSession),
  nextCursor: Nullable(Type.String()),
});
export type LiveNowPage = Static<typeof LiveNowPage>;
