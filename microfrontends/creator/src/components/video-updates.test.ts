import type { Video, VideoNotice } from '@framecast/client';
import { describe, expect, it } from 'vitest';
import { applyNotice } from './video-updates.hook.js';

const listed: Video = {
  id: 'v1',
  channel: { id: 'u1', handle: 'ada' },
  title: 'A clip',
  description: '',
  tags: [],
  category: null,
  language: null,
  visibility: 'public',
  status: 'processing',
  failureReason: null,
  progress: 10,
  duration: null,
  width: null,
  height: null,
  renditions: [],
  size: 1000,
  views: 0,
  createdAt: '2026-12-01T12:00:00.000Z',
  publishedAt: null,
};
const low = { name: '240p', width: 426, height: 240, bitrate: 400_000, codecs: 'avc1.64000d' };
const notice = (video: Partial<VideoNotice['video']>): VideoNotice => ({
  kind: 'video',
  videoId: 'v1',
  video: { status: 'processing', progress: 10, stage: 'transcoding', renditions: [], failureReason: null, ...video },
});

describe('applyNotice', () => {
  it('moves progress in place, without fetching', () => {
    expect(applyNotice(listed, notice({ progress: 37 }))).toEqual({
      video: { ...listed, progress: 37 },
      refetch: false,
    });
  });

  it('fetches again when renditions arrive or the status changes, for the URLs they bring', () => {
    expect(applyNotice(listed, notice({ renditions: [low] })).refetch).toBe(true);
    expect(applyNotice(listed, notice({ status: 'ready', progress: 100, renditions: [low] }))).toMatchObject({
      video: { status: 'ready', progress: 100 },
      refetch: true,
    });
    expect(applyNotice(listed, notice({ status: 'failed', failureReason: 'Not a video.' }))).toMatchObject({
      video: { status: 'failed', failureReason: 'Not a video.' },
      refetch: true,
    });
  });
});
