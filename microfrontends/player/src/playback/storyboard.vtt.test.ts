import { describe, expect, it } from 'vitest';
import { cueAt, parseStoryboardVtt, parseTimestamp } from './storyboard.vtt.js';

const base = 'https://framecast.example/media/videos/v1/t/TOKEN/storyboard.vtt';

const vtt = `WEBVTT

00:00:00.000 --> 00:00:02.000
storyboard.jpg#xywh=0,0,160,90

00:00:02.000 --> 00:00:04.000
storyboard.jpg#xywh=160,0,160,90

1
00:00:04.000 --> 00:00:06.500
storyboard.jpg#xywh=0,90,160,90
`;

describe('parseTimestamp', () => {
  it('reads hours, minutes, seconds and milliseconds', () => {
    expect(parseTimestamp('01:02:03.500')).toBe(3723.5);
    expect(parseTimestamp('02:03.250')).toBe(123.25);
  });
  it('refuses anything else', () => {
    expect(parseTimestamp('1:2:3')).toBeNaN();
    expect(parseTimestamp('00:61:00.000')).toBeNaN();
  });
});

describe('parseStoryboardVtt', () => {
  it('reads each tile with its sprite resolved against the index (keeping the signed path)', () => {
    const cues = parseStoryboardVtt(vtt, base);
    expect(cues).toHaveLength(3);
    expect(cues[1]).toEqual({
      start: 2,
      end: 4,
      url: 'https://framecast.example/media/videos/v1/t/TOKEN/storyboard.jpg',
      x: 160,
      y: 0,
      width: 160,
      height: 90,
    });
    expect(cues[2]).toMatchObject({ start: 4, end: 6.5, x: 0, y: 90 });
  });
  it('accepts CRLF line ends and a byte order mark', () => {
    expect(parseStoryboardVtt(`\uFEFF${vtt.replaceAll('\n', '\r\n')}`, base)).toHaveLength(3);
  });
  it('skips cues without a fragment, with bad timings or an empty tile', () => {
    const text = `WEBVTT

00:00:00.000 --> 00:00:02.000
storyboard.jpg

00:00:03.000 --> 00:00:02.000
storyboard.jpg#xywh=0,0,160,90

00:00:04.000 --> 00:00:06.000
storyboard.jpg#xywh=0,0,0,90

00:00:06.000 --> 00:00:08.000
storyboard.jpg#xywh=0,0,160,90
`;
    expect(parseStoryboardVtt(text, base).map((c) => c.start)).toEqual([6]);
  });
  it('returns nothing for a file that is not WebVTT', () => {
    expect(parseStoryboardVtt('<html>not found</html>', base)).toEqual([]);
  });
});

describe('cueAt', () => {
  const cues = parseStoryboardVtt(vtt, base);
  it('finds the tile covering a time', () => {
    expect(cueAt(cues, 0)?.x).toBe(0);
    expect(cueAt(cues, 3.99)?.x).toBe(160);
    expect(cueAt(cues, 4)?.y).toBe(90);
  });
  it('finds nothing outside the tiles', () => {
    expect(cueAt(cues, 6.5)).toBeNull();
    expect(cueAt(cues, -1)).toBeNull();
    expect(cueAt([], 1)).toBeNull();
  });
});
