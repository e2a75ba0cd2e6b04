export interface ManifestRepresentation {
  id: string;
  kind: 'video' | 'audio';
  codecs: string;
  bandwidth: number;
  width: number | null;
  height: number | null;
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

/**
 * Reads what the transcoder needs from the manifest ffmpeg's DASH muxer wrote (its own, regular output, not
 * arbitrary MPDs): the duration and each representation's codecs, bandwidth and size. Pure.
 */
export function parseDashManifest(xml: string): DashManifest {
  const mpd = /<MPD\b[^>]*>/.exec(xml)?.[0] ?? '';
  const duration = parseIsoDuration(attr(mpd, 'mediaPresentationDuration') ?? '');
  const representations: ManifestRepresentation[] = [];
  for (const tag of xml.match(/<Representation\b[^>]*>/g) ?? []) {
    const mime = attr(tag, 'mimeType') ?? '';
    const width = attr(tag, 'width');
    const height = attr(tag, 'height');
    representations.push({
      id: attr(tag, 'id') ?? String(representations.length),
      kind: mime.startsWith('audio') ? 'audio' : 'video',
      codecs: attr(tag, 'codecs') ?? '',
      bandwidth: Number(attr(tag, 'bandwidth') ?? 0),
      width: width === null ? null : Number(width),
      height: height === null ? null : Number(height),
    });
  }
  return { duration, representations };
}
