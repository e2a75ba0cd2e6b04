#!/usr/bin/env node
// Live capacity on this machine, against nginx with Debian's libnginx-mod-rtmp in the same run:
// 1. how many 720p30 publishers keep real time through our ladder (publishers added one at a time), and the CPU each
//    stream costs, against an Owncast-style nginx-rtmp `exec` ladder (one FFmpeg per stream making the same rungs);
// 2. the CPU one LL-HLS viewer costs our packager (one stream, 0 and then `viewers` simulated hls.js players in
//    another process), against nginx serving nginx-rtmp's plain HLS of the same stream to as many players.
// `node bench/live-capacity.bench.mjs [--quick]` runs it alone and rewrites its section of docs/benchmarks.md;
// `--quick` is a short validation pass (2 publishers, 20 viewers, short windows) whose section says so.
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { buildBackend, ROOT } from './lib/framecast.mjs';
import { cpuWindow, ffmpegChildren, nginxRoles } from './lib/live.cpu.mjs';
import { parseMediaPlaylist } from './lib/live.hls.mjs';
import { peerLadderArgs, requireNginxRtmp, startNginxRtmp } from './lib/live.peer.mjs';
import { followHealth, startLivePlatform, waitForText } from './lib/live.platform.mjs';
import { judgeRealTime, largestHeld, lastSpeed } from './lib/live.realtime.mjs';
import { publisherSourceArgs, startPublisher } from './lib/live.source.mjs';
import { spawnProcess } from './lib/processes.mjs';
import { machineFacts, publish } from './lib/report.mjs';
import { createScope, runScoped } from './lib/scope.mjs';
import { timed } from './lib/transcode.ffmpeg.mjs';
import { renderLiveCapacity } from './live-capacity.report.mjs';

export const CAPACITY_SETTINGS = {
  /** The rungs below the source (`LIVE_RENDITIONS`): with the passed-through 720p, the asked-for three. */
  renditions: [480, 360],
  /** What OBS sends for 720p30 by default: x264 `veryfast` CBR about 3 Mbit/s, a keyframe every 2 s, AAC 160 kbit/s. */
  source: {
    width: 1280,
    height: 720,
    fps: 30,
    bitrate: 3_000_000,
    keyframeSeconds: 2,
    audioBitrate: 160_000,
    seconds: 16,
  },
  /** A stream keeps real time while its transcoder's speed and its media's pace stay at least this. */
  minSpeed: 0.98,
  /** Seconds after the newest stream went live before the window (the transcoder and its speed settle). */
  settleSeconds: 8,
  windowSeconds: 30,
  maxPublishers: 8,
  viewers: 200,
  /** Seconds of one stream on air with no viewer before the first window, and of viewers playing before theirs. */
  viewerWarmupSeconds: 6,
  viewerWindowSeconds: 20,
  quick: false,
};

export const QUICK_SETTINGS = {
  ...CAPACITY_SETTINGS,
  settleSeconds: 6,
  windowSeconds: 10,
  maxPublishers: 2,
  viewers: 20,
  viewerWarmupSeconds: 4,
  viewerWindowSeconds: 10,
  quick: true,
};

const VIEWERS_SCRIPT = join(ROOT, 'bench/lib/live.viewers.mjs');
const POLL_EDGE_MS = 250;
const POLL_SPEED_MS = 2000;

/** Runs `fn` with a scope of its own, closed (everything it started stopped) before this returns. */
async function phase(scope, name, fn) {
  const own = createScope();
  const close = scope.defer(`stop ${name}`, () => own.close());
  try {
    return await fn(own);
  } finally {
    await close();
  }
}

/** Polls `read()` (a promise of `[wall-clock ms, value]`, or null) every `everyMs` until the scope closes. */
function poll(scope, everyMs, read) {
  const samples = [];
  let stopped = false;
  scope.defer('stop a poller', () => {
    stopped = true;
  });
  (async () => {
    while (!stopped) {
      const started = Date.now();
      const sample = await read().catch(() => null);
      if (sample) samples.push(sample);
      await sleep(Math.max(0, everyMs - (Date.now() - started)));
    }
  })();
  return samples;
}

