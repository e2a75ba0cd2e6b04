import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Rendition, TranscodeOutputs } from '@framecast/contracts';
import { parseDashManifest } from './dash.manifest.js';
import { buildThumbnailArgs, RUN_MANIFEST } from './ffmpeg.args.js';
import type { FfmpegPaths } from './ffmpeg.find.js';
import { FfmpegRunError, runFfmpeg } from './ffmpeg.run.js';
import { dropTrailingSlivers } from './hls.sliver.js';
import { dashManifest, hlsMaster, type PackagedRendition, packagedRenditions } from './ladder.manifests.js';
import { mediaLayout } from './media.layout.js';
import { probe } from './probe.js';
import { buildRemuxArgs, planRemux, RECORDING_DAMAGED, type RemuxInput } from './remux.plan.js';
import { planStoryboard, storyboardVtt } from './storyboard.plan.js';
import { listFiles, type TranscodeRejected, type TranscodeStage } from './transcode.pipeline.js';

export interface RemuxRequest {
  /** Each rendition of the recording as one local fragmented MP4 file. */
  inputs: readonly RemuxInput[];
  outDir: string;
  ffmpeg: FfmpegPaths;
  signal?: AbortSignal;
  /** Per ffmpeg run. */
  timeoutMs?: number;
  onProgress?(stage: TranscodeStage, percent: number): void;
}

/** The video made of a recording, as a transcode's result: renditions, pictures, manifests, and its files. */
export interface RemuxDone {
  ok: true;
  /** Seconds, as packaged. */
  duration: number;
  width: number;
  height: number;
  renditions: Rendition[];
  /** Relative to `outDir`. */
  outputs: TranscodeOutputs;
  /** Every file written, relative to `outDir`, `/`-separated. */
  files: string[];
}

/** What ffmpeg says when the input, not the machine, is at fault. */
const INPUT_FAULT = /invalid data found|moov atom not found|partial file|error while decoding|invalid nal|corrupt/i;
const POSTER_AT = 0.1;

function renditionsOf(packaged: readonly PackagedRendition[]): Rendition[] {
  return packaged.map(({ name, rep }) =>
    rep.kind === 'video'
      ? {
          name,
          width: rep.width ?? 0,
          height: rep.height ?? 0,
          bitrate: Math.round(rep.bandwidth),
          codecs: rep.codecs || 'avc1.640028',
        }
      : { name, bitrate: Math.round(rep.bandwidth), codecs: rep.codecs || 'mp4a.40.2' },
  );
}

/**
 * Makes a video of a live stream's recording without re-encoding it: probes each rendition's file, copies every
 * stream into the VOD layout in one ffmpeg run (the DASH muxer, segments and HLS playlists shared), writes our HLS
 * master playlist and DASH manifest, then the poster and thumbnail from the top rendition and the storyboard from the
 * lowest. Resolves `{ ok: false, reason }` for a damaged recording; rejects for what a retry may fix.
 */
export async function remux(req: RemuxRequest): Promise<RemuxDone | TranscodeRejected> {
  const report = req.onProgress ?? (() => {});
  report('probing', 0);
  const probed = await Promise.all(
    req.inputs.map(async (input) => ({
      ...input,
      probe: await probe(input.path, { ffprobePath: req.ffmpeg.ffprobe, signal: req.signal }),
    })),
  );
  const planned = planRemux(probed);
  if (!planned.ok) return planned;
  const { plan } = planned;
  const run = { ffmpegPath: req.ffmpeg.ffmpeg, signal: req.signal, timeoutMs: req.timeoutMs };

  report('transcoding', 0);
  await mkdir(join(req.outDir, plan.run.dir), { recursive: true });
  try {
    await runFfmpeg(buildRemuxArgs(plan, req.outDir), {
      ...run,
      duration: plan.duration,
      onProgress: (percent) => report('transcoding', percent),
    });
  } catch (error) {
    if (error instanceof FfmpegRunError && error.exitCode !== null && INPUT_FAULT.test(error.stderr)) {
      return { ok: false, reason: RECORDING_DAMAGED };
    }
    throw error;
  }
  const manifestPath = join(req.outDir, plan.run.dir, RUN_MANIFEST);
  const manifest = parseDashManifest(await readFile(manifestPath, 'utf8'));
  await Promise.all([rm(manifestPath), rm(join(req.outDir, plan.run.dir, 'master.m3u8'), { force: true })]);
  const packaged = packagedRenditions(plan.run, manifest);
  await dropTrailingSlivers(req.outDir, packaged);
  const duration = manifest.duration ?? 0;
  if (!(duration > 0)) return { ok: false, reason: RECORDING_DAMAGED };

  report('packaging', 0);
  const { top, lowest } = plan;
  const storyboard = planStoryboard(duration, top.width, top.height);
  const poster = { at: duration * POSTER_AT, width: top.width, height: top.height };
  await runFfmpeg(
    buildThumbnailArgs(top.path, poster, storyboard ? { plan: storyboard, from: lowest.path } : null, req.outDir),
    run,
  );
  if (storyboard) {
    await writeFile(join(req.outDir, mediaLayout.storyboard), storyboardVtt(storyboard, duration, mediaLayout.sprite));
  }
  await writeFile(
    join(req.outDir, mediaLayout.dash),
    dashManifest(packaged, { duration, segmentSeconds: plan.segmentSeconds }),
  );
  await writeFile(join(req.outDir, mediaLayout.hls), hlsMaster(packaged));
  report('packaging', 100);
  return {
    ok: true,
    duration,
    width: top.width,
    height: top.height,
    renditions: renditionsOf(packaged),
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
