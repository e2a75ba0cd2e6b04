import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { Rendition, TranscodeOutputs } from '@framecast/contracts';
import { parseDashManifest } from './dash.manifest.js';
import { buildThumbnailArgs, buildTranscodeArgs } from './ffmpeg.args.js';
import type { FfmpegPaths } from './ffmpeg.find.js';
import { FfmpegRunError, runFfmpeg } from './ffmpeg.run.js';
import { defaultLadderPolicy, type LadderPlan, type LadderPolicy, planLadder } from './ladder.plan.js';
import { mediaLayout } from './media.layout.js';
import { probe } from './probe.js';
import { defaultMediaLimits, type MediaLimits, type SourceInfo, validateProbe } from './probe.validate.js';
import { planStoryboard, storyboardVtt } from './storyboard.plan.js';

export type TranscodeStage = 'probing' | 'transcoding' | 'packaging';

export interface TranscodeRequest {
  input: string;
  outDir: string;
  ffmpeg: FfmpegPaths;
  limits?: MediaLimits;
  policy?: LadderPolicy;
  signal?: AbortSignal;
  /** Per ffmpeg run. */
  timeoutMs?: number;
  onProgress?(stage: TranscodeStage, percent: number): void;
}

export interface TranscodeDone {
  ok: true;
  source: SourceInfo;
  plan: LadderPlan;
  /** Seconds, as packaged. */
  duration: number;
  renditions: Rendition[];
  /** Relative to `outDir`. */
  outputs: TranscodeOutputs;
  /** Every file written, relative to `outDir`, `/`-separated. */
  files: string[];
}

/** The input can never be transcoded (not a video, damaged, over a limit): retrying will not help. */
export interface TranscodeRejected {
  ok: false;
  reason: string;
}

const DAMAGED_REASON = 'The video file is incomplete or damaged; please upload it again.';
/** What ffmpeg says when the input, not the machine, is at fault. */
const INPUT_FAULT = /invalid data found|moov atom not found|partial file|error while decoding|invalid nal|corrupt/i;
/** A packaged duration this much shorter than the probed one means the data ran out (a cut-off upload). */
const MIN_DURATION_RATIO = 0.9;
const POSTER_AT = 0.1;

async function listFiles(dir: string, root = dir): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((e) => (e.isDirectory() ? listFiles(join(dir, e.name), root) : [relative(root, join(dir, e.name))])),
  );
  return nested.flat().map((p) => p.split('\\').join('/'));
}

function renditionsOf(plan: LadderPlan, manifestXml: string): Rendition[] {
  const reps = parseDashManifest(manifestXml).representations;
  const video = reps.filter((r) => r.kind === 'video');
  const audio = reps.find((r) => r.kind === 'audio');
  const out: Rendition[] = plan.video.map((r, i) => ({
    name: r.name,
    width: r.width,
    height: r.height,
    bitrate: r.maxrate,
    codecs: video[i]?.codecs || 'avc1.640028',
  }));
  if (plan.audio) out.push({ name: 'audio', bitrate: plan.audio.bitrate, codecs: audio?.codecs || 'mp4a.40.2' });
  return out;
}

/**
 * Probes, validates and transcodes one local file into `outDir`: the ABR ladder in one ffmpeg run, then the
 * poster and storyboard in a second, cheap one. Resolves `{ ok: false, reason }` for input that can never work;
 * rejects for everything else (ffmpeg missing or crashing, disk full, aborted), which a retry may fix.
 */
export async function transcode(req: TranscodeRequest): Promise<TranscodeDone | TranscodeRejected> {
  const report = req.onProgress ?? (() => {});
  report('probing', 0);
  const probed = await probe(req.input, { ffprobePath: req.ffmpeg.ffprobe, signal: req.signal });
  const valid = validateProbe(probed, req.limits ?? defaultMediaLimits);
  if (!valid.ok) return valid;
  const { source } = valid;
  const plan = planLadder(source, req.policy ?? defaultLadderPolicy);

  await mkdir(join(req.outDir, mediaLayout.dir), { recursive: true });
  const run = { ffmpegPath: req.ffmpeg.ffmpeg, signal: req.signal, timeoutMs: req.timeoutMs };
  report('transcoding', 0);
  try {
    await runFfmpeg(buildTranscodeArgs(req.input, plan, req.outDir, { sourceFrameRate: source.frameRate }), {
      ...run,
      duration: source.duration,
      onProgress: (percent) => report('transcoding', percent),
    });
  } catch (error) {
    if (error instanceof FfmpegRunError && error.exitCode !== null && INPUT_FAULT.test(error.stderr)) {
      return { ok: false, reason: DAMAGED_REASON };
    }
    throw error;
  }
  const manifest = await readFile(join(req.outDir, mediaLayout.dash), 'utf8');
  const packaged = parseDashManifest(manifest).duration ?? 0;
  if (packaged < source.duration * MIN_DURATION_RATIO - 1) return { ok: false, reason: DAMAGED_REASON };

  report('packaging', 0);
  const top = plan.video[0]!;
  const storyboard = planStoryboard(packaged, top.width, top.height);
  const poster = { at: packaged * POSTER_AT, width: top.width, height: top.height };
  // The DASH muxer names HLS media playlists by stream index; the lowest video rendition is the last video one.
  const lowest = join(req.outDir, mediaLayout.dir, `media_${plan.video.length - 1}.m3u8`);
  const sprite = storyboard ? { plan: storyboard, from: lowest } : null;
  await runFfmpeg(buildThumbnailArgs(req.input, poster, sprite, req.outDir), run);
  if (storyboard) {
    await writeFile(join(req.outDir, mediaLayout.storyboard), storyboardVtt(storyboard, packaged, mediaLayout.sprite));
  }
  report('packaging', 100);

  return {
    ok: true,
    source,
    plan,
    duration: packaged,
    renditions: renditionsOf(plan, manifest),
    outputs: {
      hls: mediaLayout.hls,
      dash: mediaLayout.dash,
      poster: mediaLayout.poster,
      thumbnail: mediaLayout.thumbnail,
      storyboard: storyboard ? mediaLayout.storyboard : null,
    },
    files: (await listFiles(req.outDir)).sort(),
  };
}
