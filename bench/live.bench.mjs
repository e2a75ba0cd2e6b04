#!/usr/bin/env node
// Glass-to-glass latency of a live stream: a publisher sends, in real time, a stream with its frame number burnt into
// each picture (encoded beforehand, sent as it is); a real hls.js player in headless Chromium plays it; every sample
// reads the number on screen (OCR, Debian's tesseract) and compares it with when the publisher sent that frame. Ours
// (LL-HLS through the all-in-one process) against nginx with Debian's libnginx-mod-rtmp (HLS, 1 s fragments), fed
// the same way and played by the same hls.js.
// `node bench/live.bench.mjs` runs it alone and rewrites its section of docs/benchmarks.md.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import ts from 'typescript';
import { benchEnv, buildBackend, ROOT, requestJson, startFramecast } from './lib/framecast.mjs';
import { startNginxRtmp } from './lib/live.peer.mjs';
import { freePort } from './lib/processes.mjs';
import { machineFacts, publish } from './lib/report.mjs';
import { runScoped } from './lib/scope.mjs';
import { renderLive } from './live.report.mjs';

export const LIVE_SETTINGS = {
  width: 1280,
  height: 720,
  fps: 30,
  /** What OBS sends by default for 720p30: 2.5–4 Mbit/s, a keyframe every 1 s here (nginx's fragment, ours' segment). */
  bitrate: 3_000_000,
  /** Seconds of playing before sampling starts (the player settles at its target latency). */
  warmupSeconds: 10,
  /** Seconds of sampling, one read of the picture every `sampleEveryMs`. */
  seconds: 30,
  sampleEveryMs: 300,
};

/** Our player's catch-up, loaded by ours' player page as it is. */
const CATCH_UP_SOURCE = 'packages/ui/src/playback/live-catch-up.ts';
const FONT = '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf';
/** Where the frame number is on the 1280×720 picture (inside its white box). */
const NUMBER_CLIP = { x: 36, y: 34, width: 416, height: 96 };
const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--autoplay-policy=no-user-gesture-required',
];

function requireTools() {
  const missing = [];
  if (spawnSync('tesseract', ['--version']).status !== 0) missing.push('tesseract-ocr');
  if (!existsSync('/usr/lib/nginx/modules/ngx_rtmp_module.so')) missing.push('nginx libnginx-mod-rtmp');
  if (!existsSync(FONT)) missing.push('fonts-dejavu-core');
  if (missing.length > 0) {
    throw new Error(`The live benchmark needs: sudo apt-get install ${missing.join(' ')}`);
  }
}

/** Seconds of stream the publisher sends: the warm-up and the window, with time to spare for each server to start. */
const clipSeconds = (settings) => settings.warmupSeconds + settings.seconds + 60;

/**
 * What the publisher sends, encoded once before the run: FFmpeg's test picture with its frame number in a white box,
 * H.264 (x264 veryfast, zerolatency, a keyframe a second) and AAC, in FLV. A streamer's encoder runs on their own
 * machine, not the server's: encoding it live here would take CPU from the server and the player being measured.
 * Returns its path.
 */
