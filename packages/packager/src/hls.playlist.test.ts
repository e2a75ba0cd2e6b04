import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renderLowLatencyPlaylist, renderPlainPlaylist, skippableSegments } from './hls.playlist.js';
import { resolveLiveConfig } from './live.config.js';
import { type FragmentTiming, LiveTimeline } from './live.timeline.js';
import { lowLatencyProblems, parsePlaylist } from './testing/playlist.check.js';

const epoch = { wallclock: Date.UTC(2025, 0, 1, 12), mediaTime: 0 };
const config = resolveLiveConfig();

/** 30 fps video in 200 ms fragments, a keyframe each second: `count` fragments from the start. */
function videoTimeline(count: number, opts: { end?: boolean; config?: typeof config } = {}): LiveTimeline {
  const timeline = new LiveTimeline(15360, opts.config ?? config, epoch);
  for (let f = 0; f < count; f++) {
    const samples = Array.from({ length: 6 }, (_, i) => ({ duration: 512, sync: (f * 6 + i) % 30 === 0 }));
    timeline.push({ id: f, start: f * 3072, samples } satisfies FragmentTiming);
  }
  if (opts.end) timeline.end();
  return timeline;
}

describe('renderLowLatencyPlaylist', () => {
  it('lists segments with their parts, the open segment, a preload hint and the other renditions', () => {
    const playlist = renderLowLatencyPlaylist({
      timeline: videoTimeline(12),
      config,
      reports: [
        { rendition: '480p', lastMsn: 2, lastPart: 1 },
        { rendition: 'audio', lastMsn: 2, lastPart: 0 },
      ],
    });
    expect(playlist).toBe(`#EXTM3U
#EXT-X-VERSION:9
#EXT-X-TARGETDURATION:1
#EXT-X-SERVER-CONTROL:CAN-BLOCK-RELOAD=YES,CAN-SKIP-UNTIL=6,PART-HOLD-BACK=0.6
#EXT-X-PART-INF:PART-TARGET=0.2
#EXT-X-MEDIA-SEQUENCE:0
#EXT-X-MAP:URI="init.mp4"
#EXT-X-PROGRAM-DATE-TIME:2025-01-01T12:00:00.000Z
#EXT-X-PART:DURATION=0.20000,URI="0.0.m4s",INDEPENDENT=YES
#EXT-X-PART:DURATION=0.20000,URI="0.1.m4s"
#EXT-X-PART:DURATION=0.20000,URI="0.2.m4s"
#EXT-X-PART:DURATION=0.20000,URI="0.3.m4s"
#EXT-X-PART:DURATION=0.20000,URI="0.4.m4s"
#EXTINF:1.00000,
0.m4s
#EXT-X-PROGRAM-DATE-TIME:2025-01-01T12:00:01.000Z
#EXT-X-PART:DURATION=0.20000,URI="1.0.m4s",INDEPENDENT=YES
#EXT-X-PART:DURATION=0.20000,URI="1.1.m4s"
#EXT-X-PART:DURATION=0.20000,URI="1.2.m4s"
#EXT-X-PART:DURATION=0.20000,URI="1.3.m4s"
#EXT-X-PART:DURATION=0.20000,URI="1.4.m4s"
#EXTINF:1.00000,
1.m4s
#EXT-X-PROGRAM-DATE-TIME:2025-01-01T12:00:02.000Z
#EXT-X-PART:DURATION=0.20000,URI="2.0.m4s",INDEPENDENT=YES
#EXT-X-PART:DURATION=0.20000,URI="2.1.m4s"
#EXT-X-PRELOAD-HINT:TYPE=PART,URI="2.2.m4s"
#EXT-X-RENDITION-REPORT:URI="../480p/ll.m3u8",LAST-MSN=2,LAST-PART=1
#EXT-X-RENDITION-REPORT:URI="../audio/ll.m3u8",LAST-MSN=2,LAST-PART=0
`);
  });

  it('lists older segments whole, and a delta update skips those ending CAN-SKIP-UNTIL before the edge', () => {
    const timeline = videoTimeline(50);
    const full = renderLowLatencyPlaylist({ timeline, config });
    // 10 s: segments 0–9 finished, parts listed for those ending after 7 s.
    expect(full.match(/^#EXT-X-PART:.*URI="(\d+)\.0\.m4s"/gm)).toEqual([
      '#EXT-X-PART:DURATION=0.20000,URI="7.0.m4s"',
      '#EXT-X-PART:DURATION=0.20000,URI="8.0.m4s"',
      '#EXT-X-PART:DURATION=0.20000,URI="9.0.m4s"',
    ]);
    // Segment 9 is open with its five parts: the next part is the first of segment 10, at the keyframe.
    expect(full).toContain('#EXT-X-PRELOAD-HINT:TYPE=PART,URI="10.0.m4s"');
    expect(skippableSegments(timeline, 6)).toBe(4);
    const delta = renderLowLatencyPlaylist({ timeline, config, skip: true });
    expect(delta).toContain(
      '#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-MAP:URI="init.mp4"\n#EXT-X-SKIP:SKIPPED-SEGMENTS=4\n#EXT-X-PROGRAM-DATE-TIME:2025-01-01T12:00:04.000Z\n',
    );
    expect(delta).not.toContain('\n3.m4s');
    expect(delta).toContain('\n4.m4s');
    // Nothing to skip: a delta request gets the full playlist.
    expect(renderLowLatencyPlaylist({ timeline: videoTimeline(20), config, skip: true })).not.toContain('EXT-X-SKIP');
  });

  it('ends with EXT-X-ENDLIST and no preload hint once the stream ended', () => {
    const playlist = renderLowLatencyPlaylist({ timeline: videoTimeline(7, { end: true }), config });
    expect(playlist.endsWith('#EXTINF:0.40000,\n1.m4s\n#EXT-X-ENDLIST\n')).toBe(true);
    expect(playlist).not.toContain('PRELOAD-HINT');
  });

  it('starts with the open segment before any segment has finished, and keeps MEDIA-SEQUENCE on the window', () => {
    expect(renderLowLatencyPlaylist({ timeline: videoTimeline(1), config })).toContain(
      '#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-MAP:URI="init.mp4"\n#EXT-X-PROGRAM-DATE-TIME:2025-01-01T12:00:00.000Z\n#EXT-X-PART:DURATION=0.20000,URI="0.0.m4s",INDEPENDENT=YES\n#EXT-X-PRELOAD-HINT:TYPE=PART,URI="0.1.m4s"\n',
    );
    const small = resolveLiveConfig({ dvrWindow: 6 });
    const trimmed = renderLowLatencyPlaylist({ timeline: videoTimeline(60, { config: small }), config: small });
    expect(trimmed).toContain('#EXT-X-MEDIA-SEQUENCE:5\n');
    expect(trimmed.match(/^#EXTINF/gm)).toHaveLength(6);
  });
});

describe('renderPlainPlaylist', () => {
  it('lists the same segments without parts', () => {
    expect(renderPlainPlaylist({ timeline: videoTimeline(12, { end: true }), config })).toBe(`#EXTM3U
#EXT-X-VERSION:7
#EXT-X-TARGETDURATION:1
#EXT-X-MEDIA-SEQUENCE:0
#EXT-X-MAP:URI="init.mp4"
#EXT-X-PROGRAM-DATE-TIME:2025-01-01T12:00:00.000Z
#EXTINF:1.00000,
0.m4s
#EXT-X-PROGRAM-DATE-TIME:2025-01-01T12:00:01.000Z
#EXTINF:1.00000,
1.m4s
#EXT-X-PROGRAM-DATE-TIME:2025-01-01T12:00:02.000Z
#EXTINF:0.40000,
2.m4s
#EXT-X-ENDLIST
`);
  });
});

describe('rendered LL-HLS playlists', () => {
  it('keep the rules for any frame rate, fragment length, part target and window, full or delta', () => {
    fc.assert(
      fc.property(
        fc.record({
          timescale: fc.constantFrom(15360, 48000, 90000),
          fps: fc.constantFrom(24, 25, 29.97, 30, 46.875, 60),
          perFragment: fc.integer({ min: 1, max: 20 }),
          partTarget: fc.constantFrom(0.2, 0.25, 0.333, 0.5),
          fragments: fc.integer({ min: 1, max: 150 }),
          skip: fc.boolean(),
        }),
        (p) => {
          const cfg = resolveLiveConfig({ partTarget: p.partTarget, dvrWindow: 8, partWindow: 3 });
          const duration = Math.round(p.timescale / p.fps);
          const timeline = new LiveTimeline(p.timescale, cfg, epoch);
          for (let f = 0; f < p.fragments; f++) {
            const samples = Array.from({ length: p.perFragment }, (_, i) => ({
              duration,
              sync: (f * p.perFragment + i) % Math.round(p.fps) === 0,
            }));
            timeline.push({ id: f, start: f * p.perFragment * duration, samples });
          }
          const parsed = parsePlaylist(renderLowLatencyPlaylist({ timeline, config: cfg, skip: p.skip }));
          // A single sample longer than the target is a part of its own: the only allowed excess.
          const tooLong = duration / p.timescale > p.partTarget;
          expect(lowLatencyProblems(parsed).filter((m) => !(tooLong && m.includes('longer')))).toEqual([]);
          expect(parsed.segments.length + parsed.skipped).toBe(timeline.segments.length);
        },
      ),
      { numRuns: 150 },
    );
  });
});
