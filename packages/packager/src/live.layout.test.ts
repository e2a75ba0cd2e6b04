import { describe, expect, it } from 'vitest';
import { liveLayout, parseLivePath } from './live.layout.js';

describe('parseLivePath', () => {
  it('names every file the layout writes', () => {
    expect(parseLivePath(liveLayout.llMultivariant)).toEqual({ type: 'multivariant', lowLatency: true });
    expect(parseLivePath(liveLayout.multivariant)).toEqual({ type: 'multivariant', lowLatency: false });
    expect(parseLivePath(liveLayout.mpd)).toEqual({ type: 'mpd' });
    expect(parseLivePath(liveLayout.llPlaylist('720p'))).toEqual({
      type: 'playlist',
      rendition: '720p',
      lowLatency: true,
    });
    expect(parseLivePath(liveLayout.playlist('720p'))).toEqual({
      type: 'playlist',
      rendition: '720p',
      lowLatency: false,
    });
    expect(parseLivePath(liveLayout.init('audio'))).toEqual({ type: 'init', rendition: 'audio' });
    expect(parseLivePath(liveLayout.segment('480p', 12))).toEqual({ type: 'segment', rendition: '480p', msn: 12 });
    expect(parseLivePath(liveLayout.part('480p', 12, 3))).toEqual({
      type: 'part',
      rendition: '480p',
      msn: 12,
      index: 3,
    });
  });

  it('refuses anything else', () => {
    for (const path of [
      '',
      'x.m3u8',
      '../720p/ll.m3u8',
      '720p/01.m4s',
      '720p/1.2.3.m4s',
      '720p/-1.m4s',
      '7 20p/1.m4s',
      '720p/a/1.m4s',
    ]) {
      expect(parseLivePath(path), path).toBeNull();
    }
  });
});
