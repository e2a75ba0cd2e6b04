import type { LivePlayback, LiveSetup, StreamSession } from '@framecast/contracts';
import type { LiveSettings } from './live.settings.js';
import type { LiveChannelRow, SessionRow } from './live.tables.js';

/** Where DASH players read the server's clock: the live MPD's `UTCTiming` (`urn:mpeg:dash:utc:http-iso:2014`). */
export const LIVE_CLOCK_PATH = '/api/live/time';

/** Where a session's media is served: the same `/media` tree as videos, under `live/`. */
export const livePlayback = (sessionId: string): LivePlayback => ({
  hls: `/media/live/${sessionId}/ll.m3u8`,
  dash: `/media/live/${sessionId}/manifest.mpd`,
});

/** The API shape of a stored session. */
export function toSession(row: SessionRow): StreamSession {
  return {
    id: row.id,
    channel: { id: row.channel_id, handle: row.handle },
    title: row.title,
    category: row.category,
    startedAt: row.started_at.toISOString(),
    endedAt: row.ended_at ? row.ended_at.toISOString() : null,
    endReason: row.end_reason,
    viewers: row.viewers,
    peakViewers: row.peak_viewers,
    ingest: row.ingest,
    replayVideoId: row.replay_video_id,
  };
}

/** The ports the ingest listens on: RTMP, RTMPS when it is configured, SRT when FFmpeg is there. */
export interface IngestPorts {
  rtmp: number;
  rtmps: number | null;
  srt: number | null;
}

/** What the owner's studio shows: the key, where to send the stream, and the stream as it stands. */
export function toSetup(
  channel: LiveChannelRow,
  session: SessionRow | undefined,
  settings: Pick<LiveSettings, 'ingestHost'>,
  ports: IngestPorts,
): LiveSetup {
  const host =
    settings.ingestHost.includes(':') && !settings.ingestHost.startsWith('[')
      ? `[${settings.ingestHost}]`
      : settings.ingestHost;
  const server = (scheme: string, port: number, usual: number) =>
    `${scheme}://${host}${port === usual ? '' : `:${port}`}/live`;
  const rtmp = server('rtmp', ports.rtmp, 1935);
  const rtmps = ports.rtmps === null ? null : server('rtmps', ports.rtmps, 443);
  return {
    streamKey: channel.stream_key,
    ingest: {
      rtmp,
      rtmpUrl: `${rtmp}/${channel.stream_key}`,
      rtmps,
      rtmpsUrl: rtmps && `${rtmps}/${channel.stream_key}`,
      srt:
        ports.srt === null
          ? null
          : `srt://${host}:${ports.srt}?streamid=${channel.handle}&passphrase=${channel.stream_key}`,
    },
    title: channel.title,
    category: channel.category,
    status: channel.current_session_id ? 'live' : 'offline',
    session: session ? toSession(session) : null,
  };
}
