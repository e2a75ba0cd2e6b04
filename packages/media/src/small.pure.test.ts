import { describe, expect, it } from 'vitest';
import { parseDashManifest, parseIsoDuration } from './dash.manifest.js';
import { contentTypeOf } from './media.layout.js';
import { parseProgress } from './progress.parse.js';
import { planStoryboard, storyboardVtt } from './storyboard.plan.js';

describe('parseProgress', () => {
  it.each([
    ['frame=10\nout_time_us=2000000\nprogress=continue\n', 4, 50],
    ['out_time_ms=1000000\n', 4, 25],
    ['out_time_us=1000000\nout_time_us=3000000\n', 4, 75],
    ['out_time_us=9000000\n', 4, 100],
    ['out_time_us=-5000\n', 4, 0],
    ['out_time_us=N/A\n', 4, null],
    ['frame=1\n', 4, null],
    ['out_time_us=1000000\n', 0, null],
    ['out_time_us=4000000\nprogress=end\n', 4, 100],
  ])('%j over %s s → %s', (chunk, duration, percent) => {
    expect(parseProgress(chunk, duration)).toBe(percent);
  });
});

describe('planStoryboard and storyboardVtt', () => {
  it.each([
    [1.5, null],
    [4, { interval: 1, count: 4, columns: 4, rows: 1 }],
    [60, { interval: 1, count: 60, columns: 10, rows: 6 }],
    [3600, { interval: 36, count: 100, columns: 10, rows: 10 }],
    [250, { interval: 3, count: 83, columns: 10, rows: 9 }],
  ])('%s s → %j', (duration, expected) => {
    const plan = planStoryboard(duration, 1920, 1080);
    if (expected === null) expect(plan).toBeNull();
    else expect(plan).toMatchObject({ ...expected, tileWidth: 160, tileHeight: 90 });
  });

  it('keeps portrait tiles in proportion', () => {
    expect(planStoryboard(10, 1080, 1920)).toMatchObject({ tileWidth: 160, tileHeight: 284 });
  });

  it('indexes every thumbnail with its cell, the last cue reaching the end', () => {
    const plan = planStoryboard(12.5, 1280, 720)!;
    const vtt = storyboardVtt(plan, 12.5, 'storyboard.jpg');
    const lines = vtt.split('\n');
    expect(lines[0]).toBe('WEBVTT');
    expect(lines.filter((l) => l.includes('-->'))).toHaveLength(12);
    expect(lines[2]).toBe('00:00:00.000 --> 00:00:01.000');
    expect(lines[3]).toBe('storyboard.jpg#xywh=0,0,160,90');
    expect(vtt).toContain('00:00:10.000 --> 00:00:11.000\nstoryboard.jpg#xywh=0,90,160,90');
    expect(vtt).toContain('00:00:11.000 --> 00:00:12.500\nstoryboard.jpg#xywh=160,90,160,90');
  });

  it('writes hours in timestamps', () => {
    const plan = planStoryboard(4000, 1280, 720)!;
    expect(storyboardVtt(plan, 4000, 's.jpg')).toContain('01:06:00.000 --> 01:06:40.000');
  });
});

