#!/usr/bin/env node
// What our VOD transcode costs against PeerTube's way (one ffmpeg process per rendition), at equal quality (PSNR),
// the pipeline's overhead over the bare ffmpeg commands it runs, uploads through the video API against a file copy,
// and the time from upload to first playable segment.
// `node bench/transcode.bench.mjs [--rounds N]` runs it alone and rewrites its section of docs/benchmarks.md; `--profile` also
// records a CPU profile of the all-in-one process during the uploads and prints where its time went (the docs are
// then left alone).
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { isDeepStrictEqual } from 'node:util';
import { buildBackend, ROOT } from './lib/framecast.mjs';
import { machineFacts, publish } from './lib/report.mjs';
import { runScoped } from './lib/scope.mjs';
import { peerTubeArgs, psnr, realisticSourceArgs, sourceArgs, timed } from './lib/transcode.ffmpeg.mjs';
import { platformBench } from './transcode.platform.mjs';
import { renderTranscode } from './transcode.report.mjs';

export const TRANSCODE_SETTINGS = {
  width: 1920,
  height: 1080,
  fps: 30,
  seconds: 6,
  overheadRounds: 2,
  apiRounds: 2,
  /** What a phone sends: 60 s of 1080p30 at about 8 Mbit/s. */
  realistic: { width: 1920, height: 1080, fps: 30, seconds: 60, bitrate: 8_000_000 },
};

const distUrl = (path) => pathToFileURL(join(ROOT, 'packages/media/dist', path)).href;
const media = () => import(distUrl('index.js'));

/**
 * Our pipeline through its public entry point, in its own Node process, so /usr/bin/time sees node + ffmpeg. It
 * writes when each stage began (its own progress callbacks, ms since the process started) to a JSON file.
 */
const PIPELINE_SCRIPT = `
const [mediaUrl, input, outDir, stagesFile] = process.argv.slice(1);
const { writeFile } = await import('node:fs/promises');
const { findFfmpeg, transcode } = await import(mediaUrl);
const found = await findFfmpeg(process.env);
if (!found.ok) throw new Error(found.reason);
const stages = {};
const outcome = await transcode({
  input, outDir, ffmpeg: found,
  onProgress: (stage, percent) => { stages[\`\${stage} \${percent}\`] ??= performance.now(); },
  onPlayable: async () => { stages.playable ??= performance.now(); },
});
if (!outcome.ok) throw new Error(outcome.reason);
stages.end = performance.now();
await writeFile(stagesFile, JSON.stringify(stages));
`;

/**
 * The bare commands and `transcode()`, alternating for `rounds` rounds, each row's fastest round kept. Every round
 * checks that the pipeline spawned exactly the bare argv (its ffmpeg is a recording wrapper that execs the real one).
 */
