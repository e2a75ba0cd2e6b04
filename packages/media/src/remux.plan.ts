import { join } from 'node:path';
import { dashOutputArgs, RUN_MANIFEST } from './ffmpeg.args.js';
import type { LadderRun, VideoRendition } from './ladder.plan.js';
import type { ProbeResult } from './probe.js';

/** One rendition of a recording, as a local fragmented MP4 file (its init segment, then every segment). */
export interface RemuxInput {
  name: string;
  kind: 'video' | 'audio';
  path: string;
}

export interface ProbedInput extends RemuxInput {
  probe: ProbeResult;
}

export interface RemuxPlan {
  /** Video highest first, then the audio; `offset` is seconds after the earliest input's start, which keeps sync. */
  inputs: (RemuxInput & { offset: number })[];
  /** The one run of the DASH muxer: every rendition copied into `media/run1`, named like a transcode's. */
  run: LadderRun;
  /** The highest video rendition (the poster) and the lowest (the storyboard, cheaper to decode). */
  top: RemuxInput & { width: number; height: number };
  lowest: RemuxInput;
  /** Seconds, as probed from the top rendition. */
  duration: number;
  segmentSeconds: number;
}

/** The segment length of the VOD layout; the muxer cuts at the first keyframe after it (every 1–2 s in a stream). */
export const REMUX_SEGMENT_SECONDS = 4;

export const RECORDING_DAMAGED = "The stream's recording is damaged, so its replay could not be made.";

const COMMON = ['-hide_banner', '-nostdin', '-y', '-v', 'error'];

/**
 * What the remux of a recording does, from what ffprobe read of each rendition's file: every file must hold the one
 * stream of its kind (a damaged recording is refused with a reason, not tried). Pure.
 */
export function planRemux(
  inputs: readonly ProbedInput[],
): { ok: true; plan: RemuxPlan } | { ok: false; reason: string } {
  const damaged = { ok: false as const, reason: RECORDING_DAMAGED };
  const facts: { input: ProbedInput; width: number; height: number; start: number }[] = [];
  for (const input of inputs) {
    const { probe } = input;
    const stream = probe.streams.find((s) => s.kind === input.kind);
    if (!probe.readable || !stream || !(probe.duration !== null && probe.duration > 0)) return damaged;
    if (input.kind === 'video' && !(stream.width && stream.height)) return damaged;
    facts.push({ input, width: stream.width ?? 0, height: stream.height ?? 0, start: probe.startTime ?? 0 });
  }
  const video = facts.filter((f) => f.input.kind === 'video').sort((a, b) => b.height - a.height);
  const audio = facts.find((f) => f.input.kind === 'audio');
  const top = video[0];
  const lowest = video.at(-1);
  if (!top || !lowest) return damaged;
  const ordered = [...video, ...(audio ? [audio] : [])];
  const earliest = Math.min(...ordered.map((f) => f.start));
  const renditions: VideoRendition[] = video.map((f) => ({
    name: f.input.name,
    width: f.width,
    height: f.height,
    maxrate: 0,
    preset: 'copy',
  }));
  const strip = ({ name, kind, path }: RemuxInput): RemuxInput => ({ name, kind, path });
  return {
    ok: true,
    plan: {
      inputs: ordered.map((f) => ({ ...strip(f.input), offset: Math.round((f.start - earliest) * 1e6) / 1e6 })),
      run: { dir: 'media/run1', video: renditions, audio: Boolean(audio) },
      top: { ...strip(top.input), width: top.width, height: top.height },
      lowest: strip(lowest.input),
      duration: top.input.probe.duration ?? 0,
      segmentSeconds: REMUX_SEGMENT_SECONDS,
    },
  };
}

/**
 * The argv (after the ffmpeg binary) of the remux: every rendition's file an input (shifted by its offset so the
 * streams stay in sync), each stream copied (`-c copy`: nothing is decoded or encoded) into the DASH muxer with the
 * VOD layout — CMAF segments and HLS playlists in `media/run1`, whose manifest is read and replaced by ours. Pure.
 */
export function buildRemuxArgs(plan: RemuxPlan, outDir: string): string[] {
  const args = [...COMMON, '-nostats', '-progress', 'pipe:1'];
  for (const input of plan.inputs) {
    if (input.offset > 0) args.push('-itsoffset', input.offset.toFixed(6));
    args.push('-i', input.path);
  }
  plan.inputs.forEach((input, i) => {
    args.push('-map', `${i}:${input.kind === 'video' ? 'v' : 'a'}:0`);
  });
  args.push(
    '-c',
    'copy',
    ...dashOutputArgs({
      segmentSeconds: plan.segmentSeconds,
      audio: Boolean(plan.run.audio),
      manifest: join(outDir, plan.run.dir, RUN_MANIFEST),
    }),
  );
  return args;
}
