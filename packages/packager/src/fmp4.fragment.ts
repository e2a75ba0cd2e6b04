import type { SampleDefaults } from './fmp4.init.js';
import { type BoxHeader, childBoxes, Fields, Mp4FormatError } from './mp4.boxes.js';

/** One sample of a fragment: its timing, flags and where its data lies in the fragment's bytes. */
export interface Sample {
  /** Ticks of the track's timescale. */
  duration: number;
  size: number;
  flags: number;
  /** Composition time offset, ticks (signed). */
  cto: number;
  /** Offset of the sample's data in the fragment's `bytes`. */
  offset: number;
}

/** A movie fragment of one track: `moof` + `mdat` (and the boxes that came just before it, such as `styp`). */
export interface Fragment {
  bytes: Uint8Array;
  /** `mfhd` sequence number, as written by the muxer. */
  sequence: number;
  /** Offset of the `moof` box in `bytes` (the boxes before it, if any, are kept with the fragment). */
  moofOffset: number;
  /** Offset in `bytes` of the `mfhd` sequence number, so a copy can be renumbered. */
  sequenceOffset: number;
  trackId: number;
  sampleDescriptionIndex: number | null;
  /** `tfdt`: decode time of the first sample, ticks. A copy may carry another one (see `renumberFragment`). */
  baseDecodeTime: number;
  /** Where the `tfdt` value lies in `bytes`, and its width: 8 bytes (version 1) or 4. */
  decodeTimeField: { offset: number; size: 4 | 8 };
  /** Sum of the samples' durations, ticks. */
  duration: number;
  samples: Sample[];
  /** The first sample is a sync sample (a keyframe, or any audio sample): a part can start here independently. */
  startsWithSync: boolean;
}

/** `sample_is_non_sync_sample` of ISO BMFF sample flags. */
const NON_SYNC = 0x10000;

/** Whether sample flags mark a sync sample. */
export function isSync(flags: number): boolean {
  return (flags & NON_SYNC) === 0;
}

/** Per-sample field sizes in a `trun`, by flag. */
const TRUN_FIELDS = [0x100, 0x200, 0x400, 0x800] as const;

/** Fragments with more samples than this are refused: no muxer writes them, and they would cost memory to parse. */
export const MAX_SAMPLES_PER_FRAGMENT = 100_000;

interface TrackFragmentHeader {
  trackId: number;
  sampleDescriptionIndex: number | null;
  defaults: SampleDefaults;
}

function tfhd(bytes: Uint8Array, box: BoxHeader, trex: SampleDefaults): TrackFragmentHeader {
  const f = Fields.of(bytes, box);
  const { flags } = f.full();
  const trackId = f.u32();
  if (flags & 0x1) throw new Mp4FormatError('tfhd uses an absolute base data offset: not supported in a stream');
  const sampleDescriptionIndex = flags & 0x2 ? f.u32() : null;
  return {
    trackId,
    sampleDescriptionIndex,
    defaults: {
      duration: flags & 0x8 ? f.u32() : trex.duration,
      size: flags & 0x10 ? f.u32() : trex.size,
      flags: flags & 0x20 ? f.u32() : trex.flags,
    },
  };
}

function tfdt(bytes: Uint8Array, box: BoxHeader): { value: number; field: Fragment['decodeTimeField'] } {
  const f = Fields.of(bytes, box);
  const { version } = f.full();
  const field = { offset: box.start + box.headerSize + 4, size: version === 1 ? 8 : 4 } as const;
  return { value: version === 1 ? f.u64() : f.u32(), field };
}