async function overheadRounds(m, { found, source, plan, sourceInfo, dir, rounds, log }) {
  const { recordingFfmpeg } = await import(distUrl('testing/index.js'));
  const bareDir = join(dir, 'bare');
  const pipelineDir = join(dir, 'pipeline');
  const records = join(dir, 'ffmpeg-runs');
  const stagesFile = join(dir, 'pipeline-stages.json');
  await mkdir(records, { recursive: true });
  const recorder = await recordingFfmpeg(records, found.ffmpeg);
  const opts = { sourceFrameRate: sourceInfo.frameRate };
  const [firstRun, secondRun] = plan.runs;
  const runArgs = (run, out) => m.buildTranscodeArgs(source, plan, run, out, opts);
  const top = plan.video[0];
  const pictureArgs = (out, packaged) =>
    m.buildThumbnailArgs(
      source,
      { at: packaged * 0.1, width: top.width, height: top.height },
      {
        plan: m.planStoryboard(packaged, top.width, top.height),
        from: join(out, firstRun.dir, `media_${firstRun.video.length - 1}.m3u8`),
      },
      out,
    );
  const script = ['--input-type=module', '-e', PIPELINE_SCRIPT, distUrl('index.js'), source, pipelineDir, stagesFile];
  const env = { ...process.env, FFMPEG_PATH: recorder.path, FFPROBE_PATH: found.ffprobe };
  const all = [];
  for (let round = 0; round < rounds; round++) {
    await rm(bareDir, { recursive: true, force: true });
    await mkdir(join(bareDir, firstRun.dir), { recursive: true });
    await mkdir(join(bareDir, secondRun.dir), { recursive: true });
    const first = await timed(found.ffmpeg, runArgs(firstRun, bareDir));
    const manifest = await readFile(join(bareDir, firstRun.dir, 'manifest.mpd'), 'utf8');
    const packaged = m.parseDashManifest(manifest).duration;
    const pictures = await timed(found.ffmpeg, pictureArgs(bareDir, packaged));
    const second = await timed(found.ffmpeg, runArgs(secondRun, bareDir));
    const ladder = {
      cpu: first.cpu + second.cpu,
      wall: first.wall + second.wall,
      otherCpu: first.otherCpu + second.otherCpu,
    };
    log(
      `  round ${round + 1}, bare: ${(ladder.cpu + pictures.cpu).toFixed(1)} CPU s, ${(ladder.wall + pictures.wall).toFixed(1)} s wall`,
    );

    await rm(pipelineDir, { recursive: true, force: true });
    for (const f of await readdir(records)) if (f.endsWith('.argv')) await rm(join(records, f));
    const whole = await timed(process.execPath, script, { env });
    const spawned = await recorder.runs();
    const expected = [
      runArgs(firstRun, pipelineDir),
      pictureArgs(pipelineDir, packaged),
      runArgs(secondRun, pipelineDir),
    ];
    if (!isDeepStrictEqual(spawned, expected)) {
      throw new Error(
        `transcode() spawned other ffmpeg commands than the bare ones:\n${JSON.stringify({ spawned, expected }, null, 1)}`,
      );
    }
    const stages = JSON.parse(await readFile(stagesFile, 'utf8'));
    log(`  round ${round + 1}, transcode(): ${whole.cpu.toFixed(1)} CPU s, ${whole.wall.toFixed(1)} s wall, same argv`);
    all.push({ ladder, first, pictures, whole, stages });
  }
  const fastest = (key) => all.reduce((a, b) => (key(b) < key(a) ? b : a));
  const bareRound = fastest((r) => r.ladder.wall + r.pictures.wall);
  const pipeRound = fastest((r) => r.whole.wall);
  const s = pipeRound.stages;
  const at = (key) => (s[key] ?? Number.NaN) / 1000;
  return {
    ladder: fastest((r) => r.ladder.wall).ladder,
    bare: {
      cpu: bareRound.ladder.cpu + bareRound.pictures.cpu,
      wall: bareRound.ladder.wall + bareRound.pictures.wall,
      otherCpu: bareRound.ladder.otherCpu + bareRound.pictures.otherCpu,
    },
    thumbs: bareRound.pictures,
    pipeline: pipeRound.whole,
    stages: {
      startup: at('probing 0'),
      probe: at('transcoding 0') - at('probing 0'),
      first: at('playable') - at('transcoding 0'),
      rest: at('packaging 0') - at('playable'),
      after: pipeRound.whole.wall - at('packaging 0'),
    },
    firstRunCpu: bareRound.first.cpu,
    sameArgv: true,
    bareCpuRange: [
      Math.min(...all.map((r) => r.ladder.cpu + r.pictures.cpu)),
      Math.max(...all.map((r) => r.ladder.cpu + r.pictures.cpu)),
    ],
    bareDir,
  };
}

/**
 * Our ladder (its runs' argv, run directly, one after another) against PeerTube-style (one ffmpeg per rendition) on
 * one source: CPU and wall seconds, PSNR of every rendition against the source, bytes, and decoding alone.
 */
