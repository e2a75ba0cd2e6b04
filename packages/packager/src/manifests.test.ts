import { describe, expect, it } from 'vitest';
import { renderMpd, segmentTimeline } from './dash.mpd.js';
import { renderMultivariant } from './hls.multivariant.js';
import { resolveLiveConfig } from './live.config.js';
import { LiveTimeline, type Segment } from './live.timeline.js';
import { BitrateMeter, frameRateOf, type RenditionInfo, typicalDuration } from './rendition.info.js';

const config = resolveLiveConfig();
const epoch = { wallclock: Date.UTC(2025, 0, 1, 12), mediaTime: 0 };

const video = (name: string, width: number, height: number, peak: number, codec = 'avc1.64001f'): RenditionInfo => ({
  name,
  init: {
    kind: 'video',
    codec,
    width,
    height,
    sar: null,
    sampleRate: null,
    channels: null,
    language: 'und',
    timescale: 15360,
  },
  frameRate: { num: 30, den: 1 },
  peakBitrate: peak,
  averageBitrate: peak - 100_000,
});
const audio: RenditionInfo = {
  name: 'audio',
  init: {
    kind: 'audio',
    codec: 'mp4a.40.2',
    width: null,
    height: null,
    sar: null,
    sampleRate: 48000,
    channels: 2,
    language: 'und',
    timescale: 48000,
  },
  frameRate: null,
  peakBitrate: 130_000,
  averageBitrate: 128_000,
};

function timeline(timescale: number, sampleDuration: number, perFragment: number, fragments: number, end: boolean) {
  const t = new LiveTimeline(timescale, config, epoch);
  const gop = Math.round(timescale / sampleDuration);
  for (let f = 0; f < fragments; f++) {
    const samples = Array.from({ length: perFragment }, (_, i) => ({
      duration: sampleDuration,
      sync: (f * perFragment + i) % gop === 0 || timescale === 48000,
    }));
    t.push({ id: f, start: f * perFragment * sampleDuration, samples });
  }
  if (end) t.end();
  return t;
}

describe('renderMultivariant', () => {
  it('lists the video variants largest first with the audio group, pointing at LL or plain playlists', () => {
    const renditions = [video('360p', 640, 360, 900_000, 'avc1.64001e'), video('720p', 1280, 720, 3_000_000), audio];
    expect(renderMultivariant(renditions, { lowLatency: true })).toBe(`#EXTM3U
#EXT-X-VERSION:7
#EXT-X-INDEPENDENT-SEGMENTS
#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="audio",NAME="audio",DEFAULT=YES,AUTOSELECT=YES,CHANNELS="2",URI="audio/ll.m3u8"
#EXT-X-STREAM-INF:BANDWIDTH=3130000,AVERAGE-BANDWIDTH=3028000,CODECS="avc1.64001f,mp4a.40.2",RESOLUTION=1280x720,FRAME-RATE=30.000,AUDIO="audio"
720p/ll.m3u8
#EXT-X-STREAM-INF:BANDWIDTH=1030000,AVERAGE-BANDWIDTH=928000,CODECS="avc1.64001e,mp4a.40.2",RESOLUTION=640x360,FRAME-RATE=30.000,AUDIO="audio"
360p/ll.m3u8
`);
    expect(renderMultivariant(renditions, { lowLatency: false })).toContain('\n720p/index.m3u8\n');
  });

  it('makes each audio rendition a variant when there is no video', () => {
    expect(renderMultivariant([audio], { lowLatency: true })).toBe(
      '#EXTM3U\n#EXT-X-VERSION:7\n#EXT-X-INDEPENDENT-SEGMENTS\n#EXT-X-STREAM-INF:BANDWIDTH=130000,AVERAGE-BANDWIDTH=128000,CODECS="mp4a.40.2"\naudio/ll.m3u8\n',
    );
  });
});

