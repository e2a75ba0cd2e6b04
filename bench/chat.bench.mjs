#!/usr/bin/env node
// Chat fan-out on this machine: one room, messages sent at a steady rate by senders in the room, for three servers in
// one run: ours (the platform's chat, `/api/chat/<handle>/ws`), a bare `ws` broadcast loop and Socket.IO 4
// (`io.emit`). Two sets of steps, one after the other: a busy stream's steady chat (10 messages a second, 1k, 5k and
// 10k readers), then busy moments (50 a second, 1k and 5k readers). For each step: deliveries a second, the server's
// CPU seconds per million deliveries, delivery latency (p50/p99) and memory per idle connection. The readers run in
// processes of their own (`bench/lib/chat.clients.mjs`), the senders in this one.
// `node bench/chat.bench.mjs [--quick]` runs it alone and rewrites its section of docs/benchmarks.md; `--quick` is a
// short validation pass (a few hundred readers, seconds-long windows) whose section says so.
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import WebSocket from 'ws';
import { renderChat } from './chat.report.mjs';
import { mergeSparse, pageOrigin, splitCount, toSparse, VIEWER_LIMIT } from './lib/chat.messages.mjs';
import { openSenders, sendSteadily } from './lib/chat.senders.mjs';
import { benchEnv, buildBackend, metricValue, ROOT, requestJson, startFramecast } from './lib/framecast.mjs';
import { cpuWindow } from './lib/live.cpu.mjs';
import { freePort, processTree, rssBytes, spawnProcess, withOpenFiles } from './lib/processes.mjs';
import { machineFacts, publish } from './lib/report.mjs';
import { createScope, runScoped } from './lib/scope.mjs';

export const CHAT_SETTINGS = {
  /**
   * The sets of steps, run one after the other. In each, `sendRate` messages a second in all, sent by `senders`
   * sockets (for ours, accounts) taking turns, each under what ours allows a viewer; they are in the room too, so
   * they also receive every message. One step per count of readers, every server at each count before the next.
   * - steady: a busy stream's chat, where a socket's writes rarely hold two messages whatever the server;
   * - busy: a hype moment's rate, where ours's write delay puts several messages in one write. Not at `leftOut`
   *   (10k) readers: the readers' process would have to parse 500k messages a second on a 2-core machine it shares
   *   with the server; the report says so.
   */
  sets: [
    { name: 'steady', sendRate: 10, senders: 20, clients: [1000, 5000, 10_000] },
    { name: 'busy', sendRate: 50, senders: 100, clients: [1000, 5000], leftOut: 10_000 },
  ],
  servers: ['ours', 'ws', 'socketio'],
  /** Ours's `CHAT_WRITE_DELAY_MS`, its default: frames for a socket wait up to this long to share one write. */
  oursWriteDelayMs: 50,
  /**
   * How Socket.IO's readers connect: `wire` speaks its packets over the `ws` client, as the other servers' readers
   * do; `client` uses socket.io-client (more CPU per message in the readers' process).
   */
  socketIoReaders: 'wire',
  /** Processes the readers are split over. */
  clientProcesses: 1,
  /** Loopback addresses the readers connect from (127.0.0.2…), so no one address holds them all. */
  addresses: 8,
  /** Readers connecting at once, in each client process. */
  connectConcurrency: 100,
  /** Seconds the server sits idle before its memory is read, with no connection and then with every reader. */
  settleSeconds: 3,
  /** Seconds of sending before the window. */
  warmupSeconds: 3,
  windowSeconds: 20,
  quick: false,
};

export const QUICK_SETTINGS = {
  ...CHAT_SETTINGS,
  sets: CHAT_SETTINGS.sets.map((set) => ({ ...set, clients: [200, 500] })),
  settleSeconds: 1,
  warmupSeconds: 1,
  windowSeconds: 4,
  quick: true,
};

/**
 * The sets' problems, empty when there are none: with ours among the servers, a set whose senders would each send
 * more than ours allows a viewer (its messages would be refused, not delivered); two sets of one rate (the report
 * groups steps by rate). Pure.
 */
