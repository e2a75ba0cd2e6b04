import type {
  AnalyticsRange,
  BeaconAccepted,
  BeaconBatch,
  ChannelAnalytics,
  StreamAnalytics,
  VideoAnalytics,
} from '@framecast/contracts';
import type { Send } from './http.js';

/**
 * The analytics module (`/api/analytics/…`): the player's beacons, and the reports of a channel, a video and a live
 * session, which only the channel's owner and admins may read (403 `not_analytics_owner`, 404
 * `analytics_target_not_found`). A report covers the last 28 days unless `from`/`to` say otherwise; a stream's, the
 * stream's own span.
 */
export function analyticsApi(send: Send) {
  const report = <T>(path: string, id: string, range: AnalyticsRange) =>
    send<T>({ method: 'GET', path: `/api/analytics/${path}/${encodeURIComponent(id)}`, query: { ...range } });
  return {
    /**
     * One batch of a playback session's beacons; `keepalive` for the last one, sent as the page goes away. Signed
     * in, the token goes with it, so views count by account.
     */
    send: (batch: BeaconBatch, opts: { keepalive?: boolean } = {}) =>
      send<BeaconAccepted>({
        method: 'POST',
        path: '/api/analytics/events',
        json: batch,
        ...(opts.keepalive ? { keepalive: true } : {}),
      }),
    /** Views, unique viewers, watch time, the retention curve and playback quality of one video. */
    video: (id: string, range: AnalyticsRange = {}) => report<VideoAnalytics>('videos', id, range),
    /** A live session: its totals, concurrent viewers and their peak, chat messages per minute. */
    stream: (sessionId: string, range: AnalyticsRange = {}) => report<StreamAnalytics>('streams', sessionId, range),
    /** Every video and stream of a channel together, with its chat messages and follows gained and lost. */
    channel: (handle: string, range: AnalyticsRange = {}) => report<ChannelAnalytics>('channels', handle, range),
  };
}
