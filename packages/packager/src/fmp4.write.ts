import type { Fragment } from './fmp4.fragment.js';
import { box, concat, fullBox, i32, u32, u64 } from './mp4.boxes.js';

/** A sample to write: timing, flags and its data. */
export interface SampleToWrite {
  duration: number;
  flags: number;
  cto: number;
  data: Uint8Array;
}

/** `tfhd` flag: data offsets count from the start of the `moof` (CMAF requires it). */
const DEFAULT_BASE_IS_MOOF = 0x020000;
/** `trun` flags: data offset, and per-sample duration, size, flags and composition offset. */
const TRUN_ALL = 0x000001 | 0x000100 | 0x000200 | 0x000400 | 0x000800;

/**
 * Writes one CMAF chunk (`moof` + `mdat`) of one track: every sample's fields spelled out in its `trun`, data offsets
 * from the `moof`, decode time in a 64-bit `tfdt`. Pure.
 */
export function writeFragment(opts: {
  trackId: number;
  sequence: number;
  baseDecodeTime: number;
  sampleDescriptionIndex?: number | null;
  samples: readonly SampleToWrite[];
}): Uint8Array {
  const { samples } = opts;
  const signed = samples.some((s) => s.cto < 0);
  const tfhdFields =
    opts.sampleDescriptionIndex != null ? [u32(opts.trackId), u32(opts.sampleDescriptionIndex)] : [u32(opts.trackId)];
  const tfhd = fullBox(
    'tfhd',
    0,
    DEFAULT_BASE_IS_MOOF | (opts.sampleDescriptionIndex != null ? 0x2 : 0),
    ...tfhdFields,
  );
  const tfdt = fullBox('tfdt', 1, 0, u64(opts.baseDecodeTime));
  const entries = samples.flatMap((s) => [
    u32(s.duration),
    u32(s.data.length),
    u32(s.flags),
    signed ? i32(s.cto) : u32(s.cto),
  ]);
  // The data offset is patched once the moof's size is known.
  const trun = fullBox('trun', signed ? 1 : 0, TRUN_ALL, u32(samples.length), u32(0), ...entries);
  const moof = box('moof', fullBox('mfhd', 0, 0, u32(opts.sequence)), box('traf', tfhd, tfdt, trun));
  const trunAt = moof.length - trun.length;
  new DataView(moof.buffer, moof.byteOffset).setInt32(trunAt + 16, moof.length + 8);
  return concat([moof, box('mdat', ...samples.map((s) => s.data))]);
}

/**
 * A copy of the fragment's bytes with its `mfhd` sequence number replaced, and its `tfdt` set to `baseDecodeTime`
 * (which a restarted stream's fragments move). A 32-bit `tfdt` too small for it is rewritten whole, in 64 bits. Pure.
 */
export function renumberFragment(fragment: Fragment, sequence: number): Uint8Array {
  const { offset, size } = fragment.decodeTimeField;
  if (size === 4 && fragment.baseDecodeTime > 0xffff_ffff)
    return rewrite(fragment, 0, fragment.samples.length, sequence);
  const out = fragment.bytes.slice();
  const view = new DataView(out.buffer, out.byteOffset);
  view.setUint32(fragment.sequenceOffset, sequence);
  if (size === 8) view.setBigUint64(offset, BigInt(fragment.baseDecodeTime));
  else view.setUint32(offset, fragment.baseDecodeTime);
  return out;
}

/**
 * Samples `[first, first + count)` of a fragment as a fragment of their own, numbered `sequence`. The boxes that came
 * before the `moof` (such as `styp`) go with the piece that starts at sample 0. Pure.
 */
export function sliceFragment(fragment: Fragment, first: number, count: number, sequence: number): Uint8Array {
  if (first === 0 && count === fragment.samples.length) return renumberFragment(fragment, sequence);
  return rewrite(fragment, first, count, sequence);
}

function rewrite(fragment: Fragment, first: number, count: number, sequence: number): Uint8Array {
  const picked = fragment.samples.slice(first, first + count);
  if (picked.length !== count || count === 0) {
    throw new RangeError(`samples ${first}+${count} are not in a fragment of ${fragment.samples.length}`);
  }
  const before = fragment.samples.slice(0, first).reduce((n, s) => n + s.duration, 0);
  const written = writeFragment({
    trackId: fragment.trackId,
    sequence,
    baseDecodeTime: fragment.baseDecodeTime + before,
    sampleDescriptionIndex: fragment.sampleDescriptionIndex,
    samples: picked.map((s) => ({
      duration: s.duration,
      flags: s.flags,
      cto: s.cto,
      data: fragment.bytes.subarray(s.offset, s.offset + s.size),
    })),
  });
  return first === 0 && fragment.moofOffset > 0
    ? concat([fragment.bytes.subarray(0, fragment.moofOffset), written])
    : written;
}
