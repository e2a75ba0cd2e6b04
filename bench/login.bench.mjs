#!/usr/bin/env node
// What signing in costs: the password hash (argon2id, as the user module configures it, next to bcrypt cost 10 as
// PeerTube uses it) and POST /api/auth/login through the all-in-one process at a few concurrency levels.
// `node bench/login.bench.mjs` runs it alone and rewrites its section of the docs.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { hash, verify } from '@node-rs/argon2';
import bcrypt from 'bcryptjs';
import { createDatabase } from './lib/database.mjs';
import { benchEnv, buildBackend, requestJson, serverUrls, startFramecast } from './lib/framecast.mjs';
import { loadOnce, pool, summarize } from './lib/load.mjs';
import { freePort } from './lib/processes.mjs';
import { machineFacts, publish } from './lib/report.mjs';
import { runScoped } from './lib/scope.mjs';
import { renderLogin } from './login.report.mjs';

export const LOGIN_SETTINGS = {
  hashes: 50,
  /** Pure JavaScript bcrypt is slower; fewer rounds keep the run short and still give a stable mean. */
  bcryptHashes: 20,
  bcryptCost: 10,
  concurrency: [1, 2, 4, 16],
  load: { seconds: 5, warmupSeconds: 1 },
};

/** @node-rs/argon2's algorithm numbers (a `const enum` in its types, so not readable at run time). */
const ARGON2_ALGORITHMS = { argon2d: 0, argon2i: 1, argon2id: 2 };

/** Wall time of each call, one at a time, and the CPU (all threads of this process) per call. */
async function timeEach(count, fn) {
  await fn(); // Warm-up: first use loads and initialises the native code.
  const ms = [];
  const cpuBefore = process.cpuUsage();
  for (let i = 0; i < count; i++) {
    const started = performance.now();
    await fn();
    ms.push(performance.now() - started);
  }
  const cpu = process.cpuUsage(cpuBefore);
  return { ...summarize(ms), cpuMs: (cpu.user + cpu.system) / 1000 / count };
}

/** Milliseconds per hash and per verification, one at a time, with the user module's parameters. */
async function hashCosts(settings, password) {
  // Read after the build, from the user module itself: the benchmark states what the code uses.
  const { ARGON2_PARAMS } = await import('@framecast/user');
  const options = {
    algorithm: ARGON2_ALGORITHMS[ARGON2_PARAMS.algorithm],
    memoryCost: ARGON2_PARAMS.memoryCost,
    timeCost: ARGON2_PARAMS.timeCost,
    parallelism: ARGON2_PARAMS.parallelism,
  };
  const encoded = await hash(password, options);
  const bcryptEncoded = await bcrypt.hash(password, settings.bcryptCost);
  return {
    argon2: {
      params: ARGON2_PARAMS,
      hash: await timeEach(settings.hashes, () => hash(password, options)),
      verify: await timeEach(settings.hashes, () => verify(encoded, password)),
    },
    bcrypt: {
      cost: settings.bcryptCost,
      hash: await timeEach(settings.bcryptHashes, () => bcrypt.hash(password, settings.bcryptCost)),
      verify: await timeEach(settings.bcryptHashes, () => bcrypt.compare(password, bcryptEncoded)),
    },
  };
}

/** Logins per second and latency at each concurrency level, through the all-in-one process. */
async function loginThroughput(scope, settings, password, log) {
  const dir = await mkdtemp(join(tmpdir(), 'framecast-bench-login-'));
  scope.defer('remove the login benchmark directory', () => rm(dir, { recursive: true, force: true }));
  const servers = serverUrls();
  const databaseUrl = await createDatabase(scope, { adminUrl: servers.postgres, name: 'framecast_bench_login' });
  const env = benchEnv({
    databaseUrl,
    redisUrl: servers.redis,
    amqpUrl: servers.amqp,
    dataDir: join(dir, 'all'),
    port: await freePort(),
  });
  const all = await startFramecast(scope, { name: 'all-in-one', targets: 'all', env });
  const handle = 'benchlogin';
  await requestJson(`${all.url}/api/auth/register`, {
    method: 'POST',
    expected: 201,
    body: { email: 'login@example.com', handle, password, session: 'token' },
  });
  const target = {
    url: `${all.url}/api/auth/login`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ handle, password, session: 'token' }),
    watch: { process: all.pid },
  };
  await requestJson(target.url, { method: 'POST', body: JSON.parse(target.body) });
  const levels = [];
  for (const connections of settings.concurrency) {
    log(`login: ${connections} concurrent`);
    const bout = await loadOnce(target, { connections, ...settings.load });
    levels.push({ connections, ...pool([bout]) });
  }
  return levels;
}

/** Runs the benchmark; returns the measurements and the docs section. */
export async function loginBench(scope, { settings = LOGIN_SETTINGS, log = console.error } = {}) {
  const password = `Quartz-lantern-${randomBytes(8).toString('hex')}`;
  log(`login: ${settings.hashes} argon2id hashes, ${settings.bcryptHashes} bcrypt hashes`);
  const hashes = await hashCosts(settings, password);
  const levels = await loginThroughput(scope, settings, password, log);
  const results = { settings, hashes, levels, cpus: availableParallelism() };
  return { results, body: renderLogin(results) };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  await runScoped(async (scope) => {
    const facts = machineFacts();
    buildBackend();
    const { body } = await loginBench(scope);
    console.log(body);
    console.error(`bench: wrote ${await publish([{ name: 'login', body }], facts)}`);
  });
}
