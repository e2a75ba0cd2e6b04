import type { Channel } from '@framecast/contracts';
import { expect, it } from 'vitest';
import { withFollowing } from './follow.js';

const channel: Channel = {
  id: 'c1',
  handle: 'ada',
  displayName: 'Ada',
  bio: '',
  avatarUrl: null,
  followerCount: 4,
  followingCount: 0,
  createdAt: '2026-01-01T00:00:00.000Z',
  following: false,
};

it('counts a new follower and removes one on unfollow', () => {
  const followed = withFollowing(channel, true);
  expect(followed).toMatchObject({ following: true, followerCount: 5 });
  expect(withFollowing(followed, false)).toMatchObject({ following: false, followerCount: 4 });
});

it('changes nothing when the state is already the one asked for', () => {
  expect(withFollowing(channel, false)).toBe(channel);
});

it('treats a missing following flag as not following and never goes below zero', () => {
  const { following: _, ...anonymous } = { ...channel, followerCount: 0 };
  expect(withFollowing(anonymous, true)).toMatchObject({ following: true, followerCount: 1 });
  expect(withFollowing({ ...channel, following: true, followerCount: 0 }, false).followerCount).toBe(0);
});