/** Polls a media playlist's live edge: `[when seen, edge]` (wall-clock ms both). */
function pollEdge(scope, url) {
  return poll(scope, POLL_EDGE_MS, async () => {
    const res = await fetch(url, { signal: AbortSignal.timeout(5_000) });
    const text = await res.text();
    return res.ok ? [Date.now(), parseMediaPlaylist(text).edgeMs] : null;
  });
}

const within = (samples, [from, to]) => samples.filter(([at]) => at >= from && at <= to);

/**
 * Adds publishers one at a time to `server` (each on its own stream), and after each, once it settled, watches every
 * stream on air for a window: the step holds when all of them keep real time. Stops at the first step that does not
 * hold, or at `maxPublishers`. `server.add(i)` starts publisher `i` once it is on air: `{ publisher, edge, speeds(),
 * dropped()? }` (the edge's polls and the transcoder's speeds so far, `[wall-clock ms, value]`), `server.roles(publishers)`
 * the processes whose CPU is measured.
 */
async function addPublishers(server, settings, log) {
  const streams = [];
  const steps = [];
  for (let count = 1; count <= settings.maxPublishers; count++) {
    let started;
    try {
      started = await server.add(count);
    } catch (error) {
      if (count === 1) throw error;
      log(`  ${count} publishers: ${error.message}`);
      steps.push({ count, ok: false, streams: [], failed: error.message });
      break;
    }
    streams.push(started);
    await sleep(settings.settleSeconds * 1000);
    const window = cpuWindow(server.roles(streams.map((s) => s.publisher)));
    const from = Date.now();
    await sleep(settings.windowSeconds * 1000);
    const cpu = window.end();
    const span = [from, Date.now()];
    const judged = streams.map((s) => ({
      ...judgeRealTime({
        speeds: within(s.speeds(), span)
          .map(([, speed]) => speed)
          .filter((speed) => speed !== null),
        polls: within(s.edge, span),
        minSpeed: settings.minSpeed,
        maxGapSeconds: 1.5 * settings.source.keyframeSeconds,
      }),
      dropped: s.dropped ? droppedIn(s.dropped(), span) : null,
    }));
    const ok = judged.every((j) => j.ok);
    const reasons = judged.flatMap((j, i) => j.reasons.map((r) => `#${i + 1} ${r}`));
    log(`  ${count} publishers: ${ok ? 'real time' : `behind (${reasons.join('; ')})`}`);
    steps.push({ count, ok, streams: judged, cpu });
    if (!ok) break;
  }
  return { steps, held: largestHeld(steps) };
}

/** Frames the ingest dropped during the window (its counter is cumulative). */
function droppedIn(samples, span) {
  const inside = within(samples, span).filter(([, d]) => d !== null);
  return inside.length < 2 ? 0 : inside.at(-1)[1] - inside[0][1];
}

/** Part 1, ours: the all-in-one process, one account and channel per publisher. */
function oursPublishers(scope, { dir, sourcePath }, settings, log) {
  return phase(scope, 'our publishers', async (own) => {
    log('live-capacity: publishers, ours');
    const platform = await startLivePlatform(own, dir, { LIVE_RENDITIONS: settings.renditions.join(',') });
    const { app } = platform;
    let ladder = null;
    const server = {
      async add(i) {
        const channel = await platform.addChannel(`capacity_${i}`);
        const health = await followHealth(own, app.url, channel);
        const publisher = startPublisher(own, sourcePath, channel.ingestUrl);
        const live = await platform.waitLive(channel.handle);
        ladder ??= live.variants.map((v) => ({ width: v.width, height: v.height, bandwidth: v.bandwidth }));
        // The lowest rung: encoded, so it shows whether the encoder keeps up; delta updates keep the polls small.
        const edgeUrl = `${live.variants.at(-1).url}?_HLS_skip=YES`;
        return {
          publisher,
          edge: pollEdge(own, edgeUrl),
          speeds: () => health.samples.map(([at, speed]) => [at, speed]),
          dropped: () => health.samples.map(([at, , dropped]) => [at, dropped]),
        };
      },
      roles: (publishers) => ({
        node: () => [app.pid],
        transcoders: () => ffmpegChildren(app.pid),
        publishers: () => publishers.map((p) => p.pid),
      }),
    };
    const result = await addPublishers(server, settings, log);
    return { ...result, ladder };
  });
}

