import type { Channel, ChannelLive, StreamSession, Video } from '@framecast/contracts';
import { HANDLE_MAX_LENGTH } from '@framecast/contracts/rules';
import { type ModulePage as Page, planPage, toConnection } from './graphql.connection.js';
import type { Loaders, VideoAnalytics } from './graphql.loaders.js';
import type { Upstream } from './graphql.upstream.js';

/** What every resolver of one request shares. */
export interface GraphQLContext {
  api: Upstream;
  loaders: Loaders;
  /** The handle in the caller's verified access token; null when signed out. */
  viewerHandle: string | null;
}

type PageArgs = { first?: number | null; after?: string | null };
type SortArgs = PageArgs & { sort?: 'NEW' | 'POPULAR' | null };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** An id the video or live module could hold (lower case, as they answer it); null for any other text. */
const asId = (text: string) => (UUID.test(text.toLowerCase()) ? text.toLowerCase() : null);
/** A handle the user module could hold; null for text no channel is named (so a batch is never refused for it). */
const asHandle = (text: string) => {
  const handle = text.trim().toLowerCase();
  return handle.length > 0 && handle.length <= HANDLE_MAX_LENGTH && !handle.includes(',') ? handle : null;
};

/** A connection over one of a module's list routes (`{items, nextCursor}` with `limit` and `cursor`). */
async function connection<T>(
  api: Upstream,
  path: string,
  args: PageArgs,
  query: Record<string, string | undefined> = {},
  seen?: (items: T[]) => void,
) {
  const plan = planPage(args);
  const page = await api.get<Page<T>>(path, { ...query, limit: plan.limit, cursor: plan.cursor });
  seen?.(page.items);
  return toConnection(plan, page);
}

const sortOf = (args: SortArgs) => (args.sort === 'POPULAR' ? 'popular' : 'new');

export const resolvers = {
  Query: {
    video: (_: unknown, args: { id: string }, { loaders }: GraphQLContext) => {
      const id = asId(args.id);
      return id ? loaders.video.load(id) : null;
    },
    videos: (_: unknown, args: SortArgs, { api, loaders }: GraphQLContext) =>
      connection<Video>(api, '/api/videos', args, { sort: sortOf(args) }, (items) => loaders.seenVideos(items)),
    myVideos: (_: unknown, args: PageArgs, { api, loaders }: GraphQLContext) =>
      connection<Video>(api, '/api/videos/mine', args, {}, (items) => loaders.seenVideos(items)),
    channel: (_: unknown, args: { handle: string }, { loaders }: GraphQLContext) => {
      const handle = asHandle(args.handle);
      return handle ? loaders.channel.load(handle) : null;
    },
    channels: (_: unknown, args: SortArgs, { api, loaders }: GraphQLContext) =>
      connection<Channel>(api, '/api/channels', args, { sort: sortOf(args) }, (items) => loaders.seenChannels(items)),
    liveSession: (_: unknown, args: { id: string }, { loaders }: GraphQLContext) => {
      const id = asId(args.id);
      return id ? loaders.session.load(id) : null;
    },
    liveNow: (_: unknown, args: PageArgs, { api, loaders }: GraphQLContext) =>
      connection<StreamSession>(api, '/api/live', args, {}, (items) => loaders.seenSessions(items)),
    viewer: (_: unknown, _args: unknown, { loaders, viewerHandle }: GraphQLContext) =>
      viewerHandle ? loaders.channel.load(viewerHandle.toLowerCase()) : null,
  },

  Video: {
    visibility: (video: Video) => video.visibility.toUpperCase(),
    status: (video: Video) => video.status.toUpperCase(),
    source: (video: Video) => video.source ?? 'upload',
    viewCount: (video: Video) => video.views,
    playback: (video: Video) => video.playback ?? null,
    channel: (video: Video, _: unknown, { loaders }: GraphQLContext) => loaders.channel.load(video.channel.handle),
    analytics: async (
      video: Video,
      args: { from?: string | null; to?: string | null },
      { loaders }: GraphQLContext,
    ): Promise<VideoAnalytics | null> =>
      loaders.analytics.load(JSON.stringify([video.id, args.from ?? undefined, args.to ?? undefined])),
  },

  VideoAnalytics: {
    views: (a: VideoAnalytics) => a.views ?? null,
    uniqueViewers: (a: VideoAnalytics) => a.uniqueViewers ?? null,
    watchTimeSeconds: (a: VideoAnalytics) => a.watchTimeSeconds ?? null,
    averageViewDurationSeconds: (a: VideoAnalytics) => a.averageViewDurationSeconds ?? null,
  },

  Channel: {
    following: (channel: Channel) => channel.following ?? null,
    videos: (channel: Channel, args: SortArgs, { api, loaders }: GraphQLContext) =>
      connection<Video>(
        api,
        `/api/channels/${encodeURIComponent(channel.handle)}/videos`,
        args,
        { sort: sortOf(args) },
        (items) => loaders.seenVideos(items),
      ),
    live: (channel: Channel, _: unknown, { loaders }: GraphQLContext) => loaders.channelLive.load(channel.handle),
  },

  ChannelLive: {
    hls: (live: ChannelLive) => live.playback?.hls ?? null,
    dash: (live: ChannelLive) => live.playback?.dash ?? null,
  },

  LiveSession: {
    channel: (session: StreamSession, _: unknown, { loaders }: GraphQLContext) =>
      loaders.channel.load(session.channel.handle),
    replay: (session: StreamSession, _: unknown, { loaders }: GraphQLContext) =>
      session.replayVideoId ? loaders.video.load(session.replayVideoId) : null,
  },
};