function encodeClip(dir, settings) {
  const path = join(dir, 'publisher.flv');
  const text = `drawtext=fontfile=${FONT}:text='%{eif\\:n\\:d\\:6}':fontsize=100:fontcolor=black:box=1:boxcolor=white:boxborderw=20:x=40:y=40`;
  const args = [
    ...['-hide_banner', '-nostdin', '-v', 'error', '-y'],
    ...['-f', 'lavfi', '-i', `testsrc2=size=${settings.width}x${settings.height}:rate=${settings.fps},${text}`],
    ...['-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000', '-t', String(clipSeconds(settings))],
    ...['-c:v', 'libx264', '-preset', 'veryfast', '-tune', 'zerolatency', '-pix_fmt', 'yuv420p'],
    ...['-b:v', String(settings.bitrate), '-maxrate', String(settings.bitrate), '-bufsize', String(settings.bitrate)],
    ...['-g', String(settings.fps), '-keyint_min', String(settings.fps), '-sc_threshold', '0'],
    ...['-c:a', 'aac', '-b:a', '128k', '-f', 'flv', path],
  ];
  const result = spawnSync('ffmpeg', args, { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`encoding the publisher's stream failed: ${result.stderr.slice(-2000)}`);
  return path;
}

/**
 * The publisher: sends `clip` in real time (`-re`, copied, as OBS sends what its encoder made). `-progress` says, ten
 * times a second, how many frames it has sent: the wall-clock time of each frame number. Its own process group,
 * ended as a group.
 */
function startPublisher(url, clip) {
  const args = [
    ...['-hide_banner', '-nostdin', '-v', 'error', '-stats_period', '0.1', '-progress', 'pipe:1', '-re'],
    ...['-i', clip, '-c', 'copy', '-f', 'flv', url],
  ];
  const child = spawn('ffmpeg', args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  /** [wall-clock ms, frames produced] pairs, in order. */
  const marks = [];
  let pending = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk) => {
    const now = Date.now();
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      const m = /^frame=(\d+)/.exec(line);
      if (m) marks.push([now, Number(m[1])]);
    }
  });
  child.stderr.setEncoding('utf8').on('data', (chunk) => {
    stderr = (stderr + chunk).slice(-4000);
  });
  const exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  return {
    marks,
    exited,
    stderr: () => stderr,
    stop() {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // Already gone.
      }
    },
  };
}

/** When the publisher produced frame `n`, in wall-clock ms, from its progress marks (interpolated). */
export function producedAt(marks, n) {
  for (let i = 1; i < marks.length; i++) {
    const [t1, f1] = marks[i];
    if (f1 < n) continue;
    const [t0, f0] = marks[i - 1];
    if (f1 === f0) return t1;
    return t0 + ((n - f0) / (f1 - f0)) * (t1 - t0);
  }
  return null;
}

/** Reads the frame number in a screenshot of the number's box; null when tesseract reads no six digits. */
function readNumber(png) {
  const result = spawnSync('tesseract', ['stdin', 'stdout', '--psm', '7', '-c', 'tessedit_char_whitelist=0123456789'], {
    input: png,
    encoding: 'utf8',
  });
  const digits = result.stdout.trim();
  return /^\d{6}$/.test(digits) ? Number(digits) : null;
}

/** The player's page, served from 127.0.0.1 (a page elsewhere may not fetch from a local address). */
async function pageServer(scope) {
  const hlsJs = await readFile(join(ROOT, 'node_modules/hls.js/dist/hls.min.js'), 'utf8');
  const catchUp = ts.transpileModule(await readFile(join(ROOT, CATCH_UP_SOURCE), 'utf8'), {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
  }).outputText;
  const port = await freePort();
  const pages = new Map();
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const script = { '/hls.js': hlsJs, '/live-catch-up.js': catchUp }[url.pathname];
    if (script) {
      res.writeHead(200, { 'content-type': 'text/javascript' });
      res.end(script);
      return;
    }
    const page = pages.get(url.pathname);
    res.writeHead(page ? 200 : 404, { 'content-type': 'text/html' });
    res.end(page ?? 'not found');
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  scope.defer('stop the player page server', () => new Promise((resolve) => server.close(resolve)));
  return {
    origin: `http://127.0.0.1:${port}`,
    /**
     * Serves a page that plays `playlist` with hls.js at its top quality, `config` on top of hls.js's defaults, and
     * with `catchUp` our player's catch-up (hls.js's own off), at our player's rate.
     */
    add(name, playlist, { config, catchUp = false }) {
      pages.set(
        `/${name}`,
        `<!doctype html><html><body style="margin:0;background:#000">
<video id="v" muted autoplay playsinline style="width:1280px;height:720px;display:block"></video>
<script src="/hls.js"></script>
<script type="module">
  ${catchUp ? "import { keepNearLiveEdge, LIVE_CATCH_UP_RATE } from '/live-catch-up.js';" : ''}
  const video = document.getElementById('v');
  window.stalls = 0;
  window.problems = [];
  video.addEventListener('waiting', () => { if (video.currentTime > 0) window.stalls++; });
  const hls = new Hls(Object.assign({ enableWorker: false, capLevelToPlayerSize: false }, ${JSON.stringify(config)}));
  hls.on(Hls.Events.MANIFEST_PARSED, (_e, data) => {
    const top = data.levels.reduce((best, l, i) => (l.height > data.levels[best].height ? i : best), 0);
    hls.currentLevel = top;
  });
  hls.on(Hls.Events.ERROR, (_e, data) => window.problems.push(data.details + (data.response ? ' ' + data.response.code : '')));
  hls.loadSource(${JSON.stringify(playlist)});
  hls.attachMedia(video);
  ${catchUp ? 'keepNearLiveEdge(video, hls, LIVE_CATCH_UP_RATE);' : ''}
  video.play().catch(() => {});
</script></body></html>`,
      );
      return `http://127.0.0.1:${port}/${name}`;
    },
  };
}

