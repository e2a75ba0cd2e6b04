import { describe, expect, it } from 'vitest';
import { buildThumbnailArgs, buildTranscodeArgs, cascadeFilter, thumbnailSize } from './ffmpeg.args.js';
import { type LadderRun, planLadder } from './ladder.plan.js';
import { planStoryboard } from './storyboard.plan.js';

const source = { width: 1920, height: 1080, duration: 60, frameRate: 30, hasAudio: true, videoCodec: 'h264' };

function after(args: string[], flag: string): string | undefined {
  const i = args.indexOf(flag);
  return i < 0 ? undefined : args[i + 1];
}

describe('cascadeFilter', () => {
  it('decodes once per run and scales each rendition of the run from the one above it', () => {
    const plan = planLadder({ ...source, width: 1280, height: 720 });
    expect(cascadeFilter(plan, plan.runs[1]!).split(';')).toEqual([
      '[0:v:0]scale=w=1280:h=720:flags=bicubic,format=yuv420p,split=2[v0][c0]',
      '[c0]scale=w=854:h=480:flags=bicubic[v1]',
    ]);
    expect(cascadeFilter(plan, plan.runs[0]!).split(';')).toEqual([
      '[0:v:0]scale=w=640:h=360:flags=bicubic,format=yuv420p,split=2[v0][c0]',
      '[c0]scale=w=426:h=240:flags=bicubic[v1]',
    ]);
  });

  it('lowers the frame rate first when the source is faster than the cap', () => {
    const plan = planLadder({ ...source, frameRate: 120 });
    expect(cascadeFilter(plan, plan.runs[1]!, 120)).toMatch(/^\[0:v:0\]fps=60,scale=w=1920/);
    expect(cascadeFilter(plan, plan.runs[0]!, 120)).toMatch(/^\[0:v:0\]fps=60,scale=w=640/);
    expect(cascadeFilter(plan, plan.runs[1]!, 60)).not.toContain('fps=');
  });

  it('needs no split for a single rendition', () => {
    const plan = planLadder({ ...source, width: 200, height: 120 });
    expect(cascadeFilter(plan, plan.runs[0]!)).toBe('[0:v:0]scale=w=200:h=120:flags=bicubic,format=yuv420p[v0]');
  });
});

