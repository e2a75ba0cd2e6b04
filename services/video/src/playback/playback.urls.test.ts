import { describe, expect, it } from 'vitest';
import { playbackUrls } from './playback.urls.js';

const outputs = { hls: 'media/master.m3u8', dash: 'media/manifest.mpd', poster: 'poster.jpg', storyboard: null };

describe('playbackUrls', () => {
  it('puts the token in the path of every URL of a signed video', () => {
    const urls = playbackUrls(
      'v1',
      { ...outputs, thumbnail: 'thumbnail.jpg' },
      {
        token: 'tok',
        expiresAt: new Date('2026-06-10T14:00:00Z'),
      },
    );
    expect(urls).toEqual({
      hls: '/media/videos/v1/t/tok/media/master.m3u8',
      dash: '/media/videos/v1/t/tok/media/manifest.mpd',
      poster: '/media/videos/v1/t/tok/poster.jpg',
      thumbnail: '/media/videos/v1/t/tok/thumbnail.jpg',
      storyboard: null,
      expiresAt: '2026-06-10T14:00:00.000Z',
    });
  });

  it('shows the poster as the thumbnail of a video processed before thumbnails existed', () => {
    expect(playbackUrls('v2', outputs, null)).toMatchObject({
      poster: '/media/videos/v2/poster.jpg',
      thumbnail: '/media/videos/v2/poster.jpg',
      expiresAt: null,
    });
  });
});
