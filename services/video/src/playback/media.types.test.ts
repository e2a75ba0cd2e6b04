import { describe, expect, it } from 'vitest';
import { cacheControl, mediaType } from './media.types.js';

describe('mediaType', () => {
  it('knows each output', () => {
    expect(mediaType('media/master.m3u8')?.type).toBe('application/vnd.apple.mpegurl');
    expect(mediaType('media/manifest.mpd')?.type).toBe('application/dash+xml');
    expect(mediaType('media/720p/seg_1.m4s')?.type).toBe('video/iso.segment');
    expect(mediaType('media/720p/init.mp4')?.type).toBe('video/mp4');
    expect(mediaType('poster.jpg')?.type).toBe('image/jpeg');
    expect(mediaType('storyboard.vtt')?.type).toMatch(/^text\/vtt/);
    expect(mediaType('media/x.M3U8')?.kind).toBe('playlist');
  });

  it('refuses anything else', () => {
    expect(mediaType('original')).toBeNull();
    expect(mediaType('media/x.html')).toBeNull();
    expect(mediaType('media/x.js')).toBeNull();
  });
});

describe('cacheControl', () => {
  it('keeps public segments forever and manifests briefly', () => {
    expect(cacheControl('segment', false)).toBe('public, max-age=31536000, immutable');
    expect(cacheControl('playlist', false)).toBe('public, max-age=30');
    expect(cacheControl('segment', true)).toMatch(/^private/);
    expect(cacheControl('manifest', true)).toMatch(/^private/);
  });

  it('revalidates manifests every time while the rest of the ladder is processing, never segments', () => {
    expect(cacheControl('playlist', false, true)).toBe('public, no-cache');
    expect(cacheControl('manifest', true, true)).toBe('private, no-cache');
    expect(cacheControl('segment', false, true)).toBe('public, max-age=31536000, immutable');
    expect(cacheControl('image', true, true)).toBe('private, max-age=3600');
  });
});
