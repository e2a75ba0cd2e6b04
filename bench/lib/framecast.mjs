import { spawnSync } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnProcess, waitForHttp, withOpenFiles } from './processes.mjs';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CLI = join(ROOT, 'packages/cli/dist/main.js');

/** Far above any load a benchmark sends: a benchmark measures serving, not refusing. */
const NO_LIMIT = '1000000000';

/**
 * The servers every benchmark uses, overridable for another machine. The database named in `BENCH_POSTGRES_URL` is
 * only used to create and drop the benchmark's own database.
 */
export function serverUrls(env = process.env) {
  return {
    postgres: env.BENCH_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres',
    redis: env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379',
    amqp: env.BENCH_AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672',
  };
}

/**
 * Compiles the backend (incremental: seconds when nothing changed), so a benchmark never measures stale code.
 * Fails with the compiler's output when the tree does not build.
 */
export function buildBackend() {
  const tsc = join(ROOT, 'node_modules/typescript/bin/tsc');
  const result = spawnSync(process.execPath, [tsc, '-b', 'tsconfig.json'], { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`The backend does not build (npx tsc -b tsconfig.json):\n${result.stdout}${result.stderr}`);
  }
}

/** Environment of a Framecast process under benchmark: quiet logs, no rate limit in the way, shared servers. */
export function benchEnv({ databaseUrl, redisUrl, amqpUrl, dataDir, port, extra = {} }) {
  const env = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    HOST: '127.0.0.1',
    PORT: String(port),
    // Logging every request to stdout would cost more than what is measured.
    LOG_LEVEL: 'warn',
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    RATE_LIMIT_PER_MINUTE: NO_LIMIT,
    RATE_LIMIT_USER_PER_MINUTE: NO_LIMIT,
    AUTH_RATE_LIMIT_PER_MINUTE: NO_LIMIT,
    MEDIA_RATE_LIMIT_PER_MINUTE: NO_LIMIT,
    // Any free ports for the ingest: a benchmark never collides with a platform already running here.
    RTMP_PORT: '0',
    SRT_PORT: '0',
    ...extra,
  };
  if (redisUrl) env.REDIS_URL = redisUrl;
  if (amqpUrl) env.AMQP_URL = amqpUrl;
  return env;
}

/**
 * `framecast start --target <targets>` as a child process, resolved once its `/readyz` answers 200; with `openFiles`,
 * allowed at least that many open files (sockets).
 */
export async function startFramecast(scope, { name, targets, env, nodeArgs = [], openFiles = 0 }) {
  await mkdir(env.DATA_DIR, { recursive: true });
  const proc = spawnProcess(scope, {
    name,
    ...withOpenFiles(openFiles, process.execPath, [...nodeArgs, CLI, 'start', '--target', targets]),
    env,
    cwd: ROOT,
  });
  const url = `http://127.0.0.1:${env.PORT}`;
  await waitForHttp(proc, `${url}/readyz`);
  return { ...proc, url };
}

/** Sends a JSON request and returns the parsed answer; anything but `expected` is an error with the body. */
export async function requestJson(url, { method = 'GET', body, expected = 200 } = {}) {
  const res = await fetch(url, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(10_000),
  });
  const text = await res.text();
  if (res.status !== expected)
    throw new Error(`${method} ${url} answered ${res.status}, expected ${expected}: ${text}`);
  return text ? JSON.parse(text) : undefined;
}

/** The sum of every series named `name` in a Prometheus text exposition (whatever their labels); null if none. Pure. */
export function metricValue(text, name) {
  const values = text
    .split('\n')
    .filter((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`))
    .map((l) => Number(l.slice(l.lastIndexOf(' ') + 1)));
  return values.length === 0 ? null : values.reduce((a, b) => a + b, 0);
}
