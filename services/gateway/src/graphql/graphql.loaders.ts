import type {
  Channel,
  ChannelLive,
  ChannelPage,
  LiveChannels,
  StreamSession,
  Video,
  VideoPage,
} from '@framecast/contracts';
import { CHANNEL_HANDLES_MAX, VIDEO_IDS_MAX } from '@framecast/contracts';
import DataLoader from 'dataloader';
import type { Upstream } from './graphql.upstream.js';

/** What the analytics module answers for a video (`GET /api/analytics/videos/:id`); only these fields are read. */
export interface VideoAnalytics {
  views?: number;
  uniqueViewers?: number;
  watchTimeSeconds?: number;
  averageViewDurationSeconds?: number;
}

/**
 * One GraphQL request's look-ups, each batched over the request (everything asked in one tick of resolving is one
 * call) and remembered for it, so `{ videos { edges { node { channel { displayName } } } } }` costs one call for the
 * videos and one for all their channels, however many there are. Made anew for every request: nothing one caller
 * may see is ever answered to another.
 */
export function createLoaders(api: Upstream) {
  const video = new DataLoader<string, Video | null>(
    async (ids) => {
      const page = await api.get<VideoPage>('/api/videos', { ids: ids.join(',') });
      const found = new Map(page.items.map((item) => [item.id, item]));
      return ids.map((id) => found.get(id) ?? null);
    },
    { maxBatchSize: VIDEO_IDS_MAX },
  );
  const channel = new DataLoader<string, Channel | null>(
    async (handles) => {
      const page = await api.get<ChannelPage>('/api/channels', { handles: handles.join(',') });
      const found = new Map(page.items.map((item) => [item.handle, item]));
      return handles.map((handle) => found.get(handle) ?? null);
    },
    { maxBatchSize: CHANNEL_HANDLES_MAX },
  );
  const channelLive = new DataLoader<string, ChannelLive>(
    async (handles) => {
      const { items } = await api.get<LiveChannels>('/api/live/channels', { handles: handles.join(',') });
      const found = new Map(items.map(({ handle, ...live }) => [handle, live]));
      return handles.map((handle) => found.get(handle) ?? { live: false, session: null, playback: null });
    },
    { maxBatchSize: CHANNEL_HANDLES_MAX },
  );
  // Sessions and analytics are asked one key a call (each once a request): pages name them one at a time.
  const session = new DataLoader<string, StreamSession | null>((ids) =>
    Promise.all(
      ids.map((id) =>
        api
          .find<StreamSession>(`/api/live/sessions/${id}`)
          .then((found) => found ?? null)
          .catch((error: Error) => error),
      ),
    ),
  );
  const analytics = new DataLoader<string, VideoAnalytics | null>((keys) =>
    Promise.all(
      keys.map((key) => {
        const [id = '', from, to] = JSON.parse(key) as [string, string | undefined, string | undefined];
        // Null where no analytics route answers yet (a platform without the analytics module).
        return api
          .find<VideoAnalytics>(`/api/analytics/videos/${id}`, { from, to })
          .then((found) => found ?? null)
          .catch((error: Error) => error);
      }),
    ),
  );

  return {
    video,
    channel,
    channelLive,
    session,
    analytics,
    /** Remembers what a listing answered, so the same objects asked for again in this request cost nothing. */
    seenVideos(videos: readonly Video[]) {
      for (const item of videos) video.prime(item.id, item);
    },
    seenChannels(channels: readonly Channel[]) {
      for (const item of channels) channel.prime(item.handle, item);
    },
    seenSessions(sessions: readonly StreamSession[]) {
      for (const item of sessions) session.prime(item.id, item);
    },
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
