import type { AnalyticsRange } from '@framecast/contracts';
import type { ChannelSort } from './client.js';

/** Who is looking: a user id, or null when signed out. Lists and videos differ by viewer, so keys carry it. */
export type Viewer = string | null;

/**
 * The keys of every query over this client, shared by all remotes because they share one QueryClient. Each key
 * starts with what it holds (`videos`, `channels`), so invalidating `queryKeys.videos` refreshes every list and
 * page of videos, whichever remote shows it.
 */
export const queryKeys = {
  videos: ['videos'] as const,
  latestVideos: (limit: number) => ['videos', 'latest', limit] as const,
  myVideos: (viewer: Viewer) => ['videos', 'mine', viewer] as const,
  video: (id: string, viewer: Viewer) => ['videos', 'detail', id, viewer] as const,
  channelVideos: (handle: string, viewer: Viewer) => ['videos', 'channel', handle, viewer] as const,
  channels: ['channels'] as const,
  channelList: (sort: ChannelSort, viewer: Viewer) => ['channels', 'list', sort, viewer] as const,
  channel: (handle: string, viewer: Viewer) => ['channels', 'detail', handle, viewer] as const,
  live: ['live'] as const,
  liveSetup: (viewer: Viewer) => ['live', 'setup', viewer] as const,
  liveNow: (limit: number) => ['live', 'now', limit] as const,
  channelLive: (handle: string) => ['live', 'channel', handle] as const,
  liveSession: (id: string) => ['live', 'session', id] as const,
  chat: ['chat'] as const,
  /** A room as the viewer sees it: settings, role, ban. */
  chatRoom: (handle: string, viewer: Viewer) => ['chat', 'room', handle, viewer] as const,
  /** The moderation lists of a room: `moderators`, `vips`, `bans`, `blocked-terms`, `log`. */
  chatList: (handle: string, list: 'moderators' | 'vips' | 'bans' | 'blocked-terms' | 'log', viewer: Viewer) =>
    ['chat', list, handle, viewer] as const,
  analytics: ['analytics'] as const,
  /** A report over a range (`{}` for the report's own default: 28 days, or a stream's span). */
  analyticsReport: (kind: 'channel' | 'video' | 'stream', id: string, range: AnalyticsRange, viewer: Viewer) =>
    ['analytics', kind, id, range.from ?? null, range.to ?? null, viewer] as const,
  notifications: ['notifications'] as const,
  /** The viewer's notifications, newest first, with the unread count (the bell). */
  notificationList: (viewer: Viewer) => ['notifications', 'list', viewer] as const,
  notificationPreferences: (viewer: Viewer) => ['notifications', 'preferences', viewer] as const,
};
