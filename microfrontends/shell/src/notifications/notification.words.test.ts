import type { NotificationItem } from '@framecast/client';
import { describe, expect, it } from 'vitest';
import { badgeText, bellLabel, notificationDetail, notificationHref, notificationText } from './notification.words.js';

const base = {
  id: '00000000-0000-4000-8000-000000000001',
  createdAt: '2026-06-10T12:00:00.000Z',
  readAt: null,
  stream: null,
  video: null,
  mention: null,
};
const live: NotificationItem = {
  ...base,
  kind: 'live',
  channel: { id: 'c-alice', handle: 'alice' },
  stream: { sessionId: 's1', title: 'Speedrun night' },
};
const video: NotificationItem = {
  ...base,
  kind: 'video',
  channel: { id: 'c-bob', handle: 'bob' },
  video: { id: 'v 1', title: 'Building a synth' },
};
const follow: NotificationItem = { ...base, kind: 'follow', channel: { id: 'c-carol', handle: 'carol' } };
const mention = (from: string, channel: string): NotificationItem => ({
  ...base,
  kind: 'mention',
  channel: { id: `c-${channel}`, handle: channel },
  mention: { messageId: '0000000000000042', excerpt: 'hey @ada, look', from: { id: `c-${from}`, handle: from } },
});

describe('notification words', () => {
  it('say what happened for each kind', () => {
    expect(notificationText(live)).toBe('@alice went live: Speedrun night');
    expect(notificationText(video)).toBe('@bob published Building a synth');
    expect(notificationText(follow)).toBe('@carol followed you');
    expect(notificationText(mention('dan', 'dan'))).toBe('@dan mentioned you in chat');
    expect(notificationText(mention('dan', 'alice'))).toBe('@dan mentioned you in @alice’s chat');
  });

  it('still read well without a title', () => {
    expect(notificationText({ ...live, stream: { sessionId: 's1', title: '' } })).toBe('@alice went live');
    expect(notificationText({ ...video, video: null })).toBe('@bob published a video');
  });

  it('quote the words of a mention, and nothing for the other kinds', () => {
    expect(notificationDetail(mention('dan', 'alice'))).toBe('“hey @ada, look”');
    expect([live, video, follow].map(notificationDetail)).toEqual([null, null, null]);
  });

  it('lead to the live page, the video, the follower’s channel and the chat', () => {
    expect(notificationHref(live)).toBe('/live/alice');
    expect(notificationHref(video)).toBe('/watch/v%201');
    expect(notificationHref(follow)).toBe('/c/carol');
    expect(notificationHref(mention('dan', 'alice'))).toBe('/live/alice');
  });
});

describe('the badge', () => {
  it('shows nothing at zero, the count up to 99, then 99+', () => {
    expect([0, -1, 1, 42, 99, 100, 12_000].map(badgeText)).toEqual([null, null, '1', '42', '99', '99+', '99+']);
  });

  it('says the whole count to screen readers', () => {
    expect(bellLabel(0)).toBe('Notifications');
    expect(bellLabel(3)).toBe('Notifications, 3 unread');
    expect(bellLabel(250)).toBe('Notifications, 250 unread');
  });
});
