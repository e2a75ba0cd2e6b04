import { describe, expect, it } from 'vitest';
import type { ProbeResult, ProbeStream } from './probe.js';
import { buildRemuxArgs, type ProbedInput, planRemux, RECORDING_DAMAGED } from './remux.plan.js';

const stream = (kind: 'video' | 'audio', width?: number, height?: number): ProbeStream => ({
  index: 0,
  kind,
  codec: kind === 'video' ? 'h264' : 'aac',
  width: width ?? null,
  height: height ?? null,
  frameRate: kind === 'video' ? 30 : null,
  rotation: 0,
  attachedPicture: false,
});

const probe = (streams: ProbeStream[], startTime = 10, duration = 8): ProbeResult => ({
  readable: true,
  error: null,
  formatName: 'mov,mp4,m4a,3gp,3g2,mj2',
  duration,
  startTime,
  size: 1000,
  streams,
  signature: 'mp4',
});

const inputs = (): ProbedInput[] => [
  { name: '160p', kind: 'video', path: '/in/160p.mp4', probe: probe([stream('video', 284, 160)]) },
  { name: '360p', kind: 'video', path: '/in/360p.mp4', probe: probe([stream('video', 640, 360)], 10, 8.008) },
  { name: 'audio', kind: 'audio', path: '/in/audio.mp4', probe: probe([stream('audio')], 10.021) },
];

describe('planRemux', () => {
  it('orders the video highest first, then the audio, each shifted after the earliest start', () => {
    const planned = planRemux(inputs());
    if (!planned.ok) throw new Error(planned.reason);
    const { plan } = planned;
    expect(plan.inputs.map((i) => [i.name, i.offset])).toEqual([
      ['360p', 0],
      ['160p', 0],
      ['audio', 0.021],
    ]);
    expect(plan.run).toMatchObject({ dir: 'media/run1', audio: true });
    expect(plan.run.video.map((v) => [v.name, v.width, v.height])).toEqual([
      ['360p', 640, 360],
      ['160p', 284, 160],
    ]);
    expect(plan.top).toMatchObject({ name: '360p', width: 640, height: 360, path: '/in/360p.mp4' });
    expect(plan.lowest.path).toBe('/in/160p.mp4');
    expect(plan.duration).toBe(8.008);
  });

  it('refuses a damaged recording with a reason: unreadable, the wrong stream, no picture size, empty, no video', () => {
    const broken = (i: number, p: Partial<ProbeResult>) =>
      inputs().map((input, j) => (j === i ? { ...input, probe: { ...input.probe, ...p } } : input));
    const refused = { ok: false, reason: RECORDING_DAMAGED };
    expect(planRemux(broken(0, { readable: false }))).toEqual(refused);
    expect(planRemux(broken(2, { streams: [stream('video', 2, 2)] }))).toEqual(refused);
    expect(planRemux(broken(1, { streams: [stream('video')] }))).toEqual(refused);
    expect(planRemux(broken(1, { duration: 0 }))).toEqual(refused);
    expect(planRemux(inputs().filter((i) => i.kind === 'audio'))).toEqual(refused);
  });
});

describe('buildRemuxArgs', () => {
  it('copies every stream of every input into the DASH muxer with the VOD layout, encoding nothing', () => {
    const planned = planRemux(inputs());
    if (!planned.ok) throw new Error(planned.reason);
    const args = buildRemuxArgs(planned.plan, '/out');
    const text = args.join(' ');
    expect(text).toContain('-i /in/360p.mp4 -i /in/160p.mp4 -itsoffset 0.021000 -i /in/audio.mp4');
    expect(text).toContain('-map 0:v:0 -map 1:v:0 -map 2:a:0 -c copy');
    expect(text).toContain('-f dash -seg_duration 4 -use_template 1 -use_timeline 0 -hls_playlist 1');
    expect(text).toContain('-adaptation_sets id=0,streams=v id=1,streams=a');
    expect(text).toContain(
      '-init_seg_name init-$RepresentationID$.m4s -media_seg_name seg-$RepresentationID$-$Number%05d$.m4s',
    );
    expect(args.at(-1)).toBe('/out/media/run1/manifest.mpd');
    expect(args.filter((a) => /^-(c|codec):|^-filter|^-vf$|^-af$/.test(a))).toEqual([]);
    expect(args).not.toContain('libx264');
  });

  it('makes one video adaptation set for a recording without sound', () => {
    const planned = planRemux(inputs().filter((i) => i.kind === 'video'));
    if (!planned.ok) throw new Error(planned.reason);
    const args = buildRemuxArgs(planned.plan, '/out');
    expect(args).not.toContain('-itsoffset');
    expect(args.join(' ')).toContain('-adaptation_sets id=0,streams=v -init_seg_name');
  });
});