export function setProblems(settings) {
  const problems = [];
  const allowed = VIEWER_LIMIT.messages / VIEWER_LIMIT.seconds;
  const rates = new Set();
  for (const set of settings.sets) {
    const each = set.sendRate / set.senders;
    if (settings.servers.includes('ours') && each > allowed) {
      problems.push(
        `${set.name}: ${set.senders} senders at ${set.sendRate} messages a second send ${each.toFixed(2)} a second ` +
          `each, over ours's ${VIEWER_LIMIT.messages} per ${VIEWER_LIMIT.seconds} s`,
      );
    }
    if (rates.has(set.sendRate)) problems.push(`${set.name}: another set sends ${set.sendRate} messages a second`);
    rates.add(set.sendRate);
  }
  return problems;
}

const CLIENTS_SCRIPT = join(ROOT, 'bench/lib/chat.clients.mjs');
const PEERS_SCRIPT = join(ROOT, 'bench/lib/chat.peers.mjs');
/** Far above any count of the benchmark: readers are not refused for coming from one address. */
const NO_LIMIT = '1000000';
/** Open files a process needs besides its sockets (modules, the database, pipes). */
const SPARE_FILES = 1024;
const BROADCASTER = 'chatbench';

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

/** Waits until the process printed `line`. */
async function waitForLine(proc, line, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (!proc.output().split('\n').includes(line)) {
    if (!proc.isRunning()) throw new Error(`${proc.name} exited before "${line}":\n${proc.output()}`);
    if (Date.now() > deadline) throw new Error(`${proc.name} did not say "${line}" within ${timeoutMs} ms`);
    await sleep(20);
  }
}

/** A peer (`bench/lib/chat.peers.mjs`) on a free port. */
async function startPeer(scope, kind, files) {
  const port = await freePort();
  const proc = spawnProcess(scope, {
    name: `the ${kind} peer`,
    ...withOpenFiles(files, process.execPath, [PEERS_SCRIPT, JSON.stringify({ kind, port })]),
    env: process.env,
    cwd: ROOT,
  });
  await waitForLine(proc, 'listening', 10_000);
  const url = kind === 'ws' ? `ws://127.0.0.1:${port}/` : `http://127.0.0.1:${port}`;
  return { pid: proc.pid, url };
}

/**
 * What our platform's socket for a room answers: `welcome` (its first frame); `none` when the tree has no chat module
 * (the upgrade is taken, then the route is not found and the socket closes without a frame); `unknown` when the
 * chat does not know the channel (HTTP 404: it learns of new accounts from the user service's events, a moment after
 * they registered). Anything else is an error.
 */
function probeChat(url) {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(url, { origin: pageOrigin(url) });
    const timer = setTimeout(() => {
      socket.terminate();
      reject(new Error(`${url} sent no frame within 10 s`));
    }, 10_000);
    const done = (answer) => {
      clearTimeout(timer);
      socket.removeAllListeners('close');
      socket.terminate();
      resolve(answer);
    };
    socket.once('message', (raw) => {
      const frame = JSON.parse(String(raw));
      if (frame.type === 'welcome') done('welcome');
      else reject(new Error(`${url} sent ${String(raw).slice(0, 200)} first, not a welcome`));
    });
    socket.once('close', () => done('none'));
    socket.once('unexpected-response', (_req, res) => {
      if (res.statusCode === 404) done('unknown');
      else reject(new Error(`${url} answered the upgrade with HTTP ${res.statusCode}`));
    });
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

/** Whether the platform has a chat socket, waiting (up to `timeoutMs`) for it to know the room's channel. */
async function servesChat(url, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const answer = await probeChat(url);
    if (answer !== 'unknown') return answer === 'welcome';
    if (Date.now() > deadline) throw new Error(`${url} still answered 404 after ${timeoutMs} ms`);
    await sleep(200);
  }
}

/**
 * Our platform, all in one process on the embedded database (as the live benchmarks run it; one instance, so no
 * broker between instances), with the room of `chatbench` and an account for each of `senders`.
 */
