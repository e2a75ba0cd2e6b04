// Run with `node --test bench/`: the benchmark helpers are plain scripts outside the Vitest projects.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  newMedia,
  nextDirectives,
  parseMediaPlaylist,
  parseMultivariant,
  plainReloadMs,
  withDirectives,
} from './live.hls.mjs';

/** Our LL-HLS playlist's shape (`renderLowLatencyPlaylist`): segment 7 whole, 8 with its parts, 9 open. */
const OURS = `#EXTM3U
#EXT-X-VERSION:9
#EXT-X-TARGETDURATION:2
#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,CAN-SKIP-UNTIL=12,PART-HOLD-BACK=0.6
#EXT-X-PART-INF:PART-TARGET=0.2
#EXT-X-MEDIA-SEQUENCE:7
#EXT-X-MAP:URI="init.mp4"
#EXT-X-PROGRAM-DATE-TIME:2026-12-01T10:00:00.000Z
#EXTINF:2.00000,
7.m4s
#EXT-X-PROGRAM-DATE-TIME:2026-12-01T10:00:02.000Z
#EXT-X-PART:DURATION=0.20000,URI="8.0.m4s",INDEPENDENT=YES
#EXT-X-PART:DURATION=0.20000,URI="8.1.m4s"
#EXTINF:2.00000,
8.m4s
#EXT-X-PROGRAM-DATE-TIME:2026-12-01T10:00:04.000Z
#EXT-X-PART:DURATION=0.20000,URI="9.0.m4s",INDEPENDENT=YES
#EXT-X-PART:DURATION=0.16667,URI="9.1.m4s"
#EXT-X-PRELOAD-HINT:TYPE=PART,URI="9.2.m4s"
#EXT-X-RENDITION-REPORT:URI="../480p/ll.m3u8",LAST-MSN=9,LAST-PART=1
`;

/** FFmpeg's HLS muxer with `program_date_time`: the date after `EXTINF`. */
const FFMPEG = `#EXTM3U
#EXT-X-VERSION:6
#EXT-X-TARGETDURATION:2
#EXT-X-MEDIA-SEQUENCE:3
#EXTINF:2.000000,
#EXT-X-PROGRAM-DATE-TIME:2026-12-01T10:00:06.000+0000
s1-3-00003.ts
#EXTINF:1.966667,
#EXT-X-PROGRAM-DATE-TIME:2026-12-01T10:00:08.000+0000
s1-3-00004.ts
`;

const at = (iso) => Date.parse(iso);

