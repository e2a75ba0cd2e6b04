import { describe, expect, it } from 'vitest';
import { buildLiveArgs, type LiveMux, liveOutputFds } from './live.args.js';
import { type LiveSource, planLiveLadder } from './live.ladder.js';

const obs: LiveSource = {
  videoCodec: 'h264',
  width: 1920,
  height: 1080,
  fps: 30,
  keyframeInterval: 2,
  audioCodec: 'aac',
};

const mux: LiveMux = (output) => ['-f', 'mp4', '-frag_duration', output.kind === 'video' ? '199999' : '191999'];

describe('planLiveLadder', () => {
  it('passes an H.264 source with 2 s keyframes through, and encodes the rungs below it on its keyframes', () => {
    const plan = planLiveLadder(obs);
    expect(plan.video.map((r) => [r.name, r.width, r.height, r.passthrough])).toEqual([
      ['1080p', 1920, 1080, true],
      ['720p', 1280, 720, false],
      ['480p', 854, 480, false],
      ['360p', 640, 360, false],
      ['160p', 284, 160, false],
    ]);
    expect(plan.keyframes).toBe('source');
    expect(plan.audio).toEqual({ copy: true, bitrate: 128_000, sampleRate: 48_000 });
  });

  it('keeps only the rungs below the source an operator asks for', () => {
    const plan = planLiveLadder({ ...obs, width: 1280, height: 720 }, { heights: [480, 360] });
    expect(plan.video.map((r) => [r.name, r.passthrough])).toEqual([
      ['720p', true],
      ['480p', false],
      ['360p', false],
    ]);
    expect(planLiveLadder(obs, { heights: [] }).video.map((r) => r.name)).toEqual(['1080p']);
  });

  it('re-encodes the top rung when keyframes are far apart or unknown, or the codec is not H.264', () => {
    for (const source of [
      { ...obs, keyframeInterval: 8 },
      { ...obs, keyframeInterval: null },
      { ...obs, videoCodec: 'hevc' },
    ]) {
      const plan = planLiveLadder(source);
      expect(plan.video[0]).toMatchObject({ name: '1080p', passthrough: false });
      expect(plan.keyframes).toBe(1);
    }
  });

  it('never goes above the source, keeps 60 fps only from 720p up, and encodes audio that is not AAC', () => {
    const plan = planLiveLadder({ ...obs, width: 1280, height: 720, fps: 60, audioCodec: 'opus' });
    expect(plan.video.map((r) => [r.name, r.fps])).toEqual([
      ['720p', 60],
      ['480p', 30],
      ['360p', 30],
      ['160p', 30],
    ]);
    expect(plan.audio).toEqual({ copy: false, bitrate: 128_000, sampleRate: 48_000 });
    expect(planLiveLadder({ ...obs, audioCodec: null }).audio).toBeNull();
  });
});

describe('buildLiveArgs', () => {
  it('writes each rendition and the audio to its own pipe, copying the passed-through rung', () => {
    const plan = planLiveLadder({ ...obs, width: 1280, height: 720 });
    const args = buildLiveArgs(plan, { mux });
    expect(liveOutputFds(plan)).toEqual({ video: [3, 4, 5, 6], audio: 7 });
    expect(args.slice(args.indexOf('-i'), args.indexOf('-i') + 2)).toEqual(['-i', 'pipe:0']);
    expect(args.filter((a) => a.startsWith('pipe:'))).toEqual([
      'pipe:1',
      'pipe:0',
      'pipe:3',
      'pipe:4',
      'pipe:5',
      'pipe:6',
      'pipe:7',
    ]);
    const filter = args[args.indexOf('-filter_complex') + 1];
    expect(filter).toBe(
      '[0:v:0]split=3[s1][s2][s3];' +
        '[s1]scale=w=854:h=480:flags=bicubic,format=yuv420p[v1];' +
        '[s2]scale=w=640:h=360:flags=bicubic,format=yuv420p[v2];' +
        '[s3]scale=w=284:h=160:flags=bicubic,format=yuv420p[v3]',
    );
    const top = args.slice(args.indexOf('0:v:0', args.indexOf('-filter_complex') + 2) - 1, args.indexOf('pipe:3'));
    expect(top).toEqual(expect.arrayContaining(['-c:v', 'copy']));
    expect(args.join(' ')).toContain('-force_key_frames source');
    expect(args.join(' ')).toContain('-fps_mode passthrough');
    // A 60 fps source: the rungs at 30 fps drop every other frame.
    const sixty = buildLiveArgs(planLiveLadder({ ...obs, width: 1280, height: 720, fps: 60 }), { mux });
    expect(sixty[sixty.indexOf('-filter_complex') + 1]).toContain('[s1]fps=30,scale=w=854:h=480');
    expect(args.join(' ')).toContain('-map 0:a:0 -vn -c:a copy -map_metadata -1 -f mp4 -frag_duration 191999 pipe:7');
  });
});
