import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { Rendition, TranscodeOutputs } from '@framecast/contracts';
import { parseDashManifest } from './dash.manifest.js';
import { buildThumbnailArgs, buildTranscodeArgs, RUN_MANIFEST } from './ffmpeg.args.js';
import type { FfmpegPaths } from './ffmpeg.find.js';
import { FfmpegRunError, runFfmpeg } from './ffmpeg.run.js';
import { dropTrailingSlivers } from './hls.sliver.js';
import { dashManifest, hlsMaster, type PackagedRendition, packagedRenditions } from './ladder.manifests.js';
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
  /**
   * Told when the first run's renditions (the lowest, with the audio), the pictures and manifests listing them are
   * written, while the rest of the ladder is encoded; the transcode resolves once both are done, and fails (killing
   * ffmpeg) if this rejects. Not called when the ladder takes one run: the result is the first playable part then.
   */
  onPlayable?(part: TranscodePart): Promise<void>;
}

/** What is playable so far: some renditions (or all of them), the pictures, and manifests that list exactly those. */
export interface TranscodePart {
  source: SourceInfo;
  plan: LadderPlan;
  /** Seconds, as packaged. */
  duration: number;
  renditions: Rendition[];
  /** Relative to `outDir`. */
  outputs: TranscodeOutputs;
  /**
   * The files of this part, relative to `outDir`, `/`-separated: for the first part, everything written so far; for
   * the whole, what was not in a part already handed to `onPlayable`, plus the manifests, rewritten.
   */
  files: string[];
}

export interface TranscodeDone extends TranscodePart {
  ok: true;
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

/** Every file under `dir`, relative to it and `/`-separated. */
export async function listFiles(dir: string, root = dir): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((e) => (e.isDirectory() ? listFiles(join(dir, e.name), root) : [relative(root, join(dir, e.name))])),
  );
  return nested.flat().map((p) => p.split('\\').join('/'));
}

function renditionsOf(plan: LadderPlan, packaged: readonly PackagedRendition[]): Rendition[] {
  const byName = new Map(packaged.map((p) => [p.name, p.rep]));
  const out: Rendition[] = plan.video
    .filter((r) => byName.has(r.name))
    .map((r) => ({
      name: r.name,
      width: r.width,
      height: r.height,
      bitrate: r.maxrate,
      codecs: byName.get(r.name)?.codecs || 'avc1.640028',
    }));
  const audio = byName.get('audio');
  if (plan.audio && audio)
    out.push({ name: 'audio', bitrate: plan.audio.bitrate, codecs: audio.codecs || 'mp4a.40.2' });
  return out;
}

/** The share of the encoding work each run has (a decode each, plus the pixels it encodes), for one progress bar. Pure. */
export function runShares(plan: LadderPlan): number[] {
  const top = plan.video[0];
  const topArea = top ? top.width * top.height : 1;
  const work = plan.runs.map((run) => 1 + run.video.reduce((sum, r) => sum + (r.width * r.height) / topArea, 0));
  const total = work.reduce((a, b) => a + b, 0);
  return work.map((w) => w / total);
}

/** Settles both; rethrows the first failure, once neither is still running. */
async function both(a: Promise<unknown>, b: Promise<unknown>): Promise<void> {
  const [x, y] = await Promise.allSettled([a, b]);
  if (x.status === 'rejected') throw x.reason;
  if (y.status === 'rejected') throw y.reason;
}

/**
 * Probes, validates and transcodes one local file into `outDir`. The ladder takes two ffmpeg runs, each decoding
 * the source once and encoding rungs no other run encodes: first the lowest rungs with the audio, then — after a
 * cheap run for the poster and storyboard, and `onPlayable` — the rest. Our own HLS master playlist and DASH manifest
 * list what is packaged, and are rewritten when the second run lands. Resolves `{ ok: false, reason }` for input that
 * can never work; rejects for everything else (ffmpeg missing or crashing, disk full, aborted), which a retry may fix.
 */
