import type { Channel } from '@framecast/contracts';

/** The channel as it looks once `following` is applied: used for optimistic updates before the server answers. */
export function withFollowing(channel: Channel, following: boolean): Channel {
  if (Boolean(channel.following) === following) return channel;
  return { ...channel, following, followerCount: Math.max(0, channel.followerCount + (following ? 1 : -1)) };
}