describe('buildTranscodeArgs', () => {
  const plan = planLadder(source);
  const [low, high] = plan.runs as [LadderRun, LadderRun];
  const args = buildTranscodeArgs('/in/original', plan, high, '/out');
  const lowArgs = buildTranscodeArgs('/in/original', plan, low, '/out');

  it('is one process per run: one input, one DASH output in the run’s folder, progress on stdout', () => {
    expect(args.filter((a) => a === '-i')).toHaveLength(1);
    expect(after(args, '-i')).toBe('/in/original');
    expect(after(args, '-f')).toBe('dash');
    expect(after(args, '-hls_playlist')).toBe('1');
    expect(after(args, '-seg_duration')).toBe('4');
    expect(after(args, '-use_template')).toBe('1');
    expect(after(args, '-use_timeline')).toBe('0');
    expect(after(args, '-progress')).toBe('pipe:1');
    expect(args).toContain('-nostats');
    expect(args.at(-1)).toBe('/out/media/run2/manifest.mpd');
    expect(lowArgs.at(-1)).toBe('/out/media/run1/manifest.mpd');
  });

  it('uses the same keyframe settings in every run, so their segments cut at the same instants', () => {
    for (const flag of ['-g', '-keyint_min', '-sc_threshold', '-force_key_frames', '-seg_duration']) {
      expect(after(lowArgs, flag)).toBe(after(args, flag));
    }
  });

  it('aligns keyframes: fixed GOP of one segment, no scene-cut keyframes, forced on segment boundaries', () => {
    expect(after(args, '-g')).toBe('120');
    expect(after(args, '-keyint_min')).toBe('120');
    expect(after(args, '-sc_threshold')).toBe('0');
    expect(after(args, '-force_key_frames')).toBe('expr:gte(t,n_forced*4)');
  });

  it('maps every rendition of the run with its own cap and preset; the audio only in the first run', () => {
    expect(args.filter((_a, i) => args[i - 1] === '-map')).toEqual(['[v0]', '[v1]', '[v2]']);
    expect(after(args, '-maxrate:v:0')).toBe('5000000');
    expect(after(args, '-bufsize:v:2')).toBe('2800000');
    expect(after(args, '-preset:v:0')).toBe('veryfast');
    expect(args).not.toContain('-c:a');
    expect(after(args, '-adaptation_sets')).toBe('id=0,streams=v');
    expect(lowArgs.filter((_a, i) => lowArgs[i - 1] === '-map')).toEqual(['[v0]', '[v1]', '0:a:0']);
    expect(after(lowArgs, '-maxrate:v:0')).toBe('800000');
    expect(after(lowArgs, '-bufsize:v:1')).toBe('800000');
    expect(after(lowArgs, '-c:a')).toBe('aac');
    expect(after(lowArgs, '-adaptation_sets')).toBe('id=0,streams=v id=1,streams=a');
  });

  it('leaves audio out for a silent source', () => {
    const silentPlan = planLadder({ ...source, hasAudio: false });
    const silent = buildTranscodeArgs('/in', silentPlan, silentPlan.runs[0]!, '/out');
    expect(silent).not.toContain('0:a:0');
    expect(silent).not.toContain('-c:a');
    expect(after(silent, '-adaptation_sets')).toBe('id=0,streams=v');
  });
});

describe('buildThumbnailArgs', () => {
  it('seeks the source for the poster and tiles the lowest rendition for the storyboard', () => {
    const plan = planStoryboard(60, 1920, 1080)!;
    const args = buildThumbnailArgs(
      '/in',
      { at: 6, width: 1920, height: 1080 },
      { plan, from: '/out/media/media_4.m3u8' },
      '/out',
    );
    expect(args.slice(args.indexOf('-ss'), args.indexOf('-ss') + 4)).toEqual(['-ss', '6.000', '-i', '/in']);
    expect(args).toContain('/out/media/media_4.m3u8');
    expect(after(args, '-filter_complex')).toContain('fps=1/1,scale=w=160:h=90,tpad=stop_mode=clone:stop=60,tile=10x6');
    expect(args.at(-1)).toBe('/out/storyboard.jpg');
  });

  it('makes only the poster and its thumbnail without a storyboard', () => {
    const args = buildThumbnailArgs('/in', { at: 0.1, width: 640, height: 360 }, null, '/out');
    expect(args.filter((a) => a === '-i')).toHaveLength(1);
    expect(after(args, '-filter_complex')).toBe(
      '[0:v:0]scale=w=640:h=360,split=2[poster][big];[big]scale=w=480:h=270[thumb]',
    );
    expect(args.slice(-2)).toEqual(['1', '/out/thumbnail.jpg']);
    expect(args).toContain('/out/poster.jpg');
  });
});

describe('thumbnailSize', () => {
  it('scales down to 480 pixels wide, keeping the shape, in even sizes', () => {
    expect(thumbnailSize(1920, 1080)).toEqual({ width: 480, height: 270 });
    expect(thumbnailSize(1080, 1920)).toEqual({ width: 480, height: 854 });
    expect(thumbnailSize(1440, 1080)).toEqual({ width: 480, height: 360 });
  });

  it('never upscales a small poster, and never reaches zero', () => {
    expect(thumbnailSize(426, 240)).toEqual({ width: 426, height: 240 });
    expect(thumbnailSize(321, 181)).toEqual({ width: 320, height: 180 });
    expect(thumbnailSize(480, 2)).toEqual({ width: 480, height: 2 });
  });
});
