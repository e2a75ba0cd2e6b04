import { describe, expect, it } from 'vitest';
import { parseMediaPath } from './media.path.js';

const TOKEN = `1700000000.${'A'.repeat(43)}`;

describe('parseMediaPath', () => {
  it('accepts the outputs', () => {
    expect(parseMediaPath('media/master.m3u8')).toEqual({ token: null, file: 'media/master.m3u8' });
    expect(parseMediaPath('media/720p/seg_00001.m4s')).toEqual({ token: null, file: 'media/720p/seg_00001.m4s' });
    expect(parseMediaPath('poster.jpg')).toEqual({ token: null, file: 'poster.jpg' });
    expect(parseMediaPath('thumbnail.jpg')).toEqual({ token: null, file: 'thumbnail.jpg' });
    expect(parseMediaPath('storyboard.vtt')).toEqual({ token: null, file: 'storyboard.vtt' });
  });

  it('takes the token from the path', () => {
    expect(parseMediaPath(`t/${TOKEN}/media/manifest.mpd`)).toEqual({ token: TOKEN, file: 'media/manifest.mpd' });
    expect(parseMediaPath('t/not-a-token/media/manifest.mpd')).toBeNull();
    expect(parseMediaPath(`t/${TOKEN}`)).toBeNull();
  });

  it('never serves the original or other files', () => {
    for (const p of ['original', 'secret.txt', 'media', 'media/', 't', '']) expect(parseMediaPath(p)).toBeNull();
  });

  it('rejects traversal, absolute and odd paths', () => {
    for (const p of [
      '../original',
      'media/../original',
      'media/../../users/x',
      '/etc/passwd',
      'media//master.m3u8',
      'media/.hidden',
      'media/%2e%2e/original',
      'media\\..\\original',
      'media/a\0b',
      `t/${TOKEN}/../original`,
      'media/a/b/c/d/e/f.m4s',
      `media/${'a'.repeat(600)}`,
    ]) {
      expect(parseMediaPath(p), p).toBeNull();
    }
  });
});