async function ladderComparison(m, found, { source, plan, dir, name, fps, log }) {
  log(`transcode (${name}): our ladder, ${plan.runs.length} runs`);
  const outDir = join(dir, `ours-${name}`);
  await rm(outDir, { recursive: true, force: true });
  const perRun = [];
  for (const run of plan.runs) {
    await mkdir(join(outDir, run.dir), { recursive: true });
    const t = await timed(found.ffmpeg, m.buildTranscodeArgs(source, plan, run, outDir, { sourceFrameRate: fps }));
    perRun.push({ renditions: run.video.map((v) => v.name), cpu: t.cpu, wall: t.wall });
    log(`  ${run.dir}: ${t.cpu.toFixed(1)} CPU s, ${t.wall.toFixed(1)} s wall`);
  }
  log(`transcode (${name}): PeerTube-style ladder (one process per rendition)`);
  const peer = [];
  for (const rung of plan.video) {
    const out = join(dir, `peertube-${name}-${rung.name}.mp4`);
    peer.push({ rung, out, ...(await timed(found.ffmpeg, peerTubeArgs(source, rung, fps, out))) });
    log(`  ${rung.name}: ${peer.at(-1).cpu.toFixed(1)} CPU s, ${peer.at(-1).wall.toFixed(1)} s wall`);
  }
  const decode = await timed(found.ffmpeg, ['-hide_banner', '-v', 'error', '-i', source, '-f', 'null', '-']);
  log(`  decoding alone: ${decode.cpu.toFixed(1)} CPU s`);
  // Where each rendition is: its run's folder, its index among the run's video streams.
  const where = new Map(
    plan.runs.flatMap((run) => run.video.map((v, i) => [v.name, { dir: join(outDir, run.dir), i }])),
  );
  const size = (r) => ({ width: r.width, height: r.height });
  const ourPsnr = await psnr(
    found.ffmpeg,
    source,
    plan.video.map((r) => ({ path: join(where.get(r.name).dir, `media_${where.get(r.name).i}.m3u8`), ...size(r) })),
  );
  const peerPsnr = await psnr(
    found.ffmpeg,
    source,
    peer.map((p) => ({ path: p.out, ...size(p.rung) })),
  );
  log(
    `  PSNR ours ${ourPsnr.map((v) => v.toFixed(2)).join(' ')} / PeerTube-style ${peerPsnr.map((v) => v.toFixed(2)).join(' ')}`,
  );
  const ourBytes = plan.video.map((r) => {
    const { dir: d, i } = where.get(r.name);
    return Number(spawnSync('sh', ['-c', `cat ${d}/seg-${i}-*.m4s | wc -c`], { encoding: 'utf8' }).stdout);
  });
  const peerBytes = await Promise.all(peer.map(async (p) => (await stat(p.out)).size));
  for (const p of peer) await rm(p.out, { force: true });
  await rm(outDir, { recursive: true, force: true });
  return {
    ladder: plan.video.map((r) => `${r.name} ${r.width}×${r.height}`),
    ours: { cpu: perRun.reduce((a, r) => a + r.cpu, 0), wall: perRun.reduce((a, r) => a + r.wall, 0), perRun },
    peer: { cpu: peer.reduce((a, p) => a + p.cpu, 0), wall: peer.reduce((a, p) => a + p.wall, 0) },
    perRung: plan.video.map((r, i) => ({
      name: r.name,
      ourPsnr: ourPsnr[i],
      peerPsnr: peerPsnr[i],
      ourKiB: ourBytes[i] / 1024,
      peerKiB: peerBytes[i] / 1024,
      peerCpu: peer[i].cpu,
    })),
    decodeCpu: decode.cpu,
  };
}