describe('parseDashManifest', () => {
  const xml = `<?xml version="1.0"?>
<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="static" mediaPresentationDuration="PT1M4.5S" maxSegmentDuration="PT4.0S">
 <Period id="0"><AdaptationSet id="0" contentType="video">
  <Representation id="0" mimeType="video/mp4" codecs="avc1.640028" bandwidth="4000000" width="1920" height="1080">
  </Representation>
  <Representation id="1" mimeType="video/mp4" codecs="avc1.64001f" bandwidth="2000000" width="1280" height="720"/>
 </AdaptationSet><AdaptationSet id="1" contentType="audio">
  <Representation id="2" mimeType="audio/mp4" codecs="mp4a.40.2" bandwidth="128000" audioSamplingRate="48000"/>
 </AdaptationSet></Period></MPD>`;

  it('reads the duration and each representation', () => {
    const none = { sar: null, frameRate: null, audioSamplingRate: null, channels: null, template: null };
    expect(parseDashManifest(xml)).toEqual({
      duration: 64.5,
      representations: [
        {
          ...none,
          id: '0',
          kind: 'video',
          mimeType: 'video/mp4',
          codecs: 'avc1.640028',
          bandwidth: 4000000,
          width: 1920,
          height: 1080,
        },
        {
          ...none,
          id: '1',
          kind: 'video',
          mimeType: 'video/mp4',
          codecs: 'avc1.64001f',
          bandwidth: 2000000,
          width: 1280,
          height: 720,
        },
        {
          ...none,
          id: '2',
          kind: 'audio',
          mimeType: 'audio/mp4',
          codecs: 'mp4a.40.2',
          bandwidth: 128000,
          width: null,
          height: null,
          audioSamplingRate: 48000,
        },
      ],
    });
  });

  it('reads the segment templates, frame rate, aspect and channels ffmpeg writes', () => {
    const ffmpeg = `<MPD mediaPresentationDuration="PT9.0S"><Period id="0" start="PT0.0S">
	<AdaptationSet id="0" contentType="video" segmentAlignment="true" frameRate="30/1" maxWidth="640" maxHeight="360" par="16:9">
		<Representation id="1" mimeType="video/mp4" codecs="avc1.640015" bandwidth="178968" width="426" height="240" sar="640:639">
			<SegmentTemplate timescale="1000000" duration="4000000" initialization="init-$RepresentationID$.m4s" media="seg-$RepresentationID$-$Number%05d$.m4s" startNumber="1">
			</SegmentTemplate>
		</Representation>
	</AdaptationSet>
	<AdaptationSet id="1" contentType="audio">
		<Representation id="2" mimeType="audio/mp4" codecs="mp4a.40.2" bandwidth="128000" audioSamplingRate="48000">
			<AudioChannelConfiguration schemeIdUri="urn:mpeg:dash:23003:3:audio_channel_configuration:2011" value="2" />
			<SegmentTemplate timescale="48000" duration="192000" initialization="init-$RepresentationID$.m4s" media="seg-$RepresentationID$-$Number%05d$.m4s" startNumber="1">
			</SegmentTemplate>
		</Representation>
	</AdaptationSet></Period></MPD>`;
    const [video, audio] = parseDashManifest(ffmpeg).representations;
    expect(video).toMatchObject({ id: '1', sar: '640:639', frameRate: '30/1', channels: null });
    expect(video?.template).toEqual({
      timescale: 1000000,
      duration: 4000000,
      initialization: 'init-$RepresentationID$.m4s',
      media: 'seg-$RepresentationID$-$Number%05d$.m4s',
      startNumber: 1,
    });
    expect(audio).toMatchObject({ kind: 'audio', channels: 2, audioSamplingRate: 48000 });
    expect(audio?.template).toMatchObject({ timescale: 48000, duration: 192000 });
  });

  it.each([
    ['PT6.0S', 6],
    ['PT1H', 3600],
    ['P1DT1M', 86460],
    ['6 seconds', null],
  ])('parseIsoDuration(%s) = %s', (text, seconds) => {
    expect(parseIsoDuration(text)).toBe(seconds);
  });
});

describe('contentTypeOf', () => {
  it.each([
    ['media/master.m3u8', 'application/vnd.apple.mpegurl'],
    ['media/manifest.mpd', 'application/dash+xml'],
    ['media/seg-0-00001.m4s', 'video/iso.segment'],
    ['poster.jpg', 'image/jpeg'],
    ['storyboard.vtt', 'text/vtt'],
    ['original', 'application/octet-stream'],
  ])('%s → %s', (path, type) => {
    expect(contentTypeOf(path)).toBe(type);
  });
});