describe('renderMpd', () => {
  it('is low-latency dynamic while live: the segment being written and the next announced, chunks available early', () => {
    const mpd = renderMpd({
      renditions: [
        // 3.2 s of video: segments 0–2 finished, 3 open (0.2 s written); 3.456 s of audio, 3 open likewise.
        { info: video('720p', 1280, 720, 3_000_000), timeline: timeline(15360, 512, 6, 16, false) },
        { info: audio, timeline: timeline(48000, 1024, 9, 18, false) },
      ],
      config,
      epoch,
      now: epoch.wallclock + 3500,
      clockUrl: '/api/live/time',
    });
    expect(mpd).toBe(`<?xml version="1.0" encoding="utf-8"?>
<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" profiles="urn:mpeg:dash:profile:isoff-live:2011,http://www.dashif.org/guidelines/low-latency-live-v5" type="dynamic" availabilityStartTime="2025-01-01T12:00:00.000Z" publishTime="2025-01-01T12:00:03.500Z" minimumUpdatePeriod="PT1S" timeShiftBufferDepth="PT7200S" suggestedPresentationDelay="PT3S" maxSegmentDuration="PT1S" minBufferTime="PT1S">
  <ServiceDescription id="0">
    <Latency target="1600" min="600" max="3000"/>
    <PlaybackRate min="0.96" max="1.25"/>
  </ServiceDescription>
  <Period id="0" start="PT0S">
    <AdaptationSet id="0" contentType="video" mimeType="video/mp4" segmentAlignment="true" startWithSAP="1" maxWidth="1280" maxHeight="720" maxFrameRate="30">
      <Representation id="720p" codecs="avc1.64001f" bandwidth="3000000" width="1280" height="720" frameRate="30">
        <SegmentTemplate timescale="15360" initialization="720p/init.mp4" media="720p/$Number$.m4s" startNumber="0" availabilityTimeOffset="0.8" availabilityTimeComplete="false">
          <SegmentTimeline>
            <S t="0" d="15360" r="2"/>
            <S d="15872"/>
            <S d="15360"/>
          </SegmentTimeline>
        </SegmentTemplate>
      </Representation>
    </AdaptationSet>
    <AdaptationSet id="1" contentType="audio" mimeType="audio/mp4" segmentAlignment="true" startWithSAP="1">
      <Representation id="audio" codecs="mp4a.40.2" bandwidth="130000" audioSamplingRate="48000">
        <AudioChannelConfiguration schemeIdUri="urn:mpeg:dash:23003:3:audio_channel_configuration:2011" value="2"/>
        <SegmentTemplate timescale="48000" initialization="audio/init.mp4" media="audio/$Number$.m4s" startNumber="0" availabilityTimeOffset="0.8" availabilityTimeComplete="false">
          <SegmentTimeline>
            <S t="0" d="48128" r="2"/>
            <S d="49152"/>
            <S d="47104"/>
          </SegmentTimeline>
        </SegmentTemplate>
      </Representation>
    </AdaptationSet>
  </Period>
  <UTCTiming schemeIdUri="urn:mpeg:dash:utc:http-iso:2014" value="/api/live/time"/>
</MPD>
`);
  });

  it('announces segments a frame past where they will end: never earlier, so players ask for the next one', () => {
    // Audio: segments start at the first frame at or after each second (less 10 ms): 47, 47, 47, 47, 46 frames. The
    // one being written (3) is announced a frame longer, and the next one starts a frame late.
    const aac = timeline(48000, 1024, 9, 18, false);
    expect(aac.expectedSegments()).toEqual([
      { msn: 3, start: 141 * 1024, duration: 48 * 1024 },
      { msn: 4, start: 189 * 1024, duration: 46 * 1024 },
    ]);
    // Video timed in milliseconds (FLV's clock, passed through): frames of 33 and 34 ms, on a 33.33 ms grid on
    // average; the keyframe at 2 s ends the segment, announced a frame after.
    const ms = new LiveTimeline(1000, resolveLiveConfig({ segmentTarget: 2 }), epoch);
    const frame = (n: number) => Math.round(((n + 1) * 1000) / 30) - Math.round((n * 1000) / 30);
    for (let f = 0; f < 5; f++) {
      const samples = Array.from({ length: 6 }, (_, i) => ({ duration: frame(f * 6 + i), sync: f + i === 0 }));
      ms.push({ id: f, start: Math.round((f * 6 * 1000) / 30), samples });
    }
    const [open, next] = ms.expectedSegments();
    expect(open).toEqual({ msn: 0, start: 0, duration: 2033 });
    expect(next!.start + next!.duration).toBe(4033);
    // Video whose keyframe did not come at 1 s: the open segment is expected to end where the segment must be cut
    // (before it would reach 1.5 target durations: 44 frames), and the next one a frame past the boundary after.
    const late = new LiveTimeline(15360, config, epoch);
    const frames = (from: number, count: number) =>
      Array.from({ length: count }, (_, i) => ({ duration: 512, sync: from + i === 0 }));
    late.push({ id: 0, start: 0, samples: frames(0, 36) });
    expect(late.open).toMatchObject({ msn: 0 });
    expect(late.expectedSegments()).toEqual([
      { msn: 0, start: 0, duration: 44 * 512 },
      { msn: 1, start: 44 * 512, duration: 17 * 512 },
    ]);
    late.end();
    expect(late.expectedSegments()).toEqual([]);
  });

  it('carries the time it was made when there is no clock to read, and says nothing of low latency once ended', () => {
    const live = renderMpd({
      renditions: [{ info: video('720p', 1280, 720, 3_000_000), timeline: timeline(15360, 512, 6, 10, false) }],
      config: resolveLiveConfig({ segmentTarget: 2, partTarget: 0.25 }),
      epoch,
      now: epoch.wallclock + 2000,
    });
    expect(live).toContain('<UTCTiming schemeIdUri="urn:mpeg:dash:utc:direct:2014" value="2025-01-01T12:00:02.000Z"/>');
    // Two-second segments of 250 ms parts: available 1.75 s early; the latency target does not grow with segments.
    expect(live).toContain('availabilityTimeOffset="1.75" availabilityTimeComplete="false"');
    expect(live).toContain('<Latency target="1750" min="750" max="6000"/>');
    const ended = renderMpd({
      renditions: [{ info: video('720p', 1280, 720, 3_000_000), timeline: timeline(15360, 512, 6, 10, true) }],
      config,
      epoch,
      now: 0,
      clockUrl: '/api/live/time',
    });
    for (const text of ['availabilityTimeOffset', 'ServiceDescription', 'UTCTiming', 'low-latency']) {
      expect(ended).not.toContain(text);
    }
  });

  it('is static once ended, its duration spanning the listed segments', () => {
    const mpd = renderMpd({
      renditions: [{ info: video('720p', 1280, 720, 3_000_000), timeline: timeline(15360, 512, 6, 12, true) }],
      config,
      epoch,
      now: 0,
    });
    expect(mpd).toContain('type="static" mediaPresentationDuration="PT2.4S" maxSegmentDuration="PT1S"');
    expect(mpd).toContain('<S t="0" d="15360" r="1"/>\n            <S d="6144"/>');
    expect(mpd).not.toContain('UTCTiming');
  });

  it('folds equal durations into runs and restarts a run with t after a gap', () => {
    const seg = (msn: number, start: number, duration: number) => ({ msn, start, duration }) as Segment;
    expect(segmentTimeline([seg(4, 100, 10), seg(5, 110, 10), seg(6, 120, 12), seg(7, 140, 12)])).toEqual([
      '<S t="100" d="10" r="1"/>',
      '<S d="12"/>',
      '<S t="140" d="12"/>',
    ]);
  });
});

describe('rendition measures', () => {
  it('reads frame rates as fractions, the usual sample duration and segment bit rates', () => {
    expect(frameRateOf(15360, 512)).toEqual({ num: 30, den: 1 });
    expect(frameRateOf(30000, 1001)).toEqual({ num: 30000, den: 1001 });
    expect(typicalDuration([1001, 1001, 1002, 1001])).toBe(1001);
    const meter = new BitrateMeter();
    meter.add(125_000, 1);
    meter.add(250_000, 1);
    meter.add(1000, 0.1);
    expect([meter.peak, meter.average]).toEqual([2_000_000, Math.round((376_000 * 8) / 2.1)]);
  });
});
