import { type AnalyticsRange, type FramecastClient, queryKeys, type Viewer } from '@framecast/client';
import { queryOptions } from '@tanstack/react-query';

/**
 * The reports are rollups written every few seconds: a minute old is fresh enough, and going back to a range shown
 * a moment ago shows it at once.
 */
const STALE_MS = 60_000;

/** The signed-in creator's channel, every video and stream of it together. */
export function channelReportQuery(client: FramecastClient, handle: string, range: AnalyticsRange, viewer: Viewer) {
  return queryOptions({
    queryKey: queryKeys.analyticsReport('channel', handle, range, viewer),
    queryFn: () => client.analytics.channel(handle, range),
    enabled: viewer !== null && handle !== '',
    staleTime: STALE_MS,
  });
}

export function videoReportQuery(client: FramecastClient, id: string, range: AnalyticsRange, viewer: Viewer) {
  return queryOptions({
    queryKey: queryKeys.analyticsReport('video', id, range, viewer),
    queryFn: () => client.analytics.video(id, range),
    enabled: viewer !== null,
    staleTime: STALE_MS,
  });
}

/** A live session over its own span; read again every minute while it is on air. */
export function streamReportQuery(client: FramecastClient, sessionId: string, viewer: Viewer) {
  return queryOptions({
    queryKey: queryKeys.analyticsReport('stream', sessionId, {}, viewer),
    queryFn: () => client.analytics.stream(sessionId),
    enabled: viewer !== null,
    staleTime: STALE_MS,
    refetchInterval: (query) => (query.state.data && query.state.data.endedAt === null ? STALE_MS : false),
  });
}

/** A video's title and length, for the heading of its analytics. */
export function videoQuery(client: FramecastClient, id: string, viewer: Viewer) {
  return queryOptions({
    queryKey: queryKeys.video(id, viewer),
    queryFn: () => client.videos.get(id),
    enabled: viewer !== null,
  });
}

/** The channel's stream now or its last one, to link to its analytics. */
export function lastStreamQuery(client: FramecastClient, handle: string) {
  return queryOptions({
    queryKey: queryKeys.channelLive(handle),
    queryFn: () => client.live.channel(handle),
    enabled: handle !== '',
  });
}