describe('parseMediaPlaylist', () => {
  it('reads segments, their parts and the open segment, and where the edge is', () => {
    const p = parseMediaPlaylist(OURS);
    assert.deepEqual(
      p.segments.map((s) => [s.msn, s.duration, s.uri, s.parts.length]),
      [
        [7, 2, '7.m4s', 0],
        [8, 2, '8.m4s', 2],
      ],
    );
    assert.deepEqual(
      p.open.parts.map((x) => [x.msn, x.index, x.uri]),
      [
        [9, 0, '9.0.m4s'],
        [9, 1, '9.1.m4s'],
      ],
    );
    assert.deepEqual([p.lastPart.msn, p.lastPart.index], [9, 1]);
    assert.equal(p.canBlockReload, true);
    assert.equal(p.canSkipUntil, 12);
    assert.equal(p.partTarget, 0.2);
    assert.equal(p.targetDuration, 2);
    assert.equal(Math.round(p.edgeMs), at('2026-12-01T10:00:04.000Z') + 367);
  });

  it('counts skipped segments of a delta update into the sequence numbers', () => {
    const delta = OURS.replace(
      '#EXT-X-MAP:URI="init.mp4"\n',
      '#EXT-X-MAP:URI="init.mp4"\n#EXT-X-SKIP:SKIPPED-SEGMENTS=1\n',
    ).replace('#EXT-X-PROGRAM-DATE-TIME:2026-12-01T10:00:00.000Z\n#EXTINF:2.00000,\n7.m4s\n', '');
    const p = parseMediaPlaylist(delta);
    assert.deepEqual(
      p.segments.map((s) => s.msn),
      [8],
    );
    assert.equal(p.open.msn, 9);
  });

  it("takes the edge from the last finished segment when nothing is open, whichever line comes first (FFmpeg's)", () => {
    const p = parseMediaPlaylist(FFMPEG);
    assert.deepEqual(
      p.segments.map((s) => s.msn),
      [3, 4],
    );
    assert.equal(p.open, null);
    assert.equal(Math.round(p.edgeMs), at('2026-12-01T10:00:08.000Z') + 1967);
    assert.equal(parseMediaPlaylist(FFMPEG.replaceAll(/#EXT-X-PROGRAM-DATE-TIME:.*\n/g, '')).edgeMs, null);
  });
});

describe('nextDirectives', () => {
  it('asks for the part after the last one listed', () => {
    assert.deepEqual(nextDirectives(parseMediaPlaylist(OURS)), { msn: 9, part: 2 });
  });

  it('asks for part 0 of the next segment when the last part closed its segment', () => {
    const closed = OURS.slice(0, OURS.indexOf('#EXT-X-PROGRAM-DATE-TIME:2026-12-01T10:00:04'));
    assert.deepEqual(nextDirectives(parseMediaPlaylist(closed)), { msn: 9, part: 0 });
  });

  it('asks for the next segment of a playlist without parts', () => {
    assert.deepEqual(nextDirectives(parseMediaPlaylist(FFMPEG)), { msn: 5, part: null });
  });
});

describe('withDirectives', () => {
  it('writes the directives in order and replaces earlier ones', () => {
    const url = 'http://h/media/live/s/720p/ll.m3u8?_HLS_msn=1&_HLS_part=0';
    assert.equal(
      withDirectives(url, { msn: 9, part: 2 }, { skip: true }),
      'http://h/media/live/s/720p/ll.m3u8?_HLS_msn=9&_HLS_part=2&_HLS_skip=YES',
    );
    assert.equal(withDirectives(url, { msn: 5, part: null }), 'http://h/media/live/s/720p/ll.m3u8?_HLS_msn=5');
  });
});

describe('plainReloadMs', () => {
  it("waits the last segment's duration after a change, half the target duration after none", () => {
    const p = parseMediaPlaylist(FFMPEG);
    assert.equal(plainReloadMs(p, true), 1967);
    assert.equal(plainReloadMs(p, false), 1000);
    assert.equal(plainReloadMs(parseMediaPlaylist(FFMPEG.replace('1.966667', '2.500000')), true), 2000);
  });
});

describe('newMedia', () => {
  const p = parseMediaPlaylist(OURS);

  it('joins at the newest part or segment', () => {
    assert.deepEqual(
      newMedia(p, null, 'll').map((x) => x.uri),
      ['9.1.m4s'],
    );
    assert.deepEqual(
      newMedia(parseMediaPlaylist(FFMPEG), null, 'plain').map((x) => x.uri),
      ['s1-3-00004.ts'],
    );
  });

  it('then takes what comes after what it already has, in order', () => {
    assert.deepEqual(
      newMedia(p, { msn: 8, index: 1 }, 'll').map((x) => x.uri),
      ['9.0.m4s', '9.1.m4s'],
    );
    assert.deepEqual(newMedia(p, { msn: 9, index: 1 }, 'll'), []);
    assert.deepEqual(
      newMedia(parseMediaPlaylist(FFMPEG), { msn: 3 }, 'plain').map((x) => x.msn),
      [4],
    );
  });
});

describe('parseMultivariant', () => {
  it('resolves each variant against the playlist and reads its size and bandwidth', () => {
    const text = `#EXTM3U
#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="aud",NAME="audio",URI="audio/ll.m3u8"
#EXT-X-STREAM-INF:BANDWIDTH=3300000,RESOLUTION=1280x720,CODECS="avc1.64001f,mp4a.40.2",AUDIO="aud"
720p/ll.m3u8
#EXT-X-STREAM-INF:BANDWIDTH=400000,RESOLUTION=284x160,AUDIO="aud"
160p/ll.m3u8
`;
    assert.deepEqual(parseMultivariant(text, 'http://h/media/live/s/ll.m3u8'), [
      { bandwidth: 3_300_000, width: 1280, height: 720, url: 'http://h/media/live/s/720p/ll.m3u8' },
      { bandwidth: 400_000, width: 284, height: 160, url: 'http://h/media/live/s/160p/ll.m3u8' },
    ]);
  });
});