/** Opens the player page at `url` and waits until the video plays. */
async function playerPage(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  await page.goto(url);
  await page
    .waitForFunction(() => document.getElementById('v').currentTime > 0.5, null, { timeout: 60_000 })
    .catch(async (error) => {
      const problems = await page.evaluate(() => window.problems.slice(0, 10));
      throw new Error(`the player did not play: ${problems.join('; ') || error.message}`);
    });
  return { page, context };
}

/**
 * Samples the picture on screen for `settings.seconds`: each read frame's age, in ms. The screenshots are read after
 * the window, so tesseract's CPU does not slow down the server or the player being measured.
 */
async function sampleLatency(page, publisher, settings, log) {
  const shots = [];
  const until = Date.now() + settings.seconds * 1000;
  const stallsBefore = await page.evaluate(() => window.stalls);
  while (Date.now() < until) {
    const shownAt = Date.now();
    shots.push({ shownAt, png: await page.screenshot({ clip: NUMBER_CLIP }) });
    const rest = settings.sampleEveryMs - (Date.now() - shownAt);
    if (rest > 0) await sleep(rest);
  }
  const stalls = (await page.evaluate(() => window.stalls)) - stallsBefore;
  const ages = [];
  let unread = 0;
  for (const { shownAt, png } of shots) {
    const n = readNumber(png);
    const at = n === null ? null : producedAt(publisher.marks, n);
    if (at === null) unread++;
    else ages.push(shownAt - at);
  }
  log(`  ${ages.length} reads, ${unread} unread, ${stalls} stalls`);
  return { ages, unread, stalls };
}

/**
 * How each peer is played. Ours as our player plays it: low-latency mode, with our catch-up instead of hls.js's
 * (`packages/ui/src/playback/live-catch-up.ts`, at the player's rate). nginx-rtmp with hls.js's catch-up at a higher
 * rate, and (`nginxDefaults`) with hls.js as it comes.
 */
const PLAYERS = {
  ours: { config: { lowLatencyMode: true, maxLiveSyncPlaybackRate: 1 }, catchUp: true },
  nginx: { config: { maxLiveSyncPlaybackRate: 1.5 } },
  nginxDefaults: { config: {} },
};

