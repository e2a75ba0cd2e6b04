import { box, concat, fullBox, i32, u8, u16, u32, u64 } from '../mp4.boxes.js';

/** Builders of small fragmented-MP4 streams for tests: the boxes FFmpeg writes, with chosen timings and flags. */

const zeros = (n: number) => new Uint8Array(n);
const ascii = (text: string) => Uint8Array.from(text, (c) => c.charCodeAt(0));

/** Sample flags as FFmpeg writes them: a sync sample depends on nothing; others are non-sync. */
export const SYNC_FLAGS = 0x02000000;
export const NON_SYNC_FLAGS = 0x01010000;

export interface TrackSpec {
  kind: 'video' | 'audio';
  trackId?: number;
  timescale: number;
  width?: number;
  height?: number;
  /** The track header's (display) width, when it differs from the coded `width`. */
  displayWidth?: number;
  /** avcC profile, compatibility and level bytes. */
  avc?: [number, number, number];
  sampleRate?: number;
  channels?: number;
  /** trex defaults. */
  defaultDuration?: number;
}

function esds(): Uint8Array {
  const decSpecific = Uint8Array.of(0x05, 2, 0x11, 0x90);
  const decConfig = concat([
    Uint8Array.of(0x04, 13 + decSpecific.length, 0x40, 0x15, 0, 0, 0),
    u32(128000),
    u32(128000),
    decSpecific,
  ]);
  const sl = Uint8Array.of(0x06, 1, 0x02);
  const es = concat([Uint8Array.of(0x03, 3 + decConfig.length + sl.length), u16(1), u8(0), decConfig, sl]);
  return fullBox('esds', 0, 0, es);
}

function sampleEntry(t: TrackSpec): Uint8Array {
  if (t.kind === 'video') {
    const [p, c, l] = t.avc ?? [0x64, 0x00, 0x1f];
    const avcC = box('avcC', Uint8Array.of(1, p, c, l, 0xff, 0xe0, 0x00));
    return box(
      'avc1',
      zeros(6),
      u16(1),
      zeros(16),
      u16(t.width ?? 640),
      u16(t.height ?? 360),
      u32(0x00480000),
      u32(0x00480000),
      u32(0),
      u16(1),
      zeros(32),
      u16(0x18),
      i32(-1).subarray(2),
      avcC,
      box('pasp', u32(1), u32(1)),
    );
  }
  return box(
    'mp4a',
    zeros(6),
    u16(1),
    zeros(8),
    u16(t.channels ?? 2),
    u16(16),
    u16(0),
    u16(0),
    u32((t.sampleRate ?? 48000) << 16),
    esds(),
  );
}

/** `ftyp` + `moov` of one track, as FFmpeg's `empty_moov` writes it. */
export function buildInit(t: TrackSpec): Uint8Array {
  const trackId = t.trackId ?? 1;
  const ftyp = box('ftyp', ascii('iso5'), u32(512), ascii('iso5iso6mp41'));
  const mvhd = fullBox(
    'mvhd',
    0,
    0,
    u32(0),
    u32(0),
    u32(1000),
    u32(0),
    u32(0x00010000),
    u16(0x0100),
    zeros(10),
    zeros(36),
    zeros(24),
    u32(trackId + 1),
  );
  const video = t.kind === 'video';
  const tkhd = fullBox(
    'tkhd',
    0,
    3,
    u32(0),
    u32(0),
    u32(trackId),
    u32(0),
    u32(0),
    zeros(8),
    u16(0),
    u16(video ? 0 : 1),
    u16(video ? 0 : 0x0100),
    u16(0),
    zeros(36),
    u32((video ? (t.displayWidth ?? t.width ?? 640) : 0) << 16),
    u32((video ? (t.height ?? 360) : 0) << 16),
  );
  const mdhd = fullBox('mdhd', 0, 0, u32(0), u32(0), u32(t.timescale), u32(0), u16(0x55c4), u16(0));
  const hdlr = fullBox('hdlr', 0, 0, u32(0), ascii(video ? 'vide' : 'soun'), zeros(12), ascii('Handler\0'));
  const stbl = box(
    'stbl',
    fullBox('stsd', 0, 0, u32(1), sampleEntry(t)),
    fullBox('stts', 0, 0, u32(0)),
    fullBox('stsc', 0, 0, u32(0)),
    fullBox('stsz', 0, 0, u32(0), u32(0)),
    fullBox('stco', 0, 0, u32(0)),
  );
  const header = video ? fullBox('vmhd', 0, 1, zeros(8)) : fullBox('smhd', 0, 0, zeros(4));
  const dinf = box('dinf', fullBox('dref', 0, 0, u32(1), fullBox('url ', 0, 1)));
  const trak = box('trak', tkhd, box('mdia', mdhd, hdlr, box('minf', header, dinf, stbl)));
  const trex = fullBox('trex', 0, 0, u32(trackId), u32(1), u32(t.defaultDuration ?? 0), u32(0), u32(0));
  return concat([ftyp, box('moov', mvhd, trak, box('mvex', trex))]);
}

