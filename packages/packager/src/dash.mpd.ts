import type { TimelineView } from './hls.playlist.js';
import type { ResolvedLiveConfig } from './live.config.js';
import { liveLayout } from './live.layout.js';
import type { Epoch, Segment } from './live.timeline.js';
import type { RenditionInfo } from './rendition.info.js';

/** One representation: what the manifests say about it and its segments. */
export interface MpdRendition {
  info: RenditionInfo;
  timeline: TimelineView;
}

/** Everything an MPD is rendered from. */
export interface MpdInput {
  renditions: readonly MpdRendition[];
  config: ResolvedLiveConfig;
  /** Maps media time to wall-clock time: `availabilityStartTime` is the wall-clock time of media time 0. */
  epoch: Epoch;
  /** `publishTime` (and the `UTCTiming` value when there is no `clockUrl`), milliseconds since the epoch. */
  now: number;
  /**
   * Where players read the server's clock while live: a URL (relative to the MPD's) answering the time as ISO 8601
   * text (`UTCTiming` `http-iso`). Without it the MPD carries `now` itself (`direct`).
   */
  clockUrl?: string | null;
}

/**
 * How fast and how slow a low-latency player may play to keep its target latency (`ServiceDescription`
 * `PlaybackRate`): up to a quarter faster to catch up, as the LL-HLS player does; a little slower when its buffer
 * runs low.
 */
export const DASH_PLAYBACK_RATE = { min: 0.96, max: 1.25 } as const;

/** The DASH-IF profile of low-latency live services, besides the live profile. */
const LOW_LATENCY_PROFILE = 'http://www.dashif.org/guidelines/low-latency-live-v5';

const xml = (text: string) =>
  text.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;').replaceAll('>', '&gt;');

/** `PT1.5S`. */
export function isoDuration(seconds: number): string {
  return `PT${(Math.round(Math.max(0, seconds) * 1000) / 1000).toString()}S`;
}

/** `<S>` elements, runs of equal durations folded into `r`; only the first carries `t` (the segments are contiguous). */
export function segmentTimeline(segments: readonly Pick<Segment, 'start' | 'duration'>[]): string[] {
  const lines: string[] = [];
  let run: { t: number | null; d: number; r: number } | null = null;
  const flush = () => {
    if (!run) return;
    const t = run.t === null ? '' : ` t="${run.t}"`;
    lines.push(`<S${t} d="${run.d}"${run.r > 0 ? ` r="${run.r}"` : ''}/>`);
  };
  let expected: number | null = null;
  for (const s of segments) {
    const contiguous: boolean = expected === s.start;
    if (run && contiguous && run.d === s.duration) run.r++;
    else {
      flush();
      run = { t: contiguous ? null : s.start, d: s.duration, r: 0 };
    }
    expected = s.start + s.duration;
  }
  flush();
  return lines;
}

/**
 * A representation's `SegmentTemplate`. While live its timeline goes on past the finished segments to the one being
 * written and the next, at their expected spans, and `availabilityTimeOffset` (with `availabilityTimeComplete` false)
 * lets a player ask for a segment once its first part is there: it is then delivered as it is written.
 */
function template(r: MpdRendition, presentationTimeOffset: number, live: ResolvedLiveConfig | null): string[] {
  const { name } = r.info;
  const first = r.timeline.segments[0]?.msn ?? r.timeline.expectedSegments()[0]?.msn ?? 0;
  const pto = presentationTimeOffset > 0 ? ` presentationTimeOffset="${presentationTimeOffset}"` : '';
  const chunked = live
    ? ` availabilityTimeOffset="${decimal(live.availabilityTimeOffset)}" availabilityTimeComplete="false"`
    : '';
  const segments = live ? [...r.timeline.segments, ...r.timeline.expectedSegments()] : r.timeline.segments;
  return [
    `        <SegmentTemplate timescale="${r.timeline.timescale}"${pto} initialization="${xml(liveLayout.init(name))}" media="${xml(`${name}/$Number$.m4s`)}" startNumber="${first}"${chunked}>`,
    '          <SegmentTimeline>',
    ...segmentTimeline(segments).map((s) => `            ${s}`),
    '          </SegmentTimeline>',
    '        </SegmentTemplate>',
  ];
}

const rate = (f: RenditionInfo['frameRate']) => (f ? (f.den === 1 ? String(f.num) : `${f.num}/${f.den}`) : null);
const bandwidth = (info: RenditionInfo) => Math.max(1, info.peakBitrate || info.averageBitrate);

function representation(r: MpdRendition, pto: (r: MpdRendition) => number, live: ResolvedLiveConfig | null): string[] {
  const { info } = r;
  const attrs = [`id="${xml(info.name)}"`, `codecs="${xml(info.init.codec)}"`, `bandwidth="${bandwidth(info)}"`];
  if (info.init.width && info.init.height) attrs.push(`width="${info.init.width}"`, `height="${info.init.height}"`);
  const frameRate = rate(info.frameRate);
  if (info.init.kind === 'video' && frameRate) attrs.push(`frameRate="${frameRate}"`);
  if (info.init.sar) attrs.push(`sar="${xml(info.init.sar)}"`);
  if (info.init.sampleRate) attrs.push(`audioSamplingRate="${info.init.sampleRate}"`);
  const lines = [`      <Representation ${attrs.join(' ')}>`];
  if (info.init.channels) {
    lines.push(
      `        <AudioChannelConfiguration schemeIdUri="urn:mpeg:dash:23003:3:audio_channel_configuration:2011" value="${info.init.channels}"/>`,
    );
  }
  lines.push(...template(r, pto(r), live), '      </Representation>');
  return lines;
}