async function startOurs(scope, { dir, senders }, settings, files) {
  const port = await freePort();
  const env = benchEnv({
    dataDir: join(dir, `framecast-${port}`),
    port,
    extra: {
      PUBLIC_URL: `http://127.0.0.1:${port}`,
      CHAT_CONNECTIONS_PER_ADDRESS: NO_LIMIT,
      CHAT_WRITE_DELAY_MS: String(settings.oursWriteDelayMs),
    },
  });
  delete env.DATABASE_URL;
  const app = await startFramecast(scope, { name: 'framecast', targets: 'all', env, openFiles: files });
  const register = (handle) =>
    requestJson(`${app.url}/api/auth/register`, {
      method: 'POST',
      body: { email: `${handle}@example.com`, handle, password: 'correct horse battery staple', session: 'token' },
      expected: 201,
    });
  await register(BROADCASTER);
  const tokens = [];
  for (let i = 1; i <= senders; i++) tokens.push((await register(`chatter_${i}`)).accessToken);
  const url = `ws://127.0.0.1:${port}/api/chat/${BROADCASTER}/ws`;
  // Senders need no more than their tokens (no follower-only room here); the room needs its channel known.
  if (!(await servesChat(url))) return { pid: app.pid, url, missing: true };
  return { pid: app.pid, url, tokens, metricsUrl: `${app.url}/metrics` };
}

/** Frames written to chat sockets and the writes they went in, from Prometheus text (0 for a missing counter). Pure. */
export function chatWriteCounters(text) {
  return {
    frames: metricValue(text, 'framecast_chat_deliveries_total') ?? 0,
    writes: metricValue(text, 'framecast_chat_socket_writes_total') ?? 0,
  };
}

/** Ours's write counters now. */
async function readWriteCounters(metricsUrl) {
  const res = await fetch(metricsUrl, { signal: AbortSignal.timeout(10_000) });
  if (!res.ok) throw new Error(`${metricsUrl} answered ${res.status}`);
  return chatWriteCounters(await res.text());
}

/** The readers' processes, `clients` in all; resolved once every reader is in the room. */
async function startReaders(scope, { dir, kind, url, clients, tag }, settings) {
  const counts = splitCount(clients, settings.clientProcesses).filter((n) => n > 0);
  let first = 0;
  const procs = counts.map((count, i) => {
    const out = join(dir, `readers-${kind}-${clients}-${tag}-${i}.json`);
    const options = {
      kind,
      url,
      count,
      tag,
      out,
      first,
      addresses: settings.addresses,
      concurrency: settings.connectConcurrency,
      socketIoClient: settings.socketIoReaders === 'client',
    };
    first += count;
    const proc = spawnProcess(scope, {
      name: `${kind} readers #${i + 1}`,
      ...withOpenFiles(count + SPARE_FILES, process.execPath, [CLIENTS_SCRIPT, JSON.stringify(options)]),
      env: process.env,
      cwd: ROOT,
    });
    return { ...proc, out };
  });
  // Generous: 10k sockets of socket.io-client take tens of seconds to connect on a busy machine.
  const timeoutMs = 30_000 + clients * 10;
  await Promise.all(procs.map((proc) => waitForLine(proc, 'connected', timeoutMs)));
  return procs;
}

/** Adds the readers' processes' reports into one. Pure. */
export function mergeReports(reports) {
  const closed = {};
  for (const r of reports) {
    for (const [code, n] of Object.entries(r.closed.window)) closed[code] = (closed[code] ?? 0) + n;
  }
  return {
    readers: reports.reduce((n, r) => n + r.readers, 0),
    deliveries: reports.reduce((n, r) => n + r.deliveries, 0),
    latency: toSparse(mergeSparse(reports.map((r) => r.latency))),
    closed,
    clientCpu: reports.reduce((n, r) => n + r.clientCpu, 0),
    rss: reports.reduce((n, r) => n + r.rss, 0),
  };
}

/**
 * One server with `clients` readers: its memory with no connection and with every reader idle, then the set's
 * `sendRate` messages a second from its `senders`, and a window over which the readers count deliveries and latency
 * and the server's CPU is read.
 */
