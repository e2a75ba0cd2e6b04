// The transcode benchmark's platform part: the ~100 MiB source uploaded through the video API of the all-in-one
// process (multipart, tus in 8 MiB chunks, tus in one PATCH) against a plain file copy, and the time from the end
// of each upload until the video is playable, against PeerTube's first transcoding job on the same source.
import { createReadStream, createWriteStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import { readProfile, summarizeProfile } from './lib/cpu-profile.mjs';
import { createDatabase } from './lib/database.mjs';
import { benchEnv, metricValue, ROOT, serverUrls, startFramecast } from './lib/framecast.mjs';
import { freePort, machineBusySeconds } from './lib/processes.mjs';
import { createVhost } from './lib/rabbitmq.mjs';
import { peerTubeArgs, timed } from './lib/transcode.ffmpeg.mjs';
import { stageBreakdown, watchTranscode } from './lib/transcode.watch.mjs';
import {
  deleteVideo,
  fetchFirstPlayable,
  registerCreator,
  uploadMultipart,
  uploadTus,
  waitUntilReady,
} from './lib/video.client.mjs';

const MiB = 2 ** 20;
const NAME = 'framecast_bench_transcode';

/** The ways a file gets into the platform, in the order each round runs them. */
export const UPLOAD_METHODS = [
  { key: 'multipart', label: '`POST /api/videos`, one multipart request' },
  { key: 'tusChunked', label: 'tus: `POST /api/uploads`, then 8 MiB `PATCH`es', chunkBytes: 8 * MiB },
  { key: 'tusWhole', label: 'tus: `POST /api/uploads`, then one `PATCH` of the whole file' },
];

async function transcodeSecondsSum(url) {
  const res = await fetch(`${url}/metrics`, { signal: AbortSignal.timeout(10_000) });
  return metricValue(await res.text(), 'framecast_transcoder_transcode_seconds_sum') ?? 0;
}

/**
 * The peers: the same bytes streamed into a plain file, and into the disk storage the platform uses, in this process
 * (seconds, and this process's CPU seconds for the copy).
 */
async function copyPeers(source, dir, storage, round) {
  const cpuBefore = process.cpuUsage();
  let t = performance.now();
  await pipeline(createReadStream(source), createWriteStream(join(dir, 'copy')));
  const copy = (performance.now() - t) / 1000;
  const cpu = process.cpuUsage(cpuBefore);
  t = performance.now();
  await storage.put(`videos/bench${round}/original`, createReadStream(source));
  const put = (performance.now() - t) / 1000;
  await rm(join(dir, 'copy'), { force: true });
  await storage.delete(`videos/bench${round}/original`);
  return { copy, copyCpu: (cpu.user + cpu.system) / 1e6, put };
}

/** One upload through the API, then the wait until its first segment plays, watched stage by stage. */
async function uploadAndPlay(all, dataDir, token, method, file, title) {
  const watch = watchTranscode({ pid: all.pid, dataDir, size: file.size });
  const metricBefore = await transcodeSecondsSum(all.url);
  const clientBefore = process.cpuUsage();
  const busyBefore = machineBusySeconds();
  const started = performance.now();
  const serverBefore = watch.cpuAt(started);
  const id =
    method.key === 'multipart'
      ? await uploadMultipart(all.url, token, { ...file, title })
      : await uploadTus(all.url, token, {
          ...file,
          title,
          chunkBytes: method.chunkBytes ?? file.size,
          onCreated: (created) => watch.video(created),
        });
  const uploaded = performance.now();
  const client = process.cpuUsage(clientBefore);
  const busy = machineBusySeconds() - busyBefore;
  watch.video(id);

  const early = await waitUntilReady(all.url, token, id, { intervalMs: 50, playable: true });
  const listed = performance.now();
  await fetchFirstPlayable(all.url, early.playback.hls);
  const playable = performance.now();
  await waitUntilReady(all.url, token, id, { intervalMs: 50 });
  const ready = performance.now();
  const serverCpu = watch.cpuAt(uploaded) - serverBefore;
  const clientCpu = (client.user + client.system) / 1e6;
  const marks = watch.stop();
  const metricJob = (await transcodeSecondsSum(all.url)) - metricBefore;
  await deleteVideo(all.url, token, id);
  return {
    seconds: (uploaded - started) / 1000,
    // From the last byte written to the server's first file until the answer: what the upload does once received.
    finishing: marks.received === null ? null : Math.max(0, uploaded - marks.received) / 1000,
    serverCpu,
    clientCpu,
    // What the rest of the machine used meanwhile: on a shared machine, whether the upload ran alone.
    otherCpu: Math.max(0, busy - serverCpu - clientCpu),
    window: [started, uploaded],
    playable: { ...stageBreakdown({ uploaded, listed, playable, ready, ...marks }), metricJob },
  };
}

/** Where the all-in-one's CPU went while it received uploads (its profile, written when it stops). */
async function profileSummary(all, dir, windows) {
  await all.stop();
  const profile = await readProfile(join(dir, 'profile'));
  // A profile's times are the machine's monotonic clock in µs, as is process.hrtime here: windows are moved onto it.
  const monotonicMs = Number(process.hrtime.bigint() / 1000n) / 1000 - performance.now();
  const since = (at) => at + monotonicMs - profile.startTime / 1000;
  const rows = summarizeProfile(profile, { windows: windows.map(([from, to]) => [since(from), since(to)]) });
  const busy = rows.reduce((s, r) => s + r.ms, 0);
  const each = windows.map(([from, to, label]) => {
    const own = summarizeProfile(profile, { windows: [[since(from), since(to)]] });
    const top = own.slice(0, 5).map((r) => `${r.owner} ${r.ms.toFixed(0)}`);
    return `  ${label}: ${(to - from).toFixed(0)} ms, ${own.reduce((s, r) => s + r.ms, 0).toFixed(0)} busy: ${top.join(', ')}`;
  });
  return [
    'Each upload (wall ms, main-thread busy ms, top owners in ms):',
    ...each,
    `${busy.toFixed(0)} ms of the main thread busy during the uploads`,
    ...rows
      .slice(0, 25)
      .map((r) => `${(r.share * 100).toFixed(1).padStart(5)} %  ${r.ms.toFixed(0).padStart(6)} ms  ${r.owner}`),
  ].join('\n');
}

/**
 * Runs `settings.apiRounds` rounds; each copies the file (the peers), uploads it once per method and waits until it
 * plays, then runs PeerTube's first job on it. Returns the best round of each, with the stage breakdown of the
 * fastest upload-to-playable.
 */
export async function platformBench(
  scope,
  { dir, source, plan, ffmpeg, settings, realisticSource = null, realisticPlan = null, profile = false, log },
) {
  const size = (await stat(source)).size;
  const servers = serverUrls();
  const databaseUrl = await createDatabase(scope, { adminUrl: servers.postgres, name: NAME });
  const amqpUrl = createVhost(scope, { amqpUrl: servers.amqp, name: NAME });
  const dataDir = join(dir, 'platform');
  const env = benchEnv({
    databaseUrl,
    redisUrl: servers.redis,
    amqpUrl,
    dataDir,
    port: await freePort(),
    extra: {
      // Room for every round's upload at once, whatever the defaults become.
      VIDEO_MAX_UPLOAD_BYTES: String(4 * size),
      VIDEO_QUOTA_BYTES: String(64 * size),
      // Outlives the run, so no round has to sign in again.
      ACCESS_TOKEN_TTL_SECONDS: String(3 * 3600),
      REDIS_KEY_PREFIX: `${NAME}:`,
      FFMPEG_PATH: ffmpeg.ffmpeg,
      FFPROBE_PATH: ffmpeg.ffprobe,
    },
  });
  log('transcode: starting the all-in-one process (PostgreSQL, Redis, RabbitMQ, disk storage)');
  const all = await startFramecast(scope, {
    name: 'all-in-one',
    targets: 'all',
    env,
    nodeArgs: profile ? ['--cpu-prof', `--cpu-prof-dir=${join(dir, 'profile')}`] : [],
  });
  const token = await registerCreator(all.url, {
    handle: 'benchcreator',
    email: 'creator@example.com',
    password: `Bench-upload-${process.pid}-${Date.now()}`,
  });
  const { createDiskStorage } = await import(pathToFileURL(join(ROOT, 'packages/adapters/dist/index.js')).href);
  const storage = createDiskStorage(join(dir, 'peer-storage'));
  scope.defer('close the peer storage', () => storage.close());

  // A fresh process compiles its upload and transcode paths on first use: a small clip through each method first,
  // so no round measures that.
  const { makeClip } = await import(pathToFileURL(join(ROOT, 'packages/media/dist/testing/index.js')).href);
  const warmUp = join(dir, 'warm-up.mp4');
  await makeClip(warmUp, { width: 854, height: 480, seconds: 3 }, ffmpeg.ffmpeg);
  for (const method of UPLOAD_METHODS) {
    await uploadAndPlay(all, dataDir, token, method, { path: warmUp, size: (await stat(warmUp)).size }, 'Warm-up');
  }
  log('  warmed up: a small clip through each upload path');

  const file = { path: source, size };
  const rounds = [];
  const windows = [];
  for (let round = 0; round < settings.apiRounds; round++) {
    const peers = await copyPeers(source, dir, storage, round);
    log(`  round ${round + 1}: copy ${(size / MiB / peers.copy).toFixed(0)} MiB/s`);
    const api = {};
    for (const method of UPLOAD_METHODS) {
      api[method.key] = await uploadAndPlay(all, dataDir, token, method, file, `Bench ${method.key} ${round + 1}`);
      windows.push([...api[method.key].window, `round ${round + 1} ${method.key}`]);
      const r = api[method.key];
      log(
        `  ${method.key}: ${(size / MiB / r.seconds).toFixed(0)} MiB/s, server ${r.serverCpu.toFixed(2)} CPU s; ` +
          `playable ${r.playable.total.toFixed(1)} s after the upload`,
      );
    }
    const first = await timed(ffmpeg.ffmpeg, peerTubeArgs(source, plan.video[0], plan.frameRate, join(dir, 'pt.mp4')));
    log(`  PeerTube-style first job (${plan.video[0].name}): ${first.wall.toFixed(1)} s wall`);
    rounds.push({ peers, api, peerTubeFirst: first });
  }
  // The realistic source (a phone's 60 s of 1080p at about 8 Mbit/s) once, by tus in 8 MiB chunks: first playable
  // and fully ready, against PeerTube's first job on the same file.
  let realistic = null;
  if (realisticSource) {
    const file = { path: realisticSource, size: (await stat(realisticSource)).size };
    const method = UPLOAD_METHODS.find((m) => m.key === 'tusChunked');
    const r = await uploadAndPlay(all, dataDir, token, method, file, 'Bench realistic');
    log(
      `  realistic: playable ${r.playable.total.toFixed(1)} s, ready ${r.playable.ready.toFixed(1)} s after the upload`,
    );
    const first = await timed(
      ffmpeg.ffmpeg,
      peerTubeArgs(realisticSource, realisticPlan.video[0], realisticPlan.frameRate, join(dir, 'pt-realistic.mp4')),
    );
    await rm(join(dir, 'pt-realistic.mp4'), { force: true });
    log(`  PeerTube-style first job on it: ${first.wall.toFixed(1)} s wall, ${first.cpu.toFixed(1)} CPU s`);
    realistic = { sizeMiB: file.size / MiB, upload: r.seconds, playable: r.playable, peerTubeFirst: first };
  }
  const summary = profile ? await profileSummary(all, dir, windows) : undefined;
  const raw = rounds.map((r) => ({
    copy: r.peers.copy,
    put: r.peers.put,
    ...Object.fromEntries(
      Object.entries(r.api).map(([k, v]) => [
        k,
        { seconds: v.seconds, serverCpu: v.serverCpu, playable: v.playable.total },
      ]),
    ),
    peerTubeFirst: r.peerTubeFirst.wall,
  }));
  return { results: { ...bestOf(rounds, size), firstRung: plan.video[0].name, raw, realistic }, profile: summary };
}

/** The best of the rounds: fastest copy and upload per method, fastest upload-to-playable per method. Pure. */
export function bestOf(rounds, size) {
  const min = (values) => Math.min(...values);
  const fastest = (items, key) => items.reduce((a, b) => (key(b) < key(a) ? b : a));
  const mibps = (seconds) => size / MiB / seconds;
  const methods = Object.fromEntries(
    UPLOAD_METHODS.map((m) => {
      const all = rounds.map((r) => r.api[m.key]);
      const upload = fastest(all, (r) => r.seconds);
      return [
        m.key,
        {
          label: m.label,
          mibps: mibps(upload.seconds),
          serverCpu: upload.serverCpu,
          clientCpu: upload.clientCpu,
          otherCpu: upload.otherCpu,
          finishing: upload.finishing,
          playable: fastest(all, (r) => r.playable.total).playable,
        },
      ];
    }),
  );
  const peerTubeFirst = fastest(
    rounds.map((r) => r.peerTubeFirst),
    (r) => r.wall,
  );
  return {
    rounds: rounds.length,
    sizeMiB: size / MiB,
    copy: mibps(min(rounds.map((r) => r.peers.copy))),
    copyCpu: fastest(
      rounds.map((r) => r.peers),
      (p) => p.copy,
    ).copyCpu,
    put: mibps(min(rounds.map((r) => r.peers.put))),
    methods,
    peerTubeFirst: { wall: peerTubeFirst.wall, cpu: peerTubeFirst.cpu },
  };
}