/** Runs the benchmark; returns the measurements and the docs section. */
export async function transcodeBench(
  scope,
  { settings = TRANSCODE_SETTINGS, profile = false, log = console.error } = {},
) {
  const m = await media();
  const found = await m.findFfmpeg(process.env);
  if (!found.ok) throw new Error(found.reason);
  const dir = await mkdtemp(join(tmpdir(), 'framecast-bench-transcode-'));
  scope.defer('remove the transcode benchmark directory', () => rm(dir, { recursive: true, force: true }));

  const source = join(dir, 'source.mp4');
  log(`transcode: generating a ${settings.seconds} s ${settings.height}p${settings.fps} source`);
  await timed(found.ffmpeg, sourceArgs(source, settings));

  const probed = await m.probe(source, { ffprobePath: found.ffprobe });
  const valid = m.validateProbe(probed);
  if (!valid.ok) throw new Error(valid.reason);
  const plan = m.planLadder(valid.source);

  log('transcode: our ladder bare (run 1, pictures, run 2) against transcode(), alternating');
  const overhead = await overheadRounds(m, {
    found,
    source,
    plan,
    sourceInfo: valid.source,
    dir,
    rounds: settings.overheadRounds,
    log,
  });
  const noise = await ladderComparison(m, found, { source, plan, dir, name: 'noise', fps: settings.fps, log });

  log('transcode: where the difference comes from (decode alone; PeerTube-style 1080p without -bf 16)');
  const plainArgs = peerTubeArgs(source, plan.video[0], settings.fps, join(dir, 'plain.mp4')).filter(
    (a, i, all) =>
      !['-bf', '-b_strategy', '-level:v'].includes(a) && !['-bf', '-b_strategy', '-level:v'].includes(all[i - 1]),
  );
  const plain = await timed(found.ffmpeg, plainArgs);
  log(`  1080p without -bf 16: ${plain.cpu.toFixed(1)} CPU s`);

  const real = settings.realistic;
  const realisticSource = join(dir, 'realistic.mp4');
  log(
    `transcode: generating the realistic source (${real.seconds} s ${real.height}p${real.fps}, ${real.bitrate / 1e6} Mbit/s)`,
  );
  await timed(found.ffmpeg, realisticSourceArgs(realisticSource, real));
  const realProbe = m.validateProbe(await m.probe(realisticSource, { ffprobePath: found.ffprobe }));
  if (!realProbe.ok) throw new Error(realProbe.reason);
  const realisticPlan = m.planLadder(realProbe.source);
  const realistic = await ladderComparison(m, found, {
    source: realisticSource,
    plan: realisticPlan,
    dir,
    name: 'realistic',
    fps: real.fps,
    log,
  });
  const realisticMiB = (await stat(realisticSource)).size / 2 ** 20;
  const realisticMbps = ((await stat(realisticSource)).size * 8) / real.seconds / 1e6;

  log('transcode: uploads through the video API, and upload to first playable segment');
  const platform = await platformBench(scope, {
    dir,
    source,
    plan,
    ffmpeg: found,
    settings,
    realisticSource,
    realisticPlan,
    profile,
    log,
  });

  const results = {
    settings,
    sourceMiB: (await stat(source)).size / 2 ** 20,
    ladder: plan.video.map((r) => `${r.name} ${r.width}×${r.height}`),
    runs: plan.runs.map((r) => r.video.map((v) => v.name)),
    ...noise,
    overhead: { ...overhead, bareDir: undefined },
    plainTopCpu: plain.cpu,
    realistic: { ...realistic, sourceMiB: realisticMiB, mbps: realisticMbps },
    platform: platform.results,
  };
  return { results, body: renderTranscode(results), profile: platform.profile };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const profile = process.argv.includes('--profile');
  // `--rounds N`: fewer (or more) rounds of the noise source's overhead and upload rows, on a busy machine.
  const at = process.argv.indexOf('--rounds');
  const rounds = at < 0 ? null : Number(process.argv[at + 1]);
  if (rounds !== null && !(Number.isInteger(rounds) && rounds >= 1))
    throw new Error('--rounds takes a whole number ≥ 1.');
  const settings =
    rounds === null ? TRANSCODE_SETTINGS : { ...TRANSCODE_SETTINGS, overheadRounds: rounds, apiRounds: rounds };
  await runScoped(async (scope) => {
    const facts = machineFacts();
    buildBackend();
    const run = await transcodeBench(scope, { profile, settings });
    console.log(run.body);
    if (run.profile) {
      console.log(`\nAll-in-one CPU by owner while it received uploads:\n${run.profile}`);
      return;
    }
    console.error(`bench: wrote ${await publish([{ name: 'transcode', body: run.body }], facts)}`);
  });
}