async function measureStep(scope, { dir, kind, clients, set }, settings, log) {
  const { sendRate } = set;
  const files = clients + set.senders + SPARE_FILES;
  const server =
    kind === 'ours'
      ? await startOurs(scope, { dir, senders: set.senders }, settings, files)
      : await startPeer(scope, kind, files);
  if (server.missing) return { kind, clients, sendRate, senders: set.senders, missing: true };
  await sleep(settings.settleSeconds * 1000);
  const rssNone = rssBytes(server.pid);
  const tag = randomBytes(4).toString('hex');
  const connectStarted = performance.now();
  const readers = await startReaders(scope, { dir, kind, url: server.url, clients, tag }, settings);
  const connectSeconds = (performance.now() - connectStarted) / 1000;
  // What the server spends on idle sockets (heartbeats, presence, its own timers), to set against the window's.
  const idleWindow = cpuWindow({ server: () => processTree(server.pid) });
  await sleep(settings.settleSeconds * 1000);
  const idle = idleWindow.end();
  const rssIdle = rssBytes(server.pid);
  const senders = await openSenders(scope, {
    kind,
    url: server.url,
    tag,
    count: set.senders,
    tokens: server.tokens,
  });
  const sending = sendSteadily(senders.send, sendRate);
  scope.defer(`stop sending to ${kind}`, () => sending.stop());
  await sleep(settings.warmupSeconds * 1000);
  const window = cpuWindow({ server: () => processTree(server.pid), readers: () => readers.map((r) => r.pid) });
  for (const r of readers) process.kill(r.pid, 'SIGUSR1');
  const sentBefore = sending.sent();
  const countersBefore = server.metricsUrl ? await readWriteCounters(server.metricsUrl) : null;
  await sleep(settings.windowSeconds * 1000);
  for (const r of readers) process.kill(r.pid, 'SIGUSR2');
  const sent = sending.sent() - sentBefore;
  const cpu = window.end();
  const countersAfter = countersBefore ? await readWriteCounters(server.metricsUrl) : null;
  const writes = countersBefore && {
    frames: countersAfter.frames - countersBefore.frames,
    writes: countersAfter.writes - countersBefore.writes,
  };
  await sending.stop();
  await Promise.all(readers.map((r) => waitForLine(r, 'reported', 30_000)));
  const merged = mergeReports(await Promise.all(readers.map(async (r) => JSON.parse(await readFile(r.out, 'utf8')))));
  const step = {
    kind,
    clients,
    sendRate,
    senders: set.senders,
    connectSeconds,
    rssNone,
    rssIdle,
    idle,
    sent,
    cpu,
    readers: merged,
    refused: senders.refused,
    ...(writes ? { writes } : {}),
  };
  log(
    `  ${kind}, ${clients} readers, ${sendRate} msg/s: ${Math.round(merged.deliveries / cpu.wall)} deliveries/s, ` +
      `server ${(cpu.cpu.server / cpu.wall).toFixed(2)} CPU s/s, readers ${(cpu.cpu.readers / cpu.wall).toFixed(2)}`,
  );
  return step;
}

export async function chatBench(
  scope,
  { quick = false, settings = quick ? QUICK_SETTINGS : CHAT_SETTINGS, log = console.error } = {},
) {
  const problems = setProblems(settings);
  if (problems.length > 0) throw new Error(`The chat benchmark's settings do not hold: ${problems.join('; ')}.`);
  const facts = machineFacts();
  const dir = await mkdtemp(join(tmpdir(), 'framecast-bench-chat-'));
  scope.defer('remove the chat benchmark directory', () => rm(dir, { recursive: true, force: true }));
  const steps = [];
  const missing = new Set();
  for (const set of settings.sets) {
    for (const clients of set.clients) {
      for (const kind of settings.servers) {
        if (missing.has(kind)) continue;
        log(`chat: ${kind}, ${clients} readers, ${set.sendRate} messages a second (${set.name})`);
        const step = await phase(scope, `the ${kind} chat`, (own) =>
          measureStep(own, { dir, kind, clients, set }, settings, log),
        );
        if (step.missing) {
          log(`  ${kind}: this tree's platform has no chat socket (closed without a frame); not measured`);
          missing.add(kind);
        }
        steps.push(step);
      }
    }
  }
  const results = { settings, facts, steps };
  return { results, body: renderChat(results) };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await runScoped(async (scope) => {
    buildBackend();
    const { body } = await chatBench(scope, { quick: process.argv.includes('--quick') });
    await publish([{ name: 'chat', body }], machineFacts());
  });
}
