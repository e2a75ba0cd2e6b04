/**
 * FFmpeg arguments for the outputs the packager reads. It never runs FFmpeg itself; whoever does puts these after
 * each output's codec options and before its `pipe:N`.
 */

/** The fragmented-MP4 flags: an init segment first, then one `moof`+`mdat` per fragment, offsets from the `moof`. */
export const FRAGMENTED_MP4_FLAGS = '+empty_moov+default_base_moof+frag_keyframe+separate_moof';

/**
 * `-frag_duration` in microseconds for a track whose samples last `frameSeconds`, so its fragments are as long as
 * `partTarget` allows and never longer. FFmpeg cuts a fragment before the first packet at least `-frag_duration`
 * after the fragment's start, so a fragment holds `ceil(d / frame)` samples; the largest `d` keeping that within the
 * target is a whole number of frames, less a microsecond against rounding. 30 fps → 199999 (6 frames, 200 ms); AAC
 * at 48 kHz → 191999 (9 frames, 192 ms). Pure.
 */
export function fragmentDuration(partTarget: number, frameSeconds: number): number {
  const frames = Math.max(1, Math.floor(partTarget / frameSeconds + 1e-9));
  return Math.max(1, Math.floor(frames * frameSeconds * 1e6) - 1);
}

/** The muxer options of one output read by the packager: `-f mp4 -movflags … -frag_duration …`. Pure. */
export function fragmentedOutputArgs(opts: { partTarget: number; frameSeconds: number }): string[] {
  return [
    '-f',
    'mp4',
    '-movflags',
    FRAGMENTED_MP4_FLAGS,
    '-frag_duration',
    String(fragmentDuration(opts.partTarget, opts.frameSeconds)),
  ];
}

/**
 * Keyframes at every multiple of `segmentTarget` from the output's zero and nowhere else (no scene-cut keyframes),
 * the same in every rung: where the packager starts segments. Video outputs only. Pure.
 */
export function keyframeArgs(opts: { segmentTarget: number; frameRate: number }): string[] {
  const gop = Math.max(1, Math.round(opts.segmentTarget * opts.frameRate));
  return [
    '-force_key_frames',
    `expr:gte(t,n_forced*${opts.segmentTarget})`,
    '-g',
    String(gop),
    '-keyint_min',
    String(gop),
    '-sc_threshold',
    '0',
  ];
}