export async function transcode(req: TranscodeRequest): Promise<TranscodeDone | TranscodeRejected> {
  const report = req.onProgress ?? (() => {});
  report('probing', 0);
  const probed = await probe(req.input, { ffprobePath: req.ffmpeg.ffprobe, signal: req.signal });
  const valid = validateProbe(probed, req.limits ?? defaultMediaLimits);
  if (!valid.ok) return valid;
  const { source } = valid;
  const plan = planLadder(source, req.policy ?? defaultLadderPolicy);
  const shares = runShares(plan);
  // Aborted by the caller, or when publishing the first part failed: the running ffmpeg is killed.
  const local = new AbortController();
  const signal = req.signal ? AbortSignal.any([req.signal, local.signal]) : local.signal;
  const run = { ffmpegPath: req.ffmpeg.ffmpeg, signal, timeoutMs: req.timeoutMs };

  /** Encodes one run of the ladder; its renditions as packaged, or null when ffmpeg blamed the input. */
  const encode = async (index: number): Promise<{ packaged: PackagedRendition[]; duration: number } | null> => {
    const ladderRun = plan.runs[index]!;
    const before = shares.slice(0, index).reduce((a, b) => a + b, 0);
    await mkdir(join(req.outDir, ladderRun.dir), { recursive: true });
    try {
      await runFfmpeg(
        buildTranscodeArgs(req.input, plan, ladderRun, req.outDir, { sourceFrameRate: source.frameRate }),
        {
          ...run,
          duration: source.duration,
          onProgress: (percent) => report('transcoding', (before + (shares[index]! * percent) / 100) * 100),
        },
      );
    } catch (error) {
      if (error instanceof FfmpegRunError && error.exitCode !== null && INPUT_FAULT.test(error.stderr)) return null;
      throw error;
    }
    // ffmpeg's own manifests of the run are read, then replaced by ours, which list every run.
    const manifestPath = join(req.outDir, ladderRun.dir, RUN_MANIFEST);
    const manifest = parseDashManifest(await readFile(manifestPath, 'utf8'));
    await Promise.all([rm(manifestPath), rm(join(req.outDir, ladderRun.dir, 'master.m3u8'), { force: true })]);
    const packaged = packagedRenditions(ladderRun, manifest);
    await dropTrailingSlivers(req.outDir, packaged);
    return { packaged, duration: manifest.duration ?? 0 };
  };
  const writeManifests = async (packaged: PackagedRendition[], duration: number) => {
    await writeFile(
      join(req.outDir, mediaLayout.dash),
      dashManifest(packaged, { duration, segmentSeconds: plan.segmentSeconds }),
    );
    await writeFile(join(req.outDir, mediaLayout.hls), hlsMaster(packaged));
  };

  report('transcoding', 0);
  const first = await encode(0);
  if (!first) return { ok: false, reason: DAMAGED_REASON };
  const packaged = first.duration;
  if (packaged < source.duration * MIN_DURATION_RATIO - 1) return { ok: false, reason: DAMAGED_REASON };

  // The pictures come from the source and the lowest rendition, so the first part has them.
  const top = plan.video[0]!;
  const storyboard = planStoryboard(packaged, top.width, top.height);
  const poster = { at: packaged * POSTER_AT, width: top.width, height: top.height };
  const lowest = first.packaged.filter((p) => p.rep.kind === 'video').at(-1)!;
  const sprite = storyboard
    ? { plan: storyboard, from: join(req.outDir, mediaLayout.dir, lowest.dir, `media_${lowest.rep.id}.m3u8`) }
    : null;
  await runFfmpeg(buildThumbnailArgs(req.input, poster, sprite, req.outDir), run);
  if (storyboard) {
    await writeFile(join(req.outDir, mediaLayout.storyboard), storyboardVtt(storyboard, packaged, mediaLayout.sprite));
  }
  await writeManifests(first.packaged, packaged);
  const outputs: TranscodeOutputs = {
    hls: mediaLayout.hls,
    dash: mediaLayout.dash,
    poster: mediaLayout.poster,
    thumbnail: mediaLayout.thumbnail,
    storyboard: storyboard ? mediaLayout.storyboard : null,
  };
  const part = (list: PackagedRendition[], files: string[]): TranscodePart => ({
    source,
    plan,
    duration: packaged,
    renditions: renditionsOf(plan, list),
    outputs,
    files,
  });
  const firstPart = part(first.packaged, (await listFiles(req.outDir)).sort());

  let all = first.packaged;
  if (plan.runs.length > 1) {
    const publishing = req.onPlayable
      ? req.onPlayable(firstPart).catch((error: unknown) => {
          local.abort(error);
          throw error;
        })
      : Promise.resolve();
    const rest = encode(1);
    await both(publishing, rest);
    const second = await rest;
    if (!second) return { ok: false, reason: DAMAGED_REASON };
    all = [...second.packaged, ...first.packaged];
    report('packaging', 0);
    await writeManifests(all, packaged);
  } else {
    report('packaging', 0);
  }
  report('packaging', 100);

  const handedOver = new Set(plan.runs.length > 1 && req.onPlayable ? firstPart.files : []);
  const manifests = new Set<string>([mediaLayout.hls, mediaLayout.dash]);
  const files = (await listFiles(req.outDir)).filter((f) => manifests.has(f) || !handedOver.has(f)).sort();
  return { ok: true, ...part(all, files) };
}
