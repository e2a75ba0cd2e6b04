/** A representation's `SegmentTemplate`, as ffmpeg writes it (numbered segments, no timeline). */
export interface SegmentTemplate {
  timescale: number;
  duration: number;
  initialization: string;
  media: string;
  startNumber: number;
}

export interface ManifestRepresentation {
  id: string;
  kind: 'video' | 'audio';
  mimeType: string;
  codecs: string;
  bandwidth: number;
  width: number | null;
  height: number | null;
  sar: string | null;
  /** The frame rate of its adaptation set (`30/1`), for video. */
  frameRate: string | null;
  audioSamplingRate: number | null;
  channels: number | null;
  template: SegmentTemplate | null;
}

export interface DashManifest {
  /** Seconds, from `mediaPresentationDuration`. */
  duration: number | null;
  representations: ManifestRepresentation[];
}

/** `PT1H2M3.5S` → 3723.5. */
export function parseIsoDuration(text: string): number | null {
  const m = /^P(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(text);
  if (!m) return null;
  const [, d, h, min, s] = m.map((v) => (v === undefined ? 0 : Number(v)));
  return (d ?? 0) * 86400 + (h ?? 0) * 3600 + (min ?? 0) * 60 + (s ?? 0);
}

function attr(tag: string, name: string): string | null {
  return new RegExp(`\\s${name}="([^"]*)"`).exec(tag)?.[1] ?? null;
}

const num = (text: string | null): number | null => (text === null || text === '' ? null : Number(text));

function template(block: string): SegmentTemplate | null {
  const tag = /<SegmentTemplate\b[^>]*>/.exec(block)?.[0];
  if (!tag) return null;
  const initialization = attr(tag, 'initialization');
  const media = attr(tag, 'media');
  if (initialization === null || media === null) return null;
  return {
    timescale: num(attr(tag, 'timescale')) ?? 1,
    duration: num(attr(tag, 'duration')) ?? 0,
    initialization,
    media,
    startNumber: num(attr(tag, 'startNumber')) ?? 1,
  };
}

/**
 * Reads what the transcoder needs from the manifest ffmpeg's DASH muxer wrote (its own, regular output, not
 * arbitrary MPDs): the duration and each representation's codecs, bandwidth and size. Pure.
 */
export function parseDashManifest(xml: string): DashManifest {
  const mpd = /<MPD\b[^>]*>/.exec(xml)?.[0] ?? '';
  const duration = parseIsoDuration(attr(mpd, 'mediaPresentationDuration') ?? '');
  const representations: ManifestRepresentation[] = [];
  for (const set of xml.match(/<AdaptationSet\b[\s\S]*?<\/AdaptationSet>/g) ?? []) {
    const setTag = /<AdaptationSet\b[^>]*>/.exec(set)?.[0] ?? '';
    // Each representation's text runs to the next one (or the end of the set): its template and channels are in it.
    for (const block of set.split(/(?=<Representation\b)/).slice(1)) {
      const tag = /<Representation\b[^>]*>/.exec(block)?.[0] ?? '';
      const mime = attr(tag, 'mimeType') ?? attr(setTag, 'mimeType') ?? '';
      const kind = mime.startsWith('audio') || attr(setTag, 'contentType') === 'audio' ? 'audio' : 'video';
      const channels = /<AudioChannelConfiguration\b[^>]*>/.exec(block)?.[0];
      representations.push({
        id: attr(tag, 'id') ?? String(representations.length),
        kind,
        mimeType: mime || `${kind}/mp4`,
        codecs: attr(tag, 'codecs') ?? '',
        bandwidth: Number(attr(tag, 'bandwidth') ?? 0),
        width: num(attr(tag, 'width')),
        height: num(attr(tag, 'height')),
        sar: attr(tag, 'sar'),
        frameRate: attr(tag, 'frameRate') ?? attr(setTag, 'frameRate'),
        audioSamplingRate: num(attr(tag, 'audioSamplingRate')),
        channels: channels ? num(attr(channels, 'value')) : null,
        template: template(block) ?? template(set),
      });
    }
  }
  return { duration, representations };
}
