import { describe, expect, it } from 'vitest';
import { withoutTrailingSliver } from './hls.sliver.js';

// FFmpeg's own audio playlist of an 8 s video in 4 s segments.
const EIGHT_SECONDS = `#EXTM3U
#EXT-X-VERSION:6
#EXT-X-TARGETDURATION:4
#EXT-X-MEDIA-SEQUENCE:1
#EXT-X-MAP:URI="init-1.m4s"
#EXTINF:3.946667,
#EXT-X-PROGRAM-DATE-TIME:2026-12-01T21:56:57.000+0000
seg-1-00001.m4s
#EXTINF:4.032000,
#EXT-X-PROGRAM-DATE-TIME:2026-12-01T21:57:00.947+0000
seg-1-00002.m4s
#EXTINF:0.021333,
#EXT-X-PROGRAM-DATE-TIME:2026-12-01T21:57:04.979+0000
seg-1-00003.m4s
#EXT-X-ENDLIST
`;

describe('a trailing sliver', () => {
  it('is dropped from a finished playlist, with its tags, and nothing else', () => {
    const trimmed = withoutTrailingSliver(EIGHT_SECONDS);
    expect(trimmed).not.toContain('seg-1-00003.m4s');
    expect(trimmed).not.toContain('0.021333');
    expect(trimmed).not.toContain('21:57:04.979');
    expect(trimmed.match(/#EXTINF:/g)).toHaveLength(2);
    expect(trimmed).toContain('seg-1-00002.m4s\n#EXT-X-ENDLIST\n');
  });

  it('stays when the last segment is long enough, the playlist is live, or it is the only segment', () => {
    const long = EIGHT_SECONDS.replace('#EXTINF:0.021333,', '#EXTINF:0.250000,');
    expect(withoutTrailingSliver(long)).toBe(long);
    const live = EIGHT_SECONDS.replace('#EXT-X-ENDLIST\n', '');
    expect(withoutTrailingSliver(live)).toBe(live);
    const single = '#EXTM3U\n#EXTINF:0.05,\nonly.m4s\n#EXT-X-ENDLIST\n';
    expect(withoutTrailingSliver(single)).toBe(single);
  });
});
