import { describe, expect, it } from 'vitest';
import { fragmentDuration, fragmentedOutputArgs, keyframeArgs } from './ffmpeg.live.args.js';

describe('FFmpeg arguments for the packager', () => {
  it('asks for fragments of whole frames within the part target', () => {
    expect(fragmentDuration(0.2, 1 / 30)).toBe(199_999);
    expect(fragmentDuration(0.2, 1024 / 48000)).toBe(191_999);
    expect(fragmentDuration(0.2, 1001 / 30000)).toBe(166_832);
    expect(fragmentDuration(0.25, 1 / 30)).toBe(233_332);
    expect(fragmentDuration(0.1, 0.5)).toBe(499_999);
  });

  it('spells out the muxer options and the keyframe grid', () => {
    expect(fragmentedOutputArgs({ partTarget: 0.2, frameSeconds: 1 / 30 })).toEqual([
      '-f',
      'mp4',
      '-movflags',
      '+empty_moov+default_base_moof+frag_keyframe+separate_moof',
      '-frag_duration',
      '199999',
    ]);
    expect(keyframeArgs({ segmentTarget: 1, frameRate: 30 })).toEqual([
      '-force_key_frames',
      'expr:gte(t,n_forced*1)',
      '-g',
      '30',
      '-keyint_min',
      '30',
      '-sc_threshold',
      '0',
    ]);
  });
});
