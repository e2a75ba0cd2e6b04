#!/usr/bin/env node
// Simulated live viewers, in a process of their own so their CPU is not the server's: each does what hls.js does on
// one rendition. `ll`: blocking playlist reloads (`_HLS_msn`/`_HLS_part`, delta updates once allowed), each new part
// fetched as soon as a playlist lists it. `plain`: the playlist reloaded after the last segment's duration (half the
// target duration when it had not changed), each new segment fetched. Each viewer has its own keep-alive connections,
// as each browser does. After `rampSeconds` (viewers joining evenly) and `warmupSeconds`, it prints `measuring`, counts
// for `seconds`, prints `measured`, writes what it counted to `out` as JSON and exits.
//
//   node bench/lib/live.viewers.mjs '{"mode":"ll","url":"…/720p/ll.m3u8","viewers":200,"seconds":30,…}'
import { writeFile } from 'node:fs/promises';
import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { quantile } from '../live.report.mjs';
import { newMedia, nextDirectives, parseMediaPlaylist, plainReloadMs, withDirectives } from './live.hls.mjs';

/** A held playlist request waits up to 3 target durations on our side; anything longer is a failure. */
const REQUEST_TIMEOUT_MS = 15_000;

const options = JSON.parse(process.argv[2] ?? '{}');
const { mode, url, viewers, rampSeconds = 2, warmupSeconds = 5, seconds, out } = options;
if (!['ll', 'plain'].includes(mode) || !url || !(viewers > 0) || !(seconds > 0) || !out) {
  throw new Error(`usage: live.viewers.mjs '{"mode":"ll"|"plain","url","viewers","seconds","out",…}'`);
}

let running = true;
let measuring = false;
const counts = { playlists: 0, media: 0, bytes: 0, errors: {} };
/** When any viewer first got a playlist listing each part or segment, by its key (performance.now() ms). */
const firstSeen = new Map();
/** Time from that moment to each viewer having the whole part or segment, ms, for those seen while measuring. */
const delays = [];
const agents = [];

const keyOf = (item) => (item.index === undefined ? `${item.msn}` : `${item.msn}.${item.index}`);

function countError(what) {
  if (measuring) counts.errors[what] = (counts.errors[what] ?? 0) + 1;
}

/** One GET; the body as text (playlists) or only counted (media). Resolves with the status, never rejects. */
function get(target, agent, text) {
  return new Promise((resolve) => {
    const req = http.get(target, { agent, timeout: REQUEST_TIMEOUT_MS }, (res) => {
      let body = '';
      let bytes = 0;
      if (text) res.setEncoding('utf8');
      res.on('data', (chunk) => {
        bytes += chunk.length;
        if (text) body += chunk;
      });
      res.on('end', () => resolve({ status: res.statusCode, body, bytes, at: performance.now() }));
      res.on('error', () => resolve({ status: 'aborted', body: '', bytes, at: performance.now() }));
    });
    req.on('timeout', () => req.destroy(new Error('timeout')));
    req.on('error', (error) =>
      resolve({ status: error.message === 'timeout' ? 'timeout' : 'error', body: '', bytes: 0 }),
    );
  });
}

/** Fetches queued media one after another, as a player's fragment loader does. */
function mediaLoader(agent) {
  const queue = [];
  let wake = null;
  (async () => {
    while (running) {
      const item = queue.shift();
      if (!item) {
        await new Promise((resolve) => {
          wake = resolve;
        });
        continue;
      }
      const res = await get(new URL(item.uri, url), agent, false);
      if (!running) return;
      if (res.status !== 200) {
        countError(`media ${res.status}`);
        continue;
      }
      if (measuring) {
        counts.media++;
        counts.bytes += res.bytes;
        const seen = firstSeen.get(keyOf(item));
        if (seen?.measured) delays.push(res.at - seen.at);
      }
    }
  })();
  return {
    add(items) {
      queue.push(...items);
      wake?.();
      wake = null;
    },
  };
}

/** Notes the moment the first viewer learnt of each item. */
function seen(items, at) {
  for (const item of items) {
    const key = keyOf(item);
    if (!firstSeen.has(key)) firstSeen.set(key, { at, measured: measuring });
  }
}

async function viewer() {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 6 });
  agents.push(agent);
  const loader = mediaLoader(agent);
  let playlist = null;
  let cursor = null;
  while (running) {
    const target =
      mode === 'll' && playlist
        ? withDirectives(url, nextDirectives(playlist), { skip: playlist.canSkipUntil !== null })
        : url;
    const res = await get(target, agent, true);
    if (!running) return;
    if (res.status !== 200) {
      countError(`playlist ${res.status}`);
      await sleep(mode === 'll' ? 200 : 1000);
      continue;
    }
    if (measuring) {
      counts.playlists++;
      counts.bytes += res.bytes;
    }
    playlist = parseMediaPlaylist(res.body);
    const items = newMedia(playlist, cursor, mode);
    seen(items, res.at);
    loader.add(items);
    if (items.length > 0) cursor = items.at(-1);
    if (mode === 'plain') await sleep(plainReloadMs(playlist, items.length > 0));
  }
}

for (let i = 0; i < viewers; i++) {
  setTimeout(() => viewer(), (rampSeconds * 1000 * i) / viewers);
}
await sleep((rampSeconds + warmupSeconds) * 1000);
const cpuBefore = process.cpuUsage();
const started = performance.now();
measuring = true;
console.log('measuring');
await sleep(seconds * 1000);
measuring = false;
const wall = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuBefore);
console.log('measured');
running = false;
for (const agent of agents) agent.destroy();
await writeFile(
  out,
  JSON.stringify({
    mode,
    viewers,
    wall,
    ...counts,
    clientCpu: (cpu.user + cpu.system) / 1e6,
    delays: { count: delays.length, p50: quantile(delays, 0.5), p99: quantile(delays, 0.99) },
  }),
);
process.exit(0);
