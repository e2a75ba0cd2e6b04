// Run with `node --test bench/`: the benchmark helpers are plain scripts outside the Vitest projects.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chunkRanges, firstSegment, lowestVariant, multipartFraming, tusMetadata } from './video.client.mjs';

describe('multipartFraming', () => {
  it('puts the fields first and the file part last, and counts every byte', () => {
    const { head, tail, length } = multipartFraming(
      'XyZ',
      { title: 'Clip' },
      { name: 'a.mp4', type: 'video/mp4', size: 5 },
    );
    assert.equal(
      head.toString(),
      '--XyZ\r\ncontent-disposition: form-data; name="title"\r\n\r\nClip\r\n' +
        '--XyZ\r\ncontent-disposition: form-data; name="file"; filename="a.mp4"\r\ncontent-type: video/mp4\r\n\r\n',
    );
    assert.equal(tail.toString(), '\r\n--XyZ--\r\n');
    assert.equal(length, head.length + 5 + tail.length);
  });
});

describe('tusMetadata', () => {
  it('encodes each value in base64, UTF-8 included', () => {
    assert.equal(tusMetadata({ filename: 'a.mp4', title: 'Été' }), 'filename YS5tcDQ=,title w4l0w6k=');
  });
});

describe('chunkRanges', () => {
  it('covers the file exactly, the last chunk short', () => {
    assert.deepEqual(chunkRanges(10, 4), [
      [0, 4],
      [4, 8],
      [8, 10],
    ]);
    assert.deepEqual(chunkRanges(8, 8), [[0, 8]]);
    assert.deepEqual(chunkRanges(3, 8), [[0, 3]]);
  });
});

describe('HLS playlists', () => {
  const master = [
    '#EXTM3U',
    '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="a",NAME="audio",URI="media_2.m3u8"',
    '#EXT-X-STREAM-INF:BANDWIDTH=5925270,RESOLUTION=1920x1080,CODECS="avc1.640028,mp4a.40.2",AUDIO="a"',
    'media_0.m3u8',
    '',
    '#EXT-X-STREAM-INF:BANDWIDTH=264492,RESOLUTION=426x240,CODECS="avc1.640015,mp4a.40.2",AUDIO="a"',
    'media_1.m3u8',
  ].join('\n');

  it('picks the variant with the lowest bandwidth, not the last or the audio one', () => {
    assert.equal(lowestVariant(master), 'media_1.m3u8');
    assert.equal(lowestVariant(master.replace('BANDWIDTH=264492', 'BANDWIDTH=99999999')), 'media_0.m3u8');
  });

  it('says when a master playlist has no variant', () => {
    assert.throws(() => lowestVariant('#EXTM3U\n'), /no variant/);
  });

  it('finds the init section and the first segment of a media playlist', () => {
    const media = [
      '#EXTM3U',
      '#EXT-X-MAP:URI="init-4.m4s"',
      '#EXTINF:4.000000,',
      '#EXT-X-PROGRAM-DATE-TIME:2026-11-26T15:25:21.000+0000',
      'seg-4-00001.m4s',
      '#EXTINF:2.000000,',
      'seg-4-00002.m4s',
      '#EXT-X-ENDLIST',
    ].join('\n');
    assert.deepEqual(firstSegment(media), { init: 'init-4.m4s', segment: 'seg-4-00001.m4s' });
    assert.deepEqual(firstSegment('#EXTM3U\n#EXTINF:4,\na.ts\n'), { init: null, segment: 'a.ts' });
  });
});
