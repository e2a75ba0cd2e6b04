import { describe, expect, it } from 'vitest';
import type { DashManifest, ManifestRepresentation } from './dash.manifest.js';
import { parseDashManifest } from './dash.manifest.js';
import { dashManifest, hlsMaster, packagedRenditions } from './ladder.manifests.js';
import { planLadder } from './ladder.plan.js';

const source = { width: 1280, height: 720, duration: 9, frameRate: 30, hasAudio: true, videoCodec: 'h264' };
const plan = planLadder(source);
const [low, high] = plan.runs;
const template = {
  timescale: 1000000,
  duration: 4000000,
  initialization: 'init-$RepresentationID$.m4s',
  media: 'seg-$RepresentationID$-$Number%05d$.m4s',
  startNumber: 1,
};
const video = (
  id: string,
  width: number,
  height: number,
  bandwidth: number,
  codecs: string,
): ManifestRepresentation => ({
  id,
  kind: 'video',
  mimeType: 'video/mp4',
  codecs,
  bandwidth,
  width,
  height,
  sar: width === 426 ? '640:639' : '1:1',
  frameRate: '30/1',
  audioSamplingRate: null,
  channels: null,
  template,
});
const audio: ManifestRepresentation = {
  id: '2',
  kind: 'audio',
  mimeType: 'audio/mp4',
  codecs: 'mp4a.40.2',
  bandwidth: 128000,
  width: null,
  height: null,
  sar: null,
  frameRate: null,
  audioSamplingRate: 48000,
  channels: 2,
  template,
};
// What ffmpeg's DASH muxer reports for each run: ids are stream indexes, so both runs have a representation "0".
const run1: DashManifest = {
  duration: 9,
  representations: [video('0', 640, 360, 361152, 'avc1.64001e'), video('1', 426, 240, 178968, 'avc1.640015'), audio],
};
const run2: DashManifest = {
  duration: 9,
  representations: [video('0', 1280, 720, 1500000, 'avc1.64001f'), video('1', 854, 480, 700000, 'avc1.64001e')],
};

describe('packagedRenditions', () => {
  it('names each run’s representations from the plan, in its own folder', () => {
    const first = packagedRenditions(low!, run1);
    expect(first.map((r) => [r.name, r.dir, r.rep.id])).toEqual([
      ['360p', 'run1', '0'],
      ['240p', 'run1', '1'],
      ['audio', 'run1', '2'],
    ]);
    expect(packagedRenditions(high!, run2).map((r) => [r.name, r.dir])).toEqual([
      ['720p', 'run2'],
      ['480p', 'run2'],
    ]);
  });

  it('refuses a manifest that does not match the run', () => {
    expect(() => packagedRenditions(high!, run1)).toThrow(/lists 2 video and 1 audio/);
    expect(() =>
      packagedRenditions(low!, {
        ...run1,
        representations: run1.representations.map((r) => ({ ...r, template: null })),
      }),
    ).toThrow(/no segment template/);
  });
});

describe('our manifests over both runs', () => {
  const first = packagedRenditions(low!, run1);
  const all = [...packagedRenditions(high!, run2), ...first];

  it('DASH: one video set, highest first, each representation naming its own run’s files, never colliding', () => {
    const mpd = dashManifest(all, { duration: 9, segmentSeconds: 4 });
    const parsed = parseDashManifest(mpd);
    expect(parsed.duration).toBe(9);
    expect(parsed.representations.map((r) => [r.id, r.kind, r.width, r.codecs])).toEqual([
      ['720p', 'video', 1280, 'avc1.64001f'],
      ['480p', 'video', 854, 'avc1.64001e'],
      ['360p', 'video', 640, 'avc1.64001e'],
      ['240p', 'video', 426, 'avc1.640015'],
      ['audio', 'audio', null, 'mp4a.40.2'],
    ]);
    const media = parsed.representations.map((r) => r.template?.media);
    expect(media).toEqual([
      'run2/seg-0-$Number%05d$.m4s',
      'run2/seg-1-$Number%05d$.m4s',
      'run1/seg-0-$Number%05d$.m4s',
      'run1/seg-1-$Number%05d$.m4s',
      'run1/seg-2-$Number%05d$.m4s',
    ]);
    expect(new Set(media).size).toBe(media.length);
    expect(parsed.representations.map((r) => r.template?.initialization)).toContain('run2/init-0.m4s');
    expect(parsed.representations.every((r) => r.template?.duration === 4000000)).toBe(true);
    expect(mpd).toContain('maxWidth="1280" maxHeight="720" par="16:9"');
    expect(mpd).toContain('segmentAlignment="true"');
    expect(mpd).toContain('sar="640:639"');
    expect(mpd).toContain('<AudioChannelConfiguration');
    expect(mpd).not.toContain('$RepresentationID$');
  });

  it('DASH of the first run alone lists only what is packaged', () => {
    const parsed = parseDashManifest(dashManifest(first, { duration: 9, segmentSeconds: 4 }));
    expect(parsed.representations.map((r) => r.id)).toEqual(['360p', '240p', 'audio']);
  });

  it('HLS: one variant per video rendition, highest first, with the audio group, in each run’s folder', () => {
    expect(hlsMaster(all).split('\n')).toEqual([
      '#EXTM3U',
      '#EXT-X-VERSION:7',
      '#EXT-X-INDEPENDENT-SEGMENTS',
      '#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="audio",NAME="audio",DEFAULT=YES,AUTOSELECT=YES,CHANNELS="2",URI="run1/media_2.m3u8"',
      '#EXT-X-STREAM-INF:BANDWIDTH=1628000,RESOLUTION=1280x720,CODECS="avc1.64001f,mp4a.40.2",FRAME-RATE=30.000,AUDIO="audio"',
      'run2/media_0.m3u8',
      '#EXT-X-STREAM-INF:BANDWIDTH=828000,RESOLUTION=854x480,CODECS="avc1.64001e,mp4a.40.2",FRAME-RATE=30.000,AUDIO="audio"',
      'run2/media_1.m3u8',
      '#EXT-X-STREAM-INF:BANDWIDTH=489152,RESOLUTION=640x360,CODECS="avc1.64001e,mp4a.40.2",FRAME-RATE=30.000,AUDIO="audio"',
      'run1/media_0.m3u8',
      '#EXT-X-STREAM-INF:BANDWIDTH=306968,RESOLUTION=426x240,CODECS="avc1.640015,mp4a.40.2",FRAME-RATE=30.000,AUDIO="audio"',
      'run1/media_1.m3u8',
      '',
    ]);
  });

  it('HLS without sound has no audio group', () => {
    const silent = hlsMaster(first.filter((r) => r.name !== 'audio'));
    expect(silent).not.toContain('TYPE=AUDIO');
    expect(silent).toContain('CODECS="avc1.64001e",FRAME-RATE=30.000\nrun1/media_0.m3u8');
  });
});