/** The samples of one `trun`; `dataStart` is where its data begins when it declares no data offset. */
function trun(bytes: Uint8Array, box: BoxHeader, moofStart: number, dataStart: number, d: SampleDefaults): Sample[] {
  const f = Fields.of(bytes, box);
  const { version, flags } = f.full();
  const count = f.u32();
  let offset = flags & 0x1 ? moofStart + f.i32() : dataStart;
  const firstFlags = flags & 0x4 ? f.u32() : null;
  const perSample = TRUN_FIELDS.filter((bit) => flags & bit).length * 4;
  if (count > MAX_SAMPLES_PER_FRAGMENT || count * perSample > f.remaining()) {
    throw new Mp4FormatError(`trun declares ${count} samples, more than it holds`);
  }
  const samples: Sample[] = [];
  for (let i = 0; i < count; i++) {
    const duration = flags & 0x100 ? f.u32() : d.duration;
    const size = flags & 0x200 ? f.u32() : d.size;
    let sampleFlags = flags & 0x400 ? f.u32() : d.flags;
    if (i === 0 && firstFlags !== null) sampleFlags = firstFlags;
    const cto = flags & 0x800 ? (version === 0 ? f.u32() : f.i32()) : 0;
    samples.push({ duration, size, flags: sampleFlags, cto, offset });
    offset += size;
  }
  return samples;
}

/**
 * Parses one movie fragment of the track `init` describes. `bytes` holds the fragment (any boxes before its `moof`,
 * the `moof`, then the `mdat`); every sample must lie inside the `mdat`. Throws `Mp4FormatError` otherwise. Pure.
 */
export function parseFragment(
  bytes: Uint8Array,
  moof: BoxHeader,
  mdat: BoxHeader,
  init: { trackId: number; defaults: SampleDefaults },
): Fragment {
  let sequence: number | null = null;
  let sequenceOffset = 0;
  const trafs: BoxHeader[] = [];
  for (const child of childBoxes(bytes, moof.start + moof.headerSize, moof.start + moof.size)) {
    if (child.type === 'mfhd') {
      sequenceOffset = child.start + child.headerSize + 4;
      const f = Fields.of(bytes, child);
      f.full();
      sequence = f.u32();
    } else if (child.type === 'traf') trafs.push(child);
  }
  if (sequence === null) throw new Mp4FormatError('moof has no mfhd box');
  if (trafs.length !== 1) throw new Mp4FormatError(`moof holds ${trafs.length} track fragments; one is supported`);
  const traf = trafs[0]!;
  const children = childBoxes(bytes, traf.start + traf.headerSize, traf.start + traf.size);
  const header = children.find((b) => b.type === 'tfhd');
  const time = children.find((b) => b.type === 'tfdt');
  if (!header) throw new Mp4FormatError('traf has no tfhd box');
  if (!time) throw new Mp4FormatError('traf has no tfdt box: fragments must carry their decode time');
  const track = tfhd(bytes, header, init.defaults);
  const decodeTime = tfdt(bytes, time);
  if (track.trackId !== init.trackId) {
    throw new Mp4FormatError(`fragment of track ${track.trackId}; the init segment describes track ${init.trackId}`);
  }
  const samples: Sample[] = [];
  const payloadStart = mdat.start + mdat.headerSize;
  let dataStart = payloadStart;
  for (const run of children.filter((b) => b.type === 'trun')) {
    const more = trun(bytes, run, moof.start, dataStart, track.defaults);
    samples.push(...more);
    const last = more[more.length - 1];
    if (last) dataStart = last.offset + last.size;
  }
  for (const s of samples) {
    if (s.offset < payloadStart || s.offset + s.size > mdat.start + mdat.size) {
      throw new Mp4FormatError('a sample of the fragment lies outside its mdat box');
    }
  }
  return {
    bytes,
    sequence,
    moofOffset: moof.start,
    sequenceOffset,
    trackId: track.trackId,
    sampleDescriptionIndex: track.sampleDescriptionIndex,
    baseDecodeTime: decodeTime.value,
    decodeTimeField: decodeTime.field,
    duration: samples.reduce((n, s) => n + s.duration, 0),
    samples,
    startsWithSync: samples[0] !== undefined && isSync(samples[0].flags),
  };
}
