import { liveLayout } from './live.layout.js';
import type { RenditionInfo } from './rendition.info.js';

const area = (r: RenditionInfo) => (r.init.width ?? 0) * (r.init.height ?? 0);

/** `30.000`, `29.970`. */
function hlsFrameRate(rate: RenditionInfo['frameRate']): string | null {
  return rate ? (rate.num / rate.den).toFixed(3) : null;
}

function mediaTag(r: RenditionInfo, uri: string, first: boolean): string {
  const attrs = [
    'TYPE=AUDIO',
    'GROUP-ID="audio"',
    `NAME="${r.name}"`,
    ...(r.init.language !== 'und' ? [`LANGUAGE="${r.init.language}"`] : []),
    `DEFAULT=${first ? 'YES' : 'NO'}`,
    'AUTOSELECT=YES',
    ...(r.init.channels ? [`CHANNELS="${r.init.channels}"`] : []),
    `URI="${uri}"`,
  ];
  return `#EXT-X-MEDIA:${attrs.join(',')}`;
}

/**
 * The multivariant playlist: one variant per video rendition (largest first) with the audio renditions as one
 * `EXT-X-MEDIA` group, or one variant per audio rendition when there is no video. `BANDWIDTH` is the peak segment bit
 * rate measured so far (video plus the highest audio), `AVERAGE-BANDWIDTH` the average. `lowLatency` points the
 * variants at the LL-HLS media playlists, otherwise at the plain ones. Pure.
 */
export function renderMultivariant(renditions: readonly RenditionInfo[], opts: { lowLatency: boolean }): string {
  const uri = opts.lowLatency ? liveLayout.llPlaylist : liveLayout.playlist;
  const video = renditions.filter((r) => r.init.kind === 'video').sort((a, b) => area(b) - area(a));
  const audio = renditions.filter((r) => r.init.kind === 'audio');
  const lines = ['#EXTM3U', '#EXT-X-VERSION:7', '#EXT-X-INDEPENDENT-SEGMENTS'];
  if (video.length === 0) {
    for (const r of audio) {
      lines.push(
        `#EXT-X-STREAM-INF:BANDWIDTH=${r.peakBitrate},AVERAGE-BANDWIDTH=${r.averageBitrate},CODECS="${r.init.codec}"`,
        uri(r.name),
      );
    }
    return `${lines.join('\n')}\n`;
  }
  audio.forEach((r, i) => {
    lines.push(mediaTag(r, uri(r.name), i === 0));
  });
  const audioPeak = Math.max(0, ...audio.map((r) => r.peakBitrate));
  const audioAverage = Math.max(0, ...audio.map((r) => r.averageBitrate));
  const audioCodecs = [...new Set(audio.map((r) => r.init.codec))];
  for (const r of video) {
    const attrs = [
      `BANDWIDTH=${r.peakBitrate + audioPeak}`,
      `AVERAGE-BANDWIDTH=${r.averageBitrate + audioAverage}`,
      `CODECS="${[r.init.codec, ...audioCodecs].join(',')}"`,
      ...(r.init.width && r.init.height ? [`RESOLUTION=${r.init.width}x${r.init.height}`] : []),
      ...(r.frameRate ? [`FRAME-RATE=${hlsFrameRate(r.frameRate)}`] : []),
      ...(audio.length > 0 ? ['AUDIO="audio"'] : []),
    ];
    lines.push(`#EXT-X-STREAM-INF:${attrs.join(',')}`, uri(r.name));
  }
  return `${lines.join('\n')}\n`;
}
