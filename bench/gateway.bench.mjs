#!/usr/bin/env node
// What the gateway costs: GET /api/channels/:handle straight to the user service, through our gateway, through nginx,
// and in the all-in-one process. `node bench/gateway.bench.mjs` runs it alone and rewrites its section of the docs;
// `--profile` also records a CPU profile of the gateway and prints where its time goes (the docs are then left alone,
// since profiling slows the gateway down).
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { renderGateway } from './gateway.report.mjs';
import { readProfile, summarizeProfile } from './lib/cpu-profile.mjs';
import { createDatabase } from './lib/database.mjs';
import { benchEnv, buildBackend, requestJson, serverUrls, startFramecast } from './lib/framecast.mjs';
import { measureRounds } from './lib/load.mjs';
import { findNginx, startNginx } from './lib/nginx.mjs';
import { freePort } from './lib/processes.mjs';
import { machineFacts, publish } from './lib/report.mjs';
import { runScoped } from './lib/scope.mjs';

export const GATEWAY_SETTINGS = {
  /** Closed loop: each connection sends its next request when the last is answered, so the slowest part saturates. */
  saturated: { connections: 50, rounds: 3, seconds: 3, firstWarmupSeconds: 2, warmupSeconds: 1 },
  /**
   * One request at a time: nothing queues, so latency is each hop's own. (autocannon's rate option sends each
   * second's quota in a burst, which measures queueing again, so an unloaded latency is measured this way instead.)
   */
  sequential: { connections: 1, rounds: 3, seconds: 2, firstWarmupSeconds: 1, warmupSeconds: 0.5 },
};

/** Headers that describe one connection or one response rather than the edge's policy. */
const PER_RESPONSE =
  /^(date|connection|keep-alive|content-(type|length|encoding)|etag|transfer-encoding|x-request-id|x-ratelimit-.*|retry-after)$/;

/** The headers our edge adds to a response (security headers), so nginx can be made to add the same. */
export function edgeHeaders(viaGateway, direct) {
  return Object.fromEntries(
    Object.entries(viaGateway).filter(([name]) => !PER_RESPONSE.test(name) && direct[name] === undefined),
  );
}

const headersOf = async (url) => {
  const res = await fetch(url, { signal: AbortSignal.timeout(10_000) });
  await res.arrayBuffer();
  return Object.fromEntries(res.headers);
};

/** An account (hence a channel) to read, made through the user service's own API. */
async function seedChannel(userUrl) {
  const handle = 'benchcast';
  await requestJson(`${userUrl}/api/auth/register`, {
    method: 'POST',
    expected: 201,
    body: {
      email: 'bench@example.com',
      handle,
      password: `Quartz-lantern-${randomBytes(8).toString('hex')}`,
      session: 'token',
    },
  });
  return handle;
}

