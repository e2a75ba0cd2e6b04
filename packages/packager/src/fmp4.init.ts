import { type BoxHeader, childBoxes, Fields, fourcc, Mp4FormatError, requireChild } from './mp4.boxes.js';
import { codecString } from './mp4.codecs.js';

/** Sample defaults a fragment falls back on when its `tfhd` and `trun` leave a field out (from `trex`). */
export interface SampleDefaults {
  duration: number;
  size: number;
  flags: number;
}

/** What the manifests and the fragment parser need from an init segment (`ftyp` + `moov`) of one track. */
export interface InitSegment {
  /** `ftyp` and `moov`, as received: the `EXT-X-MAP` / DASH initialization bytes. */
  bytes: Uint8Array;
  trackId: number;
  kind: 'video' | 'audio';
  /** Ticks per second of the track's decode times (`mdhd`). */
  timescale: number;
  /** RFC 6381 codec string for HLS `CODECS` and DASH `codecs`: `avc1.64001f`, `mp4a.40.2`. */
  codec: string;
  /** Display size (`tkhd`, else the sample entry), video only. */
  width: number | null;
  height: number | null;
  /** `pasp` as `h:v`, when the track declares one. */
  sar: string | null;
  sampleRate: number | null;
  channels: number | null;
  /** ISO 639-2 language from `mdhd`, `und` when unset. */
  language: string;
  defaults: SampleDefaults;
}

const HANDLERS: Record<string, InitSegment['kind']> = { vide: 'video', soun: 'audio' };

function mdhd(bytes: Uint8Array, box: BoxHeader): { timescale: number; language: string } {
  const f = Fields.of(bytes, box);
  const { version } = f.full();
  f.skip(version === 1 ? 16 : 8);
  const timescale = f.u32();
  f.skip(version === 1 ? 8 : 4);
  const packed = f.u16();
  const language =
    packed === 0
      ? 'und'
      : String.fromCharCode(((packed >> 10) & 0x1f) + 0x60, ((packed >> 5) & 0x1f) + 0x60, (packed & 0x1f) + 0x60);
  if (timescale === 0) throw new Mp4FormatError('mdhd declares a timescale of 0');
  return { timescale, language };
}

function tkhd(bytes: Uint8Array, box: BoxHeader): { trackId: number; width: number; height: number } {
  const f = Fields.of(bytes, box);
  const { version } = f.full();
  f.skip(version === 1 ? 16 : 8);
  const trackId = f.u32();
  // reserved, duration, reserved[2], layer, alternate group, volume, reserved, matrix[9]
  f.skip(4 + (version === 1 ? 8 : 4) + 8 + 8 + 36);
  const width = Math.round(f.u32() / 65536);
  const height = Math.round(f.u32() / 65536);
  return { trackId, width, height };
}

function trexDefaults(bytes: Uint8Array, moov: BoxHeader, trackId: number): SampleDefaults {
  const mvex = childBoxes(bytes, moov.start + moov.headerSize, moov.start + moov.size).find((b) => b.type === 'mvex');
  if (!mvex) throw new Mp4FormatError('moov has no mvex box: the stream is not fragmented MP4');
  for (const trex of childBoxes(bytes, mvex.start + mvex.headerSize, mvex.start + mvex.size)) {
    if (trex.type !== 'trex') continue;
    const f = Fields.of(bytes, trex);
    f.full();
    if (f.u32() !== trackId) continue;
    f.u32(); // default sample description index
    return { duration: f.u32(), size: f.u32(), flags: f.u32() };
  }
  throw new Mp4FormatError(`mvex has no trex box for track ${trackId}`);
}

/** Visual sample entries carry 78 bytes of fields before their child boxes, audio ones 28. */
const ENTRY_FIELDS = { video: 78, audio: 28 } as const;

function sampleEntry(bytes: Uint8Array, stbl: BoxHeader, kind: InitSegment['kind']) {
  const stsd = requireChild(bytes, stbl, 'stsd');
  const f = Fields.of(bytes, stsd);
  f.full();
  const count = f.u32();
  if (count !== 1) throw new Mp4FormatError(`stsd lists ${count} sample entries; one is supported`);
  const entry = childBoxes(bytes, f.at, stsd.start + stsd.size)[0];
  if (!entry) throw new Mp4FormatError('stsd has no sample entry');
  const e = Fields.of(bytes, entry);
  e.skip(8); // reserved, data reference index
  let width: number | null = null;
  let height: number | null = null;
  let channels: number | null = null;
  let sampleRate: number | null = null;
  if (kind === 'video') {
    e.skip(16);
    width = e.u16();
    height = e.u16();
    e.skip(ENTRY_FIELDS.video - 8 - 16 - 4);
  } else {
    e.skip(8);
    channels = e.u16();
    e.skip(6); // sample size, pre-defined, reserved
    sampleRate = e.u32() >>> 16;
    e.skip(ENTRY_FIELDS.audio - 8 - 8 - 2 - 6 - 4);
  }
  const children = new Map(childBoxes(bytes, e.at, entry.start + entry.size).map((b) => [b.type, b]));
  return { entry, width, height, channels, sampleRate, children };
}

function pasp(bytes: Uint8Array, box: BoxHeader | undefined): string | null {
  if (!box) return null;
  const f = Fields.of(bytes, box);
  const h = f.u32();
  const v = f.u32();
  return h > 0 && v > 0 ? `${h}:${v}` : null;
}

/**
 * Reads an init segment of one audio or video track: its timescale, kind, codec string, size and sample defaults.
 * Throws `Mp4FormatError` on anything it cannot describe (several tracks, other handlers, missing boxes). Pure.
 */
export function parseInit(bytes: Uint8Array, moov: BoxHeader): InitSegment {
  const traks = childBoxes(bytes, moov.start + moov.headerSize, moov.start + moov.size).filter(
    (b) => b.type === 'trak',
  );
  if (traks.length !== 1) throw new Mp4FormatError(`moov holds ${traks.length} tracks; one per stream is supported`);
  const trak = traks[0]!;
  const header = tkhd(bytes, requireChild(bytes, trak, 'tkhd'));
  const mdia = requireChild(bytes, trak, 'mdia');
  const { timescale, language } = mdhd(bytes, requireChild(bytes, mdia, 'mdhd'));
  const hdlr = requireChild(bytes, mdia, 'hdlr');
  const handler = fourcc(bytes, hdlr.start + hdlr.headerSize + 8);
  const kind = HANDLERS[handler];
  if (!kind) throw new Mp4FormatError(`track handler ${handler} is not audio or video`);
  const stbl = requireChild(bytes, requireChild(bytes, mdia, 'minf'), 'stbl');
  const entry = sampleEntry(bytes, stbl, kind);
  return {
    bytes,
    trackId: header.trackId,
    kind,
    timescale,
    codec: codecString(bytes, entry.entry.type, entry.children),
    // The coded size (the sample entry's), which HLS's RESOLUTION and DASH's width mean; the track header's is the
    // display size, which rounds (854×480 at a sample aspect that keeps 16:9 displays as 853×480).
    width: kind === 'video' ? entry.width || header.width : null,
    height: kind === 'video' ? entry.height || header.height : null,
    sar: pasp(bytes, entry.children.get('pasp')),
    sampleRate: entry.sampleRate,
    channels: entry.channels,
    language,
    defaults: trexDefaults(bytes, moov, header.trackId),
  };
}