/** Part 1, the peer: nginx-rtmp, each published stream `exec`ing FFmpeg that makes the same ladder to HLS. */
function peerPublishers(scope, { dir, sourcePath, plan }, settings, log) {
  return phase(scope, 'the peer publishers', async (own) => {
    log('live-capacity: publishers, nginx-rtmp exec ladder');
    const segmentSeconds = settings.source.keyframeSeconds;
    const nginx = await startNginxRtmp(own, {
      parent: dir,
      exec: ({ dir: nginxDir, rtmpPort }) => [
        '/usr/bin/ffmpeg',
        ...peerLadderArgs(plan, {
          input: `rtmp://127.0.0.1:${rtmpPort}/live/$name`,
          hlsDir: join(nginxDir, 'hls'),
          name: '$name',
          progress: join(nginxDir, 'progress', '$name.txt'),
          segmentSeconds,
        }),
      ],
    });
    const lowest = plan.video.length - 1;
    const server = {
      async add(i) {
        const name = `stream${i}`;
        const publisher = startPublisher(own, sourcePath, nginx.ingestUrl(name));
        const playlist = nginx.httpUrl(`${name}-${lowest}.m3u8`);
        await waitForText(playlist).catch(async (error) => {
          throw new Error(`${error.message}\n${publisher.stderr()}${await nginx.log()}`);
        });
        const speeds = poll(own, POLL_SPEED_MS, async () => {
          const speed = lastSpeed(await nginx.progress(name));
          return speed === null ? null : [Date.now(), speed];
        });
        return { publisher, edge: pollEdge(own, playlist), speeds: () => speeds };
      },
      roles: (publishers) => ({ ...nginxRoles(nginx.pid), publishers: () => publishers.map((p) => p.pid) }),
    };
    return addPublishers(server, settings, log);
  });
}

/** Waits until the process printed `line` (the viewers say when they start and stop counting). */
async function waitForLine(proc, line, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (!proc.output().split('\n').includes(line)) {
    if (!proc.isRunning()) throw new Error(`${proc.name} exited before "${line}":\n${proc.output()}`);
    if (Date.now() > deadline) throw new Error(`${proc.name} did not say "${line}" within ${timeoutMs} ms`);
    await sleep(20);
  }
}

/** CPU of `roles` over `seconds` with nothing else going on. */
async function idleWindow(roles, seconds) {
  const window = cpuWindow(roles);
  await sleep(seconds * 1000);
  return window.end();
}

/**
 * The viewers' process (`live.viewers.mjs`) playing `url` in `mode`; `roles` (and the viewers' process) are measured
 * over exactly the window the viewers count in.
 */
async function withViewers(scope, { dir, mode, url, roles }, settings) {
  const out = join(dir, `viewers-${mode}.json`);
  const options = {
    mode,
    url,
    viewers: settings.viewers,
    rampSeconds: 2,
    warmupSeconds: settings.viewerWarmupSeconds,
    seconds: settings.viewerWindowSeconds,
    out,
  };
  const proc = spawnProcess(scope, {
    name: `${mode} viewers`,
    command: process.execPath,
    args: [VIEWERS_SCRIPT, JSON.stringify(options)],
    env: process.env,
    cwd: ROOT,
  });
  await waitForLine(proc, 'measuring', (options.rampSeconds + options.warmupSeconds + 30) * 1000);
  const window = cpuWindow({ ...roles, viewers: () => [proc.pid] });
  await waitForLine(proc, 'measured', (options.seconds + 30) * 1000);
  const cpu = window.end();
  const exit = await proc.exited;
  if (exit.code !== 0) throw new Error(`the viewers failed (${exit.code}):\n${proc.output()}`);
  return { cpu, viewers: JSON.parse(await readFile(out, 'utf8')) };
}

