import { describe, expect, it } from 'vitest';
import {
  bellsHearing,
  channelAnnouncement,
  fanoutBatches,
  followNotice,
  mentionNotice,
  toItem,
} from './notice.plan.js';

const channelId = '00000000-0000-4000-8000-000000000001';
const fanId = '00000000-0000-4000-8000-000000000002';

describe('planning notifications', () => {
  it('cuts a fan-out into ranges ending at each boundary, the last one open', () => {
    const announcement = channelAnnouncement({
      id: 'e1',
      type: 'stream.started',
      payload: { sessionId: 's1', channelId, channelHandle: 'ada', title: 'Hi', startedAt: '2026-12-01T10:00:00.000Z' },
    })!;
    expect(fanoutBatches(announcement, []).map((j) => [j.after, j.upTo])).toEqual([[null, null]]);
    expect(fanoutBatches(announcement, ['b', 'd']).map((j) => [j.after, j.upTo])).toEqual([
      [null, 'b'],
      ['b', 'd'],
      ['d', null],
    ]);
    expect(fanoutBatches(announcement, ['b'])[0]).toEqual({
      eventId: 'e1',
      kind: 'live',
      channelId,
      channelHandle: 'ada',
      subjectId: 's1',
      title: 'Hi',
      at: '2026-12-01T10:00:00.000Z',
      after: null,
      upTo: 'b',
    });
  });

  it('announces only public videos, and a bell set to live hears only streams', () => {
    const video = (visibility: 'public' | 'unlisted' | 'private') =>
      channelAnnouncement({
        id: 'e2',
        type: 'video.ready',
        occurredAt: '2026-12-01T10:00:00.000Z',
        payload: {
          videoId: 'v1',
          channelId,
          channelHandle: 'ada',
          title: 'Bread',
          visibility,
          duration: 3,
          renditions: [],
        },
      });
    expect(video('public')).toMatchObject({ kind: 'video', subjectId: 'v1', title: 'Bread' });
    expect(video('unlisted')).toBeNull();
    expect(video('private')).toBeNull();
    expect(bellsHearing('live')).toEqual(['all', 'live']);
    expect(bellsHearing('video')).toEqual(['all']);
  });

  it('never tells anyone of their own action', () => {
    const occurredAt = '2026-12-01T10:00:00.000Z';
    expect(
      followNotice({
        id: 'e3',
        occurredAt,
        payload: { followerId: channelId, followerHandle: 'ada', channelId, channelHandle: 'ada' },
      }),
    ).toBeNull();
    expect(
      followNotice({
        id: 'e3',
        occurredAt,
        payload: { followerId: fanId, followerHandle: 'bo', channelId, channelHandle: 'ada' },
      }),
    ).toMatchObject({ userId: channelId, kind: 'follow', channelId: fanId, channelHandle: 'bo' });
    const mention = {
      channelId,
      channelHandle: 'ada',
      messageId: '9',
      fromUserId: fanId,
      fromHandle: 'bo',
      mentionedUserId: fanId,
      mentionedHandle: 'bo',
      excerpt: '@bo',
      sentAt: occurredAt,
    };
    expect(mentionNotice({ id: 'e4', payload: mention })).toBeNull();
    expect(mentionNotice({ id: 'e4', payload: { ...mention, mentionedUserId: channelId } })).toMatchObject({
      userId: channelId,
      subject: { mention: { messageId: '9', excerpt: '@bo', from: { id: fanId, handle: 'bo' } } },
    });
  });

  it('shows a stored notification with only the member of its kind', () => {
    const item = toItem({
      id: 'n1',
      kind: 'video',
      created_at: new Date('2026-12-01T10:00:00.000Z'),
      read_at: null,
      channel_id: channelId,
      channel_handle: 'ada',
      subject: { video: { id: 'v1', title: 'Bread' } },
    });
    expect(item).toEqual({
      id: 'n1',
      kind: 'video',
      createdAt: '2026-12-01T10:00:00.000Z',
      readAt: null,
      channel: { id: channelId, handle: 'ada' },
      stream: null,
      video: { id: 'v1', title: 'Bread' },
      mention: null,
    });
  });
});
