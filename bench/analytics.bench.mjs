#!/usr/bin/env node
// Beacon ingest end to end: player beacon batches sent over HTTP to the analytics module until the rollups hold every
// event (read back through the owner's report), with the embedded PGlite and with PostgreSQL, against PostgreSQL's own
// `COPY` of the same events as rows (the most a database takes in) in the same run.
// `node bench/analytics.bench.mjs [--quick]` runs it alone and rewrites its section of docs/benchmarks.md; `--quick` is
// a short validation pass whose section says so.
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { renderAnalytics } from './analytics.report.mjs';
import { createDatabase } from './lib/database.mjs';
import { benchEnv, buildBackend, ROOT, serverUrls } from './lib/framecast.mjs';
import { freePort, spawnProcess } from './lib/processes.mjs';
import { machineFacts, publish } from './lib/report.mjs';
import { createScope, runScoped } from './lib/scope.mjs';

export const ANALYTICS_SETTINGS = {
  /** Videos the beacons are spread over. */
  videos: 20,
  /** Seconds each video lasts (retention hundredths of 36 s). */
  duration: 3600,
  /** Requests in flight at once. */
  concurrency: 32,
  /** Batches each playback session sends before the next session starts (2 × 25 s of heartbeats). */
  batchesPerSession: 2,
  /** Seconds of sending. */
  windowSeconds: 30,
  /** The module's default: counts wait this long in memory before a flush. */
  flushMs: 5000,
  modes: ['embedded', 'postgres'],
  quick: false,
};

export const QUICK_SETTINGS = { ...ANALYTICS_SETTINGS, videos: 4, windowSeconds: 8, quick: true };

const SERVER_SCRIPT = join(ROOT, 'bench/lib/analytics.server.mjs');
const NO_LIMIT = '1000000000';
/** Events in each batch: as many as one may carry. */
export const BATCH_EVENTS = 100;
/** Half of them heartbeats of half a second each: 25 s of playback a batch. */
const HEARTBEATS = BATCH_EVENTS / 2;
const HEARTBEAT_SECONDS = 0.5;
/** Watch seconds one batch adds to the rollups. */
export const BATCH_WATCH_SECONDS = HEARTBEATS * HEARTBEAT_SECONDS;

/**
 * One batch of a session: 50 half-second heartbeats from where the previous batch ended, then renditions and stalls
 * in turn (a rendition changes, a stall follows). Pure.
 */
export function beaconBatch(session, seq, videoId) {
  const events = [];
  const start = seq * BATCH_WATCH_SECONDS;
  for (let i = 0; i < HEARTBEATS; i++) {
    const at = start + i * HEARTBEAT_SECONDS;
    events.push({ type: 'heartbeat', from: at, to: at + HEARTBEAT_SECONDS });
  }
  for (let i = 0; events.length < BATCH_EVENTS; i++) {
    events.push(
      i % 2 === 0
        ? { type: 'quality', bitrate: i % 4 === 0 ? 2_500_000 : 4_000_000, height: 720 }
        : { type: 'buffering', position: start + BATCH_WATCH_SECONDS, ms: 120 },
    );
  }
  return { session, seq, videoId, events };
}

/** The `i`-th batch of the load: sessions of `perSession` batches, spread over the videos in turn. Pure. */
export function nthBatch(i, videos, perSession) {
  const session = Math.floor(i / perSession);
  const id = `00000000-0000-4000-8000-${(session + 1).toString(16).padStart(12, '0')}`;
  return beaconBatch(id, i % perSession, videos[session % videos.length]);
}

/** The same events as rows for `COPY … (csv)`: arrival, session, batch, video, type, from, to, bitrate, ms. Pure. */
export function eventRows(batch, at) {
  return batch.events
    .map((e) =>
      [
        at,
        batch.session,
        batch.seq,
        batch.videoId,
        e.type,
        e.from ?? e.position ?? '',
        e.to ?? '',
        e.bitrate ?? '',
        e.ms ?? '',
      ].join(','),
    )
    .join('\n');
}

async function waitForReady(proc, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const line = proc
      .output()
      .split('\n')
      .find((l) => l.startsWith('ready '));
    if (line) return JSON.parse(line.slice('ready '.length));
    if (!proc.isRunning()) throw new Error(`${proc.name} exited before it was ready:\n${proc.output()}`);
    if (Date.now() > deadline) throw new Error(`${proc.name} was not ready within ${timeoutMs} ms:\n${proc.output()}`);
    await sleep(50);
  }
}