/** Part 2, ours: one stream, its top rung (the source passed through) played by LL-HLS viewers. */
function oursViewers(scope, { dir, sourcePath }, settings, log) {
  return phase(scope, 'our viewers', async (own) => {
    log(`live-capacity: ${settings.viewers} LL-HLS viewers, ours`);
    const platform = await startLivePlatform(own, dir, { LIVE_RENDITIONS: settings.renditions.join(',') });
    const channel = await platform.addChannel('capacity_viewers');
    const publisher = startPublisher(own, sourcePath, channel.ingestUrl);
    const live = await platform.waitLive(channel.handle);
    const { app } = platform;
    const roles = {
      node: () => [app.pid],
      transcoders: () => ffmpegChildren(app.pid),
      publishers: () => [publisher.pid],
    };
    await sleep(settings.viewerWarmupSeconds * 1000);
    const idle = await idleWindow(roles, settings.viewerWindowSeconds);
    const loaded = await withViewers(own, { dir, mode: 'll', url: live.variants[0].url, roles }, settings);
    return { rendition: live.variants[0], idle, ...loaded };
  });
}

/** Part 2, the peer: nginx-rtmp's own HLS of the stream (fragments of one GOP), served by nginx to plain players. */
function nginxViewers(scope, { dir, sourcePath }, settings, log) {
  return phase(scope, 'the nginx viewers', async (own) => {
    log(`live-capacity: ${settings.viewers} HLS viewers, nginx-rtmp`);
    const fragment = settings.source.keyframeSeconds;
    const nginx = await startNginxRtmp(own, { parent: dir, hls: { fragment, playlistLength: 4 * fragment } });
    const publisher = startPublisher(own, sourcePath, nginx.ingestUrl('stream'));
    const url = nginx.httpUrl('stream.m3u8');
    await waitForText(url);
    const roles = { ...nginxRoles(nginx.pid), publishers: () => [publisher.pid] };
    await sleep(settings.viewerWarmupSeconds * 1000);
    const idle = await idleWindow(roles, settings.viewerWindowSeconds);
    const loaded = await withViewers(own, { dir, mode: 'plain', url, roles }, settings);
    return { idle, ...loaded };
  });
}

export async function liveCapacityBench(
  scope,
  { quick = false, settings = quick ? QUICK_SETTINGS : CAPACITY_SETTINGS, log = console.error } = {},
) {
  requireNginxRtmp();
  const facts = machineFacts();
  const dir = await mkdtemp(join(tmpdir(), 'framecast-bench-live-capacity-'));
  scope.defer('remove the live capacity benchmark directory', () => rm(dir, { recursive: true, force: true }));
  const sourcePath = join(dir, 'publisher.flv');
  log("live-capacity: encoding the publishers' file");
  await timed('ffmpeg', publisherSourceArgs(sourcePath, settings.source));
  const sourceMbps = ((await stat(sourcePath)).size * 8) / settings.source.seconds / 1e6;
  const { planLiveLadder } = await import(pathToFileURL(join(ROOT, 'packages/media/dist/index.js')).href);
  const { width, height, fps, keyframeSeconds } = settings.source;
  const plan = planLiveLadder(
    {
      videoCodec: 'h264',
      width,
      height,
      fps,
      keyframeInterval: keyframeSeconds,
      audioCodec: 'aac',
      audioSampleRate: 48_000,
    },
    { heights: settings.renditions },
  );
  const ctx = { dir, sourcePath, plan };
  const ours = await oursPublishers(scope, ctx, settings, log);
  const peer = await peerPublishers(scope, ctx, settings, log);
  const viewers = {
    ours: await oursViewers(scope, ctx, settings, log),
    nginx: await nginxViewers(scope, ctx, settings, log),
  };
  const results = { settings, facts, plan, sourceMbps, ours, peer, viewers };
  return { results, body: renderLiveCapacity(results) };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await runScoped(async (scope) => {
    buildBackend();
    const { body } = await liveCapacityBench(scope, { quick: process.argv.includes('--quick') });
    await publish([{ name: 'live-capacity', body }], machineFacts());
  });
}
