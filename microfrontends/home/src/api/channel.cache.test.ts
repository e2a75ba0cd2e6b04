import type { Channel, Pages } from '@framecast/client';
import { describe, expect, it } from 'vitest';
import { withFollowState } from './channel.cache.js';

const channel = (id: string, followerCount = 3): Channel =>
  ({ id, handle: `h_${id}`, displayName: id, following: false, followerCount }) as Channel;
const followed = { following: true, followerCount: 4 };

describe('withFollowState', () => {
  it('updates the channel on whichever page of a list holds it', () => {
    const data: Pages<Channel> = {
      pages: [
        { items: [channel('a')], nextCursor: 'c' },
        { items: [channel('b')], nextCursor: null },
      ],
      pageParams: [undefined, 'c'],
    };
    const next = withFollowState(data, channel('b'), followed) as Pages<Channel>;
    expect(next.pages[1]?.items[0]).toMatchObject({ id: 'b', following: true, followerCount: 4, displayName: 'b' });
    expect(next.pages[0]).toEqual(data.pages[0]);
  });

  it('updates the channel itself, and leaves other channels and lists without it alone', () => {
    expect(withFollowState(channel('a'), channel('a'), followed)).toMatchObject({ following: true, followerCount: 4 });
    const other = channel('z');
    expect(withFollowState(other, channel('a'), followed)).toBe(other);
    const list: Pages<Channel> = { pages: [{ items: [other], nextCursor: null }], pageParams: [undefined] };
    expect(withFollowState(list, channel('a'), followed)).toBe(list);
  });
});