function post(agent, port, body) {
  return new Promise((resolve, reject) => {
    const payload = JSON.stringify(body);
    const req = request(
      {
        agent,
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/api/analytics/events',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => {
          text += chunk;
        });
        res.on('end', () => resolve({ status: res.statusCode, text }));
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

/** Sums the watch time of every video from the owner's reports. */
async function reportedWatchSeconds(url, ready) {
  let total = 0;
  for (const videoId of ready.videos) {
    const res = await fetch(`${url}/api/analytics/videos/${videoId}`, {
      headers: { authorization: `Bearer ${ready.token}` },
      signal: AbortSignal.timeout(10_000),
    });
    if (res.status !== 200) throw new Error(`report of ${videoId}: ${res.status} ${await res.text()}`);
    total += (await res.json()).watchTimeSeconds;
  }
  return total;
}

/** One platform: beacons for `windowSeconds`, then until its reports hold every accepted event. */
async function measureMode(scope, { mode, dir, databaseUrl }, settings, log) {
  const port = await freePort();
  const env = benchEnv({
    databaseUrl,
    dataDir: join(dir, mode),
    port,
    extra: {
      ANALYTICS_BEACONS_PER_MINUTE: NO_LIMIT,
      ANALYTICS_FLUSH_MS: String(settings.flushMs),
    },
  });
  if (!databaseUrl) delete env.DATABASE_URL;
  const proc = spawnProcess(scope, {
    name: `analytics (${mode})`,
    command: process.execPath,
    args: [SERVER_SCRIPT, JSON.stringify({ videos: settings.videos, duration: settings.duration })],
    env,
    cwd: ROOT,
  });
  const ready = await waitForReady(proc, 120_000);
  const url = `http://127.0.0.1:${port}`;
  const agent = new Agent({ keepAlive: true, maxSockets: settings.concurrency });
  scope.defer(`close the ${mode} load agent`, () => agent.destroy());
  /** The batches taken (their numbers) and when, from which the COPY rows are made again afterwards. */
  const taken = [];
  let next = 0;
  let accepted = 0;
  let events = 0;
  let refused = 0;
  const started = performance.now();
  const until = started + settings.windowSeconds * 1000;
  const worker = async () => {
    while (performance.now() < until) {
      const i = next++;
      const batch = nthBatch(i, ready.videos, settings.batchesPerSession);
      const res = await post(agent, port, batch);
      if (res.status === 200 && !JSON.parse(res.text).duplicate) {
        accepted += 1;
        events += batch.events.length;
        if (mode === 'postgres') taken.push([i, Date.now()]);
      } else {
        refused += 1;
      }
    }
  };
  await Promise.all(Array.from({ length: settings.concurrency }, worker));
  const sentSeconds = (performance.now() - started) / 1000;
  const expected = accepted * BATCH_WATCH_SECONDS;
  for (;;) {
    const reported = await reportedWatchSeconds(url, ready);
    if (reported >= expected) break;
    if (performance.now() - started > (settings.windowSeconds + 120) * 1000) {
      throw new Error(`${mode}: the rollups hold ${reported} of ${expected} watch seconds two minutes on`);
    }
    await sleep(100);
  }
  const seconds = (performance.now() - started) / 1000;
  log(
    `  ${mode}: ${accepted} batches, ${events} events in ${sentSeconds.toFixed(1)} s sent, ` +
      `${seconds.toFixed(1)} s into the rollups: ${Math.round(events / seconds)} events/s`,
  );
  await proc.stop();
  return { mode, batches: accepted, events, refused, sentSeconds, seconds, taken, videos: ready.videos };
}

/** PostgreSQL's own `COPY` of the same events as rows into a plain table: the ceiling. */
async function copyCeiling(scope, { databaseUrl, run, settings }, log) {
  const share = await mkdtemp(join(tmpdir(), 'framecast-bench-copy-'));
  scope.defer('remove the COPY file', () => rm(share, { recursive: true, force: true }));
  // The server reads the file itself (no client-side streaming in the way): it must be readable to its user.
  await chmod(share, 0o755);
  const file = join(share, 'events.csv');
  const out = createWriteStream(file);
  for (const [i, at] of run.taken) {
    const line = `${eventRows(nthBatch(i, run.videos, settings.batchesPerSession), new Date(at).toISOString())}\n`;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  await chmod(file, 0o644);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`create table bench_events (
      at timestamptz not null, session uuid not null, seq integer not null, video_id uuid not null, type text not null,
      a float8, b float8, bitrate integer, ms integer)`);
    const started = performance.now();
    const result = await client.query(`copy bench_events from '${file}' with (format csv)`);
    const seconds = (performance.now() - started) / 1000;
    log(`  COPY: ${result.rowCount} rows in ${seconds.toFixed(2)} s: ${Math.round(result.rowCount / seconds)} rows/s`);
    return { rows: result.rowCount, seconds };
  } finally {
    await client.end();
  }
}

export async function analyticsBench(
  scope,
  { quick = false, settings = quick ? QUICK_SETTINGS : ANALYTICS_SETTINGS, log = console.error } = {},
) {
  const facts = machineFacts();
  const dir = await mkdtemp(join(tmpdir(), 'framecast-bench-analytics-'));
  scope.defer('remove the analytics benchmark directory', () => rm(dir, { recursive: true, force: true }));
  const runs = [];
  let copy = null;
  for (const mode of settings.modes) {
    log(`analytics: ${mode}`);
    const own = createScope();
    const close = scope.defer(`stop analytics (${mode})`, () => own.close());
    try {
      const databaseUrl =
        mode === 'postgres'
          ? await createDatabase(own, { adminUrl: serverUrls().postgres, name: 'framecast_bench_analytics' })
          : undefined;
      const run = await measureMode(own, { mode, dir, databaseUrl }, settings, log);
      if (mode === 'postgres') copy = await copyCeiling(own, { databaseUrl, run, settings }, log);
      const { taken: _taken, videos: _videos, ...kept } = run;
      runs.push(kept);
    } finally {
      await close();
    }
  }
  const results = { settings, facts, runs, copy, id: randomUUID() };
  return { results, body: renderAnalytics(results) };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await runScoped(async (scope) => {
    buildBackend();
    const { body } = await analyticsBench(scope, { quick: process.argv.includes('--quick') });
    await publish([{ name: 'analytics', body }], machineFacts());
  });
}
