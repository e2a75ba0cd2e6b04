import { describe, expect, it } from 'vitest';
import { channelListing, manages, maySee, mediaAccess, playbackFor, type VideoFacts } from './video.policy.js';

const OWNER = { userId: 'owner', roles: ['viewer', 'creator'] as const };
const OTHER = { userId: 'other', roles: ['viewer', 'creator'] as const };
const ADMIN = { userId: 'admin', roles: ['viewer', 'admin'] as const };
const video = (over: Partial<VideoFacts> = {}): VideoFacts => ({
  channelId: 'owner',
  visibility: 'public',
  status: 'ready',
  ...over,
});

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
    expect(maySee(video({ status: 'processing' }), OTHER)).toBe(false);
    expect(maySee(video({ status: 'failed' }), OWNER)).toBe(true);
  });

  it('signs playback unless the video is public, and gives none before it is ready', () => {
    expect(playbackFor(video(), undefined)).toBe('public');
    expect(playbackFor(video({ visibility: 'unlisted' }), undefined)).toBe('signed');
    expect(playbackFor(video({ visibility: 'private' }), OWNER)).toBe('signed');
    expect(playbackFor(video({ visibility: 'private' }), OTHER)).toBe('none');
    expect(playbackFor(video({ status: 'processing' }), OWNER)).toBe('none');
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
    expect(mediaAccess(video({ status: 'processing' }), null)).toBe('not_found');
  });

  it('lists everything of a channel only for its owner and admins', () => {
    expect(channelListing('Ada', { handle: 'ada', roles: ['creator'] })).toBe('all');
    expect(channelListing('ada', { handle: 'root', roles: ['admin'] })).toBe('all');
    expect(channelListing('ada', { handle: 'bob', roles: ['creator'] })).toBe('public');
    expect(channelListing('ada', undefined)).toBe('public');
  });
});