/** Starts every process behind the paths; each path must answer the same channel before anything is timed. */
async function startPaths(scope, dir, { profile }) {
  const servers = serverUrls();
  const nginxBin = findNginx();
  const databaseUrl = await createDatabase(scope, { adminUrl: servers.postgres, name: 'framecast_bench_gateway' });
  const env = async (name, { redis = true, extra } = {}) =>
    benchEnv({
      databaseUrl,
      redisUrl: redis ? servers.redis : undefined,
      amqpUrl: servers.amqp,
      dataDir: join(dir, name),
      port: await freePort(),
      extra,
    });

  const user = await startFramecast(scope, { name: 'user service', targets: 'user', env: await env('user') });
  const handle = await seedChannel(user.url);
  const path = `/api/channels/${handle}`;
  const gateway = await startFramecast(scope, {
    name: 'gateway',
    targets: 'gateway',
    env: await env('gateway', { extra: { USER_SERVICE_URL: user.url } }),
    nodeArgs: profile ? ['--cpu-prof', `--cpu-prof-dir=${join(dir, 'profile')}`] : [],
  });
  const gatewayMemory = await startFramecast(scope, {
    name: 'gateway (memory counters)',
    targets: 'gateway',
    env: await env('gateway-memory', { redis: false, extra: { USER_SERVICE_URL: user.url } }),
  });
  const headers = edgeHeaders(await headersOf(gateway.url + path), await headersOf(user.url + path));
  const nginxDir = join(dir, 'nginx');
  await mkdir(nginxDir);
  const nginx = await startNginx(scope, {
    bin: nginxBin,
    dir: nginxDir,
    upstream: new URL(user.url).host,
    servers: [{ port: await freePort() }, { port: await freePort(), edge: { headers } }],
    readyPath: '/healthz',
  });
  const all = await startFramecast(scope, { name: 'all-in-one', targets: 'all', env: await env('all') });

  const paths = [
    { key: 'direct', label: '(a) user service, direct', url: user.url, watch: { user: user.pid } },
    {
      key: 'gateway',
      label: '(b) our gateway → user',
      url: gateway.url,
      watch: { proxy: gateway.pid, user: user.pid },
    },
    { key: 'nginx', label: '(c) nginx → user', url: nginx.urls[0], watch: { proxy: nginx.pid, user: user.pid } },
    { key: 'all', label: '(d) all-in-one', url: all.url, watch: { user: all.pid } },
    {
      key: 'gatewayMemory',
      label: '(b′) our gateway, counters in memory',
      url: gatewayMemory.url,
      watch: { proxy: gatewayMemory.pid, user: user.pid },
    },
    {
      key: 'nginxEdge',
      label: '(c′) nginx + the same edge work',
      url: nginx.urls[1],
      watch: { proxy: nginx.pid, user: user.pid },
    },
  ].map((p) => ({ ...p, url: p.url + path }));
  const expected = JSON.stringify(await requestJson(paths[0].url));
  for (const p of paths) {
    const got = JSON.stringify(await requestJson(p.url));
    if (got !== expected) throw new Error(`${p.label} answers ${got}, the user service ${expected}.`);
  }
  return { paths, gateway, edgeHeaderNames: Object.keys(headers) };
}

/** Where the gateway's CPU went, from its profile (written when it stops). */
async function profileSummary(gateway, dir, measuredFrom) {
  await gateway.stop();
  const rows = summarizeProfile(await readProfile(join(dir, 'profile')), { skipMs: measuredFrom - gateway.startedAt });
  return rows
    .slice(0, 25)
    .map((r) => `${(r.share * 100).toFixed(1).padStart(5)} %  ${r.owner}`)
    .join('\n');
}

/** Runs the benchmark; returns the measurements and the docs section. */
export async function gatewayBench(scope, { settings = GATEWAY_SETTINGS, profile = false, log = console.error } = {}) {
  const dir = await mkdtemp(join(tmpdir(), 'framecast-bench-gateway-'));
  scope.defer('remove the gateway benchmark directory', () => rm(dir, { recursive: true, force: true }));
  const { paths, gateway, edgeHeaderNames } = await startPaths(scope, dir, { profile });
  const measuredFrom = Date.now();

  log(`gateway: saturated, ${settings.saturated.connections} connections`);
  const saturated = await measureRounds(paths, settings.saturated, (m) => log(`  ${m}`));
  log('gateway: one request at a time');
  const sequential = await measureRounds(paths, settings.sequential, (m) => log(`  ${m}`));
  const results = { settings, saturated, sequential, edgeHeaderNames };
  const summary = profile ? await profileSummary(gateway, dir, measuredFrom) : undefined;
  return { results, body: renderGateway(results), profile: summary };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const profile = process.argv.includes('--profile');
  await runScoped(async (scope) => {
    const facts = machineFacts();
    buildBackend();
    const run = await gatewayBench(scope, { profile });
    console.log(run.body);
    if (run.profile) {
      console.log(`\nGateway CPU by owner (busy time while measured):\n${run.profile}`);
      return;
    }
    console.error(`bench: wrote ${await publish([{ name: 'gateway', body: run.body }], facts)}`);
  });
}