export interface SampleSpec {
  duration: number;
  sync: boolean;
  /** Bytes of the sample's data (filled with a marker), 100 unless given. */
  size?: number;
  cto?: number;
}

/**
 * `moof` + `mdat` in FFmpeg's style: defaults in `tfhd` (duration, size and flags of the second sample), a first-sample
 * flags override when the first sample differs, and per-sample fields only where samples differ from the defaults.
 * Sample data bytes are `marker + sample index` so tests can tell samples apart.
 */
export function buildFragment(opts: {
  trackId?: number;
  sequence: number;
  baseDecodeTime: number;
  samples: readonly SampleSpec[];
  marker?: number;
  styp?: boolean;
  /** 1 (64-bit decode time, what FFmpeg writes) unless set. */
  tfdtVersion?: 0 | 1;
}): Uint8Array {
  const { samples } = opts;
  const flagsOf = (s: SampleSpec) => (s.sync ? SYNC_FLAGS : NON_SYNC_FLAGS);
  const sizeOf = (s: SampleSpec) => s.size ?? 100;
  const ref = samples[1] ?? samples[0]!;
  const sameDuration = samples.every((s) => s.duration === ref.duration);
  const sameSize = samples.every((s) => sizeOf(s) === sizeOf(ref));
  const sameFlags = samples.slice(1).every((s) => flagsOf(s) === flagsOf(ref));
  const firstDiffers = flagsOf(samples[0]!) !== flagsOf(ref);
  const withCto = samples.some((s) => (s.cto ?? 0) !== 0);
  const tfhd = fullBox(
    'tfhd',
    0,
    0x020038,
    u32(opts.trackId ?? 1),
    u32(ref.duration),
    u32(sizeOf(ref)),
    u32(flagsOf(ref)),
  );
  const tfdt =
    opts.tfdtVersion === 0
      ? fullBox('tfdt', 0, 0, u32(opts.baseDecodeTime))
      : fullBox('tfdt', 1, 0, u64(opts.baseDecodeTime));
  let trunFlags = 0x1 | (firstDiffers ? 0x4 : 0) | (sameDuration ? 0 : 0x100) | (sameSize ? 0 : 0x200);
  if (!sameFlags) trunFlags |= 0x400;
  if (withCto) trunFlags |= 0x800;
  const entries = samples.flatMap((s) => [
    ...(sameDuration ? [] : [u32(s.duration)]),
    ...(sameSize ? [] : [u32(sizeOf(s))]),
    ...(sameFlags ? [] : [u32(flagsOf(s))]),
    ...(withCto ? [i32(s.cto ?? 0)] : []),
  ]);
  const trun = fullBox(
    'trun',
    withCto ? 1 : 0,
    trunFlags,
    u32(samples.length),
    u32(0),
    ...(firstDiffers ? [u32(flagsOf(samples[0]!))] : []),
    ...entries,
  );
  const moof = box('moof', fullBox('mfhd', 0, 0, u32(opts.sequence)), box('traf', tfhd, tfdt, trun));
  new DataView(moof.buffer).setInt32(moof.length - trun.length + 16, moof.length + 8);
  const data = samples.map((s, i) => new Uint8Array(sizeOf(s)).fill(((opts.marker ?? 0) + i) & 0xff));
  const styp = opts.styp ? [box('styp', ascii('msdh'), u32(0), ascii('msdhmsix'))] : [];
  return concat([...styp, moof, box('mdat', ...data)]);
}

/** A stream of fragments of `perFragment` samples each, keyframes every `gop` samples, starting at decode time 0. */
export function buildStream(
  track: TrackSpec,
  opts: { fragments: number; perFragment: number; sampleDuration: number; gop: number; size?: number },
): { init: Uint8Array; fragments: Uint8Array[] } {
  const fragments: Uint8Array[] = [];
  for (let f = 0; f < opts.fragments; f++) {
    const first = f * opts.perFragment;
    const samples = Array.from({ length: opts.perFragment }, (_, i) => ({
      duration: opts.sampleDuration,
      sync: track.kind === 'audio' || (first + i) % opts.gop === 0,
      size: opts.size ?? 100,
    }));
    fragments.push(buildFragment({ sequence: f + 1, baseDecodeTime: first * opts.sampleDuration, samples, marker: f }));
  }
  return { init: buildInit(track), fragments };
}