/** One peer: start the server, publish, play, sample; everything it started is stopped before the next. */
async function measure(scope, { browser, pages, clip }, { name, start }, settings, log) {
  log(`live: ${name}`);
  const server = await start();
  const { ingestUrl, playlist } = server;
  const publisher = startPublisher(ingestUrl, clip);
  scope.defer(`stop the ${name} publisher`, () => publisher.stop());
  try {
    const url = pages.add(name, await playlist(), PLAYERS[name]);
    const { page, context } = await playerPage(browser, url);
    await sleep(settings.warmupSeconds * 1000);
    const result = await sampleLatency(page, publisher, settings, log);
    await context.close();
    return result;
  } catch (error) {
    const serverLog = (await server.log?.()) ?? '';
    throw new Error(
      `${name}: ${error instanceof Error ? error.message : String(error)}\n${publisher.stderr()}${serverLog}`,
    );
  } finally {
    publisher.stop();
  }
}

/** Waits for `url` to answer 200 (a stream's playlist appears once its first segments exist). */
async function waitFor(url, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const res = await fetch(url).catch(() => null);
    if (res?.ok) return url;
    await sleep(200);
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

export async function liveBench(scope, { settings = LIVE_SETTINGS, log = console.error } = {}) {
  requireTools();
  const dir = await mkdtemp(join(tmpdir(), 'framecast-bench-live-'));
  scope.defer('remove the live benchmark directory', () => rm(dir, { recursive: true, force: true }));
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_FLAGS });
  scope.defer('close Chromium', () => browser.close());
  const pages = await pageServer(scope);
  log("live: encoding the publisher's stream");
  const clip = encodeClip(dir, settings);

  const ours = {
    name: 'ours',
    async start() {
      const [port, rtmpPort] = [await freePort(), await freePort()];
      const env = benchEnv({
        dataDir: join(dir, 'framecast'),
        port,
        extra: {
          RTMP_PORT: String(rtmpPort),
          CORS_ORIGINS: pages.origin,
          PUBLIC_URL: `http://127.0.0.1:${port}`,
        },
      });
      delete env.DATABASE_URL;
      const app = await startFramecast(scope, { name: 'framecast', targets: 'all', env });
      const auth = await requestJson(`${app.url}/api/auth/register`, {
        method: 'POST',
        body: {
          email: 'live@example.com',
          handle: 'live_bench',
          password: 'correct horse battery staple',
          session: 'token',
        },
        expected: 201,
      });
      const res = await fetch(`${app.url}/api/live/me`, { headers: { authorization: `Bearer ${auth.accessToken}` } });
      const setup = await res.json();
      return {
        ingestUrl: `rtmp://127.0.0.1:${rtmpPort}/live/${setup.streamKey}`,
        stop: () => app.stop(),
        async playlist() {
          const deadline = Date.now() + 30_000;
          for (;;) {
            const live = await requestJson(`${app.url}/api/channels/live_bench/live`);
            if (live.live) return waitFor(`${app.url}${live.playback.hls}`);
            if (Date.now() > deadline) throw new Error('the stream did not go live');
            await sleep(200);
          }
        },
      };
    },
  };
  const nginx = {
    name: 'nginx',
    async start() {
      return startNginx(scope, dir);
    },
  };
  const results = {};
  for (const peer of [ours, nginx, { ...nginx, name: 'nginxDefaults' }]) {
    results[peer.name] = await measure(scope, { browser, pages, clip }, peer, settings, log);
  }
  const body = renderLive({ settings, results });
  return { results, body };
}

/** nginx-rtmp writing HLS of 1 s fragments (4 s listed), served to the player's page, in a fresh folder under `dir`. */
async function startNginx(scope, dir) {
  const nginx = await startNginxRtmp(scope, { parent: dir, hls: { fragment: 1, playlistLength: 4 }, cors: true });
  return {
    ingestUrl: nginx.ingestUrl('stream'),
    playlist: () => waitFor(nginx.httpUrl('stream.m3u8')),
    stop: () => nginx.stop(),
    log: nginx.log,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await runScoped(async (scope) => {
    buildBackend();
    const { body } = await liveBench(scope);
    await publish([{ name: 'live', body }], machineFacts());
  });
}
