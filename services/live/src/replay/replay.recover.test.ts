import { describe, expect, it } from 'vitest';
import { renditionsInFolder } from './replay.recover.js';

describe('renditionsInFolder', () => {
  it('finds each rendition with its init and numbered segments, video highest first, then the audio', () => {
    const files = [
      'll.m3u8',
      '360p/init.mp4',
      '360p/0.m4s',
      '360p/1.m4s',
      '360p/1.3.m4s',
      '720p/init.mp4',
      ...['0', '1', '2'].map((n) => `720p/${n}.m4s`),
      'audio/init.mp4',
      'audio/0.m4s',
      'audio/1.m4s',
    ];
    expect(renditionsInFolder(files)).toEqual([
      { name: '720p', kind: 'video', firstMsn: 0, lastMsn: 2 },
      { name: '360p', kind: 'video', firstMsn: 0, lastMsn: 1 },
      { name: 'audio', kind: 'audio', firstMsn: 0, lastMsn: 1 },
    ]);
  });

  it('stops a rendition at its first missing segment, leaves out one without an init, and needs a video', () => {
    expect(renditionsInFolder(['480p/init.mp4', '480p/4.m4s', '480p/5.m4s', '480p/7.m4s', '160p/0.m4s'])).toEqual([
      { name: '480p', kind: 'video', firstMsn: 4, lastMsn: 5 },
    ]);
    expect(renditionsInFolder(['audio/init.mp4', 'audio/0.m4s'])).toEqual([]);
    expect(renditionsInFolder(['notes/init.mp4', 'notes/0.m4s'])).toEqual([]);
  });
});