/** Seconds as an attribute value: three decimals at most, no trailing zeros. */
const decimal = (seconds: number) => String(Math.round(seconds * 1000) / 1000);
const milliseconds = (seconds: number) => String(Math.round(seconds * 1000));

const area = (r: MpdRendition) => (r.info.init.width ?? 0) * (r.info.init.height ?? 0);
const iso = (ms: number) => new Date(ms).toISOString();
const startOf = (r: MpdRendition) => (r.timeline.segments[0]?.start ?? 0) / r.timeline.timescale;
const endOf = (r: MpdRendition) => {
  const last = r.timeline.segments[r.timeline.segments.length - 1];
  return last ? (last.start + last.duration) / r.timeline.timescale : 0;
};

/**
 * The DASH MPD over the same CMAF segments as the HLS playlists, with a `SegmentTimeline` per representation and
 * `$Number$` = the media sequence number. While live it is `dynamic` and low-latency (DASH-IF's low-latency modes):
 * availability from the epoch, the DVR window as `timeShiftBufferDepth`, the segment being written and the next one
 * announced with `availabilityTimeOffset` (all but one part) and `availabilityTimeComplete="false"`, a
 * `ServiceDescription` with the latency to aim for and the playback rates to keep it with, and a `UTCTiming` where the
 * server's clock is read. Once every rendition ended it is `static`, its period starting at the first listed
 * segment. Pure.
 */
export function renderMpd(input: MpdInput): string {
  const { config, epoch, renditions } = input;
  const ended = renditions.length > 0 && renditions.every((r) => r.timeline.ended);
  const live = ended ? null : config;
  const origin = ended ? Math.min(...renditions.map(startOf)) : 0;
  const pto = (r: MpdRendition) => Math.round(origin * r.timeline.timescale);
  const video = renditions.filter((r) => r.info.init.kind === 'video').sort((a, b) => area(b) - area(a));
  const languages = [
    ...new Set(renditions.filter((r) => r.info.init.kind === 'audio').map((r) => r.info.init.language)),
  ];
  const sets: string[] = [];
  if (video.length > 0) {
    const rates = video.map((r) => r.info.frameRate).filter((f) => f !== null);
    const fastest = rates.sort((a, b) => b.num / b.den - a.num / a.den)[0] ?? null;
    const attrs = [
      `id="${sets.length}"`,
      'contentType="video"',
      'mimeType="video/mp4"',
      'segmentAlignment="true"',
      'startWithSAP="1"',
      `maxWidth="${Math.max(...video.map((r) => r.info.init.width ?? 0))}"`,
      `maxHeight="${Math.max(...video.map((r) => r.info.init.height ?? 0))}"`,
      ...(fastest ? [`maxFrameRate="${rate(fastest)}"`] : []),
    ];
    sets.push(
      `    <AdaptationSet ${attrs.join(' ')}>`,
      ...video.flatMap((r) => representation(r, pto, live)),
      '    </AdaptationSet>',
    );
  }
  languages.forEach((language, i) => {
    const audio = renditions.filter((r) => r.info.init.kind === 'audio' && r.info.init.language === language);
    const lang = language !== 'und' ? ` lang="${xml(language)}"` : '';
    sets.push(
      `    <AdaptationSet id="${(video.length > 0 ? 1 : 0) + i}" contentType="audio" mimeType="audio/mp4"${lang} segmentAlignment="true" startWithSAP="1">`,
      ...audio.flatMap((r) => representation(r, pto, live)),
      '    </AdaptationSet>',
    );
  });
  const delay = 3 * config.targetDuration;
  const mpd = [
    'xmlns="urn:mpeg:dash:schema:mpd:2011"',
    `profiles="urn:mpeg:dash:profile:isoff-live:2011${ended ? '' : `,${LOW_LATENCY_PROFILE}`}"`,
    ...(ended
      ? ['type="static"', `mediaPresentationDuration="${isoDuration(Math.max(0, ...renditions.map(endOf)) - origin)}"`]
      : [
          'type="dynamic"',
          `availabilityStartTime="${iso(epoch.wallclock - epoch.mediaTime * 1000)}"`,
          `publishTime="${iso(input.now)}"`,
          `minimumUpdatePeriod="${isoDuration(config.segmentTarget)}"`,
          `timeShiftBufferDepth="${isoDuration(config.dvrWindow)}"`,
          // For players that do not do low latency: three segments behind, as plain HLS players sit.
          `suggestedPresentationDelay="${isoDuration(delay)}"`,
        ]),
    `maxSegmentDuration="${isoDuration(config.targetDuration)}"`,
    `minBufferTime="${isoDuration(config.targetDuration)}"`,
  ];
  const service = ended
    ? []
    : [
        '  <ServiceDescription id="0">',
        `    <Latency target="${milliseconds(config.dashLatencyTarget)}" min="${milliseconds(config.partHoldBack)}" max="${milliseconds(delay)}"/>`,
        `    <PlaybackRate min="${DASH_PLAYBACK_RATE.min}" max="${DASH_PLAYBACK_RATE.max}"/>`,
        '  </ServiceDescription>',
      ];
  const timing = ended
    ? []
    : input.clockUrl
      ? [`  <UTCTiming schemeIdUri="urn:mpeg:dash:utc:http-iso:2014" value="${xml(input.clockUrl)}"/>`]
      : [`  <UTCTiming schemeIdUri="urn:mpeg:dash:utc:direct:2014" value="${iso(input.now)}"/>`];
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    `<MPD ${mpd.join(' ')}>`,
    ...service,
    '  <Period id="0" start="PT0S">',
    ...sets,
    '  </Period>',
    ...timing,
    '</MPD>',
    '',
  ].join('\n');
}
