import { describe, expect, it } from 'vitest';
import { defaultLadderPolicy, planLadder, planRuns } from './ladder.plan.js';
import type { SourceInfo } from './probe.validate.js';

const source = (over: Partial<SourceInfo> = {}): SourceInfo => ({
  width: 1920,
  height: 1080,
  duration: 60,
  frameRate: 30,
  hasAudio: true,
  videoCodec: 'h264',
  ...over,
});
const sizes = (s: SourceInfo) => planLadder(s).video.map((r) => `${r.name}:${r.width}x${r.height}`);

describe('planLadder', () => {
  it.each([
    [source(), ['1080p:1920x1080', '720p:1280x720', '480p:854x480', '360p:640x360', '240p:426x240']],
    [
      source({ width: 3840, height: 2160 }),
      ['1080p:1920x1080', '720p:1280x720', '480p:854x480', '360p:640x360', '240p:426x240'],
    ],
    [source({ width: 1280, height: 720 }), ['720p:1280x720', '480p:854x480', '360p:640x360', '240p:426x240']],
    [source({ width: 640, height: 360 }), ['360p:640x360', '240p:426x240']],
    [
      source({ width: 1080, height: 1920 }),
      ['1080p:1080x1920', '720p:720x1280', '480p:480x854', '360p:360x640', '240p:240x426'],
    ],
    [source({ width: 1000, height: 700 }), ['480p:686x480', '360p:514x360', '240p:342x240']],
    // Smaller than the lowest rung: one rendition at its own (even) size.
    [source({ width: 176, height: 144 }), ['144p:176x144']],
    [source({ width: 161, height: 101 }), ['102p:162x102']],
  ])('%#: never upscales, keeps the aspect, even sizes', (input, expected) => {
    const plan = planLadder(input);
    expect(sizes(input)).toEqual(expected);
    for (const r of plan.video) {
      expect(r.width % 2).toBe(0);
      expect(r.height % 2).toBe(0);
      expect(Math.min(r.width, r.height)).toBeLessThanOrEqual(Math.min(input.width, input.height) + 1);
    }
  });

  it('gives each rung a lower cap than the one above', () => {
    const caps = planLadder(source()).video.map((r) => r.maxrate);
    expect(caps).toEqual([...caps].sort((a, b) => b - a));
  });

  it('adds audio only when the source has sound', () => {
    expect(planLadder(source()).audio).toEqual({ bitrate: 128_000 });
    expect(planLadder(source({ hasAudio: false })).audio).toBeNull();
  });

  it.each([
    [30, 30, 120],
    [29.97, 29.97, 120],
    [25, 25, 100],
    [120, 60, 240],
  ])('a %s fps source is encoded at %s fps with a GOP of %s frames (one 4 s segment)', (fps, out, gop) => {
    const plan = planLadder(source({ frameRate: fps }));
    expect(plan.frameRate).toBe(out);
    expect(plan.gop).toBe(gop);
  });

  it.each([
    [
      source(),
      [
        ['360p', '240p'],
        ['1080p', '720p', '480p'],
      ],
    ],
    [
      source({ width: 1280, height: 720 }),
      [
        ['360p', '240p'],
        ['720p', '480p'],
      ],
    ],
    [source({ width: 1000, height: 700 }), [['360p', '240p'], ['480p']]],
    [source({ width: 640, height: 360 }), [['360p', '240p']]],
    [source({ width: 176, height: 144 }), [['144p']]],
  ])('%#: the lowest two rungs and the audio first, then the rest; no rung twice', (input, expected) => {
    const plan = planLadder(input);
    expect(plan.runs.map((r) => r.video.map((v) => v.name))).toEqual(expected);
    expect(plan.runs.map((r) => r.dir)).toEqual(['media/run1', 'media/run2'].slice(0, expected.length));
    expect(plan.runs.map((r) => r.audio)).toEqual([true, false].slice(0, expected.length));
    expect(plan.runs.flatMap((r) => r.video).length).toBe(plan.video.length);
  });

  it('splits after as many rungs as the policy says, and never leaves a run empty', () => {
    expect(planRuns(planLadder(source()).video, true, 1).map((r) => r.video.length)).toEqual([1, 4]);
    expect(planRuns(planLadder(source()).video, false, 5).map((r) => r.video.length)).toEqual([5]);
    expect(planRuns(planLadder(source()).video, false, 0)[0]!.video.map((v) => v.name)).toEqual(['240p']);
  });

  it('refuses a policy without rungs', () => {
    expect(() => planLadder(source(), { ...defaultLadderPolicy, rungs: [] })).toThrow(RangeError);
  });
});
