import type { DashManifest, ManifestRepresentation, SegmentTemplate } from './dash.manifest.js';
import type { LadderRun } from './ladder.plan.js';
import { mediaLayout } from './media.layout.js';

/** One packaged rendition of one run, as our manifests list it. */
export interface PackagedRendition {
  /** `1080p` … `240p`, or `audio`: its id in our DASH manifest. */
  name: string;
  /** The run's folder relative to the manifests' folder (`run1`); its segments and HLS playlist are there. */
  dir: string;
  rep: ManifestRepresentation & { template: SegmentTemplate };
}

/**
 * The renditions one run packaged, named from the plan: ffmpeg lists the run's video streams in the order they were
 * mapped (highest first), then the audio. Throws when the manifest does not match the run (a bug, not bad input). Pure.
 */
export function packagedRenditions(run: LadderRun, manifest: DashManifest): PackagedRendition[] {
  const dir = run.dir.startsWith(`${mediaLayout.dir}/`) ? run.dir.slice(mediaLayout.dir.length + 1) : run.dir;
  const video = manifest.representations.filter((r) => r.kind === 'video');
  const audio = manifest.representations.filter((r) => r.kind === 'audio');
  if (video.length !== run.video.length || audio.length !== (run.audio ? 1 : 0)) {
    throw new Error(
      `The manifest of ${run.dir} lists ${video.length} video and ${audio.length} audio representations; the run made ${run.video.length} and ${run.audio ? 1 : 0}.`,
    );
  }
  const named = [
    ...video.map((rep, i) => ({ name: run.video[i]!.name, rep })),
    ...audio.map((rep) => ({ name: 'audio', rep })),
  ];
  return named.map(({ name, rep }) => {
    if (!rep.template) throw new Error(`The manifest of ${run.dir} has no segment template for ${name}.`);
    return { name, dir, rep: { ...rep, template: rep.template } };
  });
}

const xml = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

/** `$RepresentationID$` of the run's own manifest resolved, under the run's folder. */
const resolve = (r: PackagedRendition, name: string) => `${r.dir}/${name.replaceAll('$RepresentationID$', r.rep.id)}`;

const area = (r: PackagedRendition) => (r.rep.width ?? 0) * (r.rep.height ?? 0);
const byArea = (list: readonly PackagedRendition[]) => [...list].sort((a, b) => area(b) - area(a));

