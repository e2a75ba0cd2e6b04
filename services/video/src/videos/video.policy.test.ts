import { describe, expect, it } from 'vitest';
import {
  channelListing,
  manages,
  maySee,
  mediaAccess,
  playbackFor,
  type VideoFacts,
  watchable,
} from './video.policy.js';

const OWNER = { userId: 'owner', roles: ['viewer', 'creator'] as const };
const OTHER = { userId: 'other', roles: ['viewer', 'creator'] as const };
const ADMIN = { userId: 'admin', roles: ['viewer', 'admin'] as const };
const video = (over: Partial<VideoFacts> = {}): VideoFacts => ({
  channelId: 'owner',
  visibility: 'public',
  status: 'ready',
  playable: true,
  ...over,
});
const early = { status: 'processing', playable: true } as const;
const waiting = { status: 'processing', playable: false } as const;

describe('video policy', () => {
  it('lets owners and admins manage, no one else', () => {
    expect(manages(video(), OWNER)).toBe(true);
    expect(manages(video(), ADMIN)).toBe(true);
    expect(manages(video(), OTHER)).toBe(false);
    expect(manages(video(), undefined)).toBe(false);
  });

  it('hides private and unfinished videos from others', () => {
    expect(maySee(video({ visibility: 'private' }), OTHER)).toBe(false);
    expect(maySee(video({ visibility: 'private' }), undefined)).toBe(false);
    expect(maySee(video({ visibility: 'private' }), OWNER)).toBe(true);
    expect(maySee(video({ visibility: 'private' }), ADMIN)).toBe(true);
    expect(maySee(video({ visibility: 'unlisted' }), undefined)).toBe(true);
    expect(maySee(video(waiting), OTHER)).toBe(false);
    expect(maySee(video(waiting), OWNER)).toBe(true);
    expect(maySee(video({ status: 'failed' }), OWNER)).toBe(true);
    expect(maySee(video({ status: 'failed' }), OTHER)).toBe(false);
  });

  it('shows a video whose first renditions play to those who could see it ready', () => {
    expect(watchable(video(early))).toBe(true);
    expect(watchable(video(waiting))).toBe(false);
    expect(watchable(video({ status: 'failed' }))).toBe(false);
    expect(watchable(video({ status: 'uploading', playable: false }))).toBe(false);
    expect(maySee(video(early), OTHER)).toBe(true);
    expect(maySee(video({ ...early, visibility: 'unlisted' }), undefined)).toBe(true);
    expect(maySee(video({ ...early, visibility: 'private' }), OTHER)).toBe(false);
  });

  it('signs playback unless the video is public, and gives none before it is ready', () => {
    expect(playbackFor(video(), undefined)).toBe('public');
    expect(playbackFor(video({ visibility: 'unlisted' }), undefined)).toBe('signed');
    expect(playbackFor(video({ visibility: 'private' }), OWNER)).toBe('signed');
    expect(playbackFor(video({ visibility: 'private' }), OTHER)).toBe('none');
    expect(playbackFor(video(waiting), OWNER)).toBe('none');
    expect(playbackFor(video({ status: 'failed' }), OWNER)).toBe('none');
    expect(playbackFor(video(early), OWNER)).toBe('public');
    expect(playbackFor(video(early), undefined)).toBe('public');
    expect(playbackFor(video({ ...early, visibility: 'unlisted' }), undefined)).toBe('signed');
    expect(playbackFor(video({ ...early, visibility: 'private' }), OTHER)).toBe('none');
  });

  it('serves media by visibility and token', () => {
    expect(mediaAccess(video(), null)).toBe('serve');
    expect(mediaAccess(video({ visibility: 'private' }), null)).toBe('not_found');
    expect(mediaAccess(video({ visibility: 'unlisted' }), null)).toBe('not_found');
    expect(mediaAccess(video({ visibility: 'private' }), 'valid')).toBe('serve');
    for (const verdict of ['expired', 'forged', 'malformed'] as const) {
      expect(mediaAccess(video({ visibility: 'private' }), verdict)).toBe('not_found');
      expect(mediaAccess(video(), verdict)).toBe('not_found');
    }
    expect(mediaAccess(null, 'valid')).toBe('not_found');
    expect(mediaAccess(video(waiting), null)).toBe('not_found');
    expect(mediaAccess(video({ status: 'failed' }), null)).toBe('not_found');
    expect(mediaAccess(video(early), null)).toBe('serve');
    expect(mediaAccess(video({ ...early, visibility: 'private' }), null)).toBe('not_found');
    expect(mediaAccess(video({ ...early, visibility: 'private' }), 'valid')).toBe('serve');
  });

  it('lists everything of a channel only for its owner and admins', () => {
    expect(channelListing('Ada', { handle: 'ada', roles: ['creator'] })).toBe('all');
    expect(channelListing('ada', { handle: 'root', roles: ['admin'] })).toBe('all');
    expect(channelListing('ada', { handle: 'bob', roles: ['creator'] })).toBe('public');
    expect(channelListing('ada', undefined)).toBe('public');
  });
});
