import { type Channel, type FollowResult, type Pages, replacePageItem } from '@framecast/client';

const isPages = (data: unknown): data is Pages<Channel> =>
  typeof data === 'object' && data !== null && Array.isArray((data as Pages<Channel>).pages);
const isChannel = (data: unknown): data is Channel =>
  typeof data === 'object' && data !== null && typeof (data as Channel).handle === 'string';

/**
 * A cached channel query's data with `channel`'s follow state applied: a page of channels holding it, or the
 * channel itself. Anything else comes back as it was.
 */
export function withFollowState(data: unknown, channel: Channel, state: FollowResult): unknown {
  const patch = (old: Channel): Channel => ({ ...old, following: state.following, followerCount: state.followerCount });
  if (isPages(data)) {
    const old = data.pages.flatMap((page) => page.items).find((item) => item.id === channel.id);
    return old ? replacePageItem(data, patch(old)) : data;
  }
  if (isChannel(data) && data.id === channel.id) return patch(data);
  return data;
}