function isoDuration(seconds: number): string {
  return `PT${Math.max(0, seconds)
    .toFixed(3)
    .replace(/\.?0+$/, '')}S`;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

function representation(r: PackagedRendition): string[] {
  const { rep } = r;
  const attrs = [
    `id="${xml(r.name)}"`,
    `mimeType="${xml(rep.mimeType)}"`,
    `codecs="${xml(rep.codecs)}"`,
    `bandwidth="${Math.round(rep.bandwidth)}"`,
  ];
  if (rep.width !== null && rep.height !== null) attrs.push(`width="${rep.width}"`, `height="${rep.height}"`);
  if (rep.sar) attrs.push(`sar="${xml(rep.sar)}"`);
  if (rep.audioSamplingRate !== null) attrs.push(`audioSamplingRate="${rep.audioSamplingRate}"`);
  const t = rep.template;
  const lines = [`      <Representation ${attrs.join(' ')}>`];
  if (rep.channels !== null) {
    lines.push(
      `        <AudioChannelConfiguration schemeIdUri="urn:mpeg:dash:23003:3:audio_channel_configuration:2011" value="${rep.channels}"/>`,
    );
  }
  lines.push(
    `        <SegmentTemplate timescale="${t.timescale}" duration="${t.duration}" startNumber="${t.startNumber}" initialization="${xml(resolve(r, t.initialization))}" media="${xml(resolve(r, t.media))}"/>`,
    '      </Representation>',
  );
  return lines;
}

/**
 * The DASH manifest of every rendition packaged so far, whatever run made it: one video adaptation set (highest
 * first) and one audio set, each representation pointing into its run's folder with explicit segment names. The
 * runs cut segments at the same instants (same GOP, forced keyframes), so the video set stays segment-aligned. Pure.
 */
export function dashManifest(
  renditions: readonly PackagedRendition[],
  opts: { duration: number; segmentSeconds: number },
): string {
  const video = byArea(renditions.filter((r) => r.rep.kind === 'video'));
  const audio = renditions.filter((r) => r.rep.kind === 'audio');
  const sets: string[] = [];
  if (video.length > 0) {
    const top = video[0]!.rep;
    const w = top.width ?? 0;
    const h = top.height ?? 0;
    const d = gcd(w, h) || 1;
    const attrs = [
      'id="0"',
      'contentType="video"',
      'startWithSAP="1"',
      'segmentAlignment="true"',
      ...(top.frameRate ? [`frameRate="${xml(top.frameRate)}"`] : []),
      `maxWidth="${Math.max(...video.map((r) => r.rep.width ?? 0))}"`,
      `maxHeight="${Math.max(...video.map((r) => r.rep.height ?? 0))}"`,
      ...(w > 0 && h > 0 ? [`par="${w / d}:${h / d}"`] : []),
    ];
    sets.push(`    <AdaptationSet ${attrs.join(' ')}>`, ...video.flatMap(representation), '    </AdaptationSet>');
  }
  if (audio.length > 0) {
    sets.push(
      '    <AdaptationSet id="1" contentType="audio" startWithSAP="1" segmentAlignment="true">',
      ...audio.flatMap(representation),
      '    </AdaptationSet>',
    );
  }
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<MPD xmlns="urn:mpeg:dash:schema:mpd:2011" profiles="urn:mpeg:dash:profile:isoff-live:2011" type="static" mediaPresentationDuration="${isoDuration(opts.duration)}" maxSegmentDuration="${isoDuration(opts.segmentSeconds)}" minBufferTime="${isoDuration(2 * opts.segmentSeconds)}">`,
    '  <Period id="0" start="PT0S">',
    ...sets,
    '  </Period>',
    '</MPD>',
    '',
  ].join('\n');
}

/** ffmpeg's DASH muxer names each run's HLS media playlists by stream index, which is the representation id. */
const playlistOf = (r: PackagedRendition) => `${r.dir}/media_${r.rep.id}.m3u8`;

/** `30/1` → `30.000`, `30000/1001` → `29.970`. */
function hlsFrameRate(rate: string | null): string | null {
  if (!rate) return null;
  const [n, d = '1'] = rate.split('/');
  const value = Number(n) / Number(d);
  return Number.isFinite(value) && value > 0 ? value.toFixed(3) : null;
}

/**
 * The HLS master playlist of every rendition packaged so far: one variant per video rendition (highest first), with
 * the audio as an alternative rendition group, each pointing at the media playlist in its run's folder. Pure.
 */
export function hlsMaster(renditions: readonly PackagedRendition[]): string {
  const video = byArea(renditions.filter((r) => r.rep.kind === 'video'));
  const audio = renditions.find((r) => r.rep.kind === 'audio');
  const lines = ['#EXTM3U', '#EXT-X-VERSION:7', '#EXT-X-INDEPENDENT-SEGMENTS'];
  if (audio) {
    lines.push(
      `#EXT-X-MEDIA:TYPE=AUDIO,GROUP-ID="audio",NAME="audio",DEFAULT=YES,AUTOSELECT=YES,CHANNELS="${audio.rep.channels ?? 2}",URI="${playlistOf(audio)}"`,
    );
  }
  for (const r of video) {
    const codecs = audio ? `${r.rep.codecs},${audio.rep.codecs}` : r.rep.codecs;
    const bandwidth = Math.round(r.rep.bandwidth + (audio?.rep.bandwidth ?? 0));
    const attrs = [`BANDWIDTH=${bandwidth}`, `RESOLUTION=${r.rep.width}x${r.rep.height}`, `CODECS="${codecs}"`];
    const rate = hlsFrameRate(r.rep.frameRate);
    if (rate) attrs.push(`FRAME-RATE=${rate}`);
    if (audio) attrs.push('AUDIO="audio"');
    lines.push(`#EXT-X-STREAM-INF:${attrs.join(',')}`, playlistOf(r));
  }
  return `${lines.join('\n')}\n`;
}
