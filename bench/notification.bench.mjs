#!/usr/bin/env node
// Fan-out of one channel going live to its followers: from `stream.started` to the last follower's in-app notification
// stored, and to the first e-mail received by a real SMTP server, with the embedded defaults and with PostgreSQL and
// RabbitMQ, against one `INSERT … SELECT` of the same rows in the same database (the least it could take) in the same
// run. `node bench/notification.bench.mjs [--quick]` runs it alone and rewrites its section of docs/benchmarks.md;
// `--quick` is a short validation pass whose section says so.
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { SMTPServer } from 'smtp-server';
import { createDatabase } from './lib/database.mjs';
import { benchEnv, buildBackend, ROOT, serverUrls } from './lib/framecast.mjs';
import { freePort, spawnProcess } from './lib/processes.mjs';
import { createVhost } from './lib/rabbitmq.mjs';
import { machineFacts, publish } from './lib/report.mjs';
import { createScope, runScoped } from './lib/scope.mjs';
import { renderNotification } from './notification.report.mjs';

export const NOTIFICATION_SETTINGS = {
  /** The channel: 100k followers, each with an e-mail address and the default preferences (all on). */
  followers: 100_000,
  /** The module's defaults. */
  batchSize: 1000,
  batchConcurrency: 2,
  modes: ['embedded', 'postgres'],
  quick: false,
};

export const QUICK_SETTINGS = { ...NOTIFICATION_SETTINGS, followers: 5_000, quick: true };

const SERVER_SCRIPT = join(ROOT, 'bench/lib/notification.server.mjs');
/** The longest a run may take from `stream.started` to its last notification. */
const RUN_TIMEOUT_MS = 10 * 60_000;

/** Finds the line `<tag> <json>` in a process's output. Pure. */
export function taggedLine(output, tag) {
  const line = output.split('\n').find((l) => l.startsWith(`${tag} `));
  return line ? JSON.parse(line.slice(tag.length + 1)) : undefined;
}

async function waitForLine(proc, tag, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = taggedLine(proc.output(), tag);
    if (found) return found;
    if (!proc.isRunning()) throw new Error(`${proc.name} exited before printing ${tag}:\n${proc.output()}`);
    if (Date.now() > deadline)
      throw new Error(`${proc.name} printed no ${tag} within ${timeoutMs} ms:\n${proc.output()}`);
    await sleep(20);
  }
}

/** A real SMTP server that notes when the first e-mail arrived and counts the rest. */
async function startSmtp(scope) {
  const mail = { first: null, count: 0 };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      stream.resume();
      stream.on('end', () => {
        mail.first ??= Date.now();
        mail.count += 1;
        callback();
      });
    },
  });
  // The platform is stopped while it still sends: its connections end without QUIT.
  server.on('error', () => {});
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  scope.defer('close the SMTP server', () => new Promise((resolve) => server.close(resolve)));
  return { url: `smtp://127.0.0.1:${server.server.address().port}`, mail };
}

async function measureMode(scope, { mode, dir }, settings, log) {
  const smtp = await startSmtp(scope);
  const servers = serverUrls();
  const databaseUrl =
    mode === 'postgres'
      ? await createDatabase(scope, { adminUrl: servers.postgres, name: 'framecast_bench_notification' })
      : undefined;
  const env = benchEnv({
    databaseUrl,
    ...(mode === 'postgres'
      ? {
          redisUrl: servers.redis,
          amqpUrl: createVhost(scope, { amqpUrl: servers.amqp, name: 'framecast_bench_notification' }),
        }
      : {}),
    dataDir: join(dir, mode),
    port: await freePort(),
    extra: {
      SMTP_URL: smtp.url,
      NOTIFICATION_BATCH_SIZE: String(settings.batchSize),
      NOTIFICATION_BATCH_CONCURRENCY: String(settings.batchConcurrency),
      // A key prefix of its own on the shared Redis.
      REDIS_KEY_PREFIX: `bench-notify-${randomUUID().slice(0, 8)}:`,
    },
  });
  if (!databaseUrl) delete env.DATABASE_URL;
  const proc = spawnProcess(scope, {
    name: `notification (${mode})`,
    command: process.execPath,
    args: [SERVER_SCRIPT, JSON.stringify({ followers: settings.followers })],
    env,
    cwd: ROOT,
  });
  const ceiling = await waitForLine(proc, 'ceiling', 300_000);
  const result = await waitForLine(proc, 'result', RUN_TIMEOUT_MS);
  const mailDeadline = Date.now() + 60_000;
  while (smtp.mail.first === null && Date.now() < mailDeadline) await sleep(20);
  if (smtp.mail.first === null) throw new Error(`${mode}: no e-mail arrived within a minute of the notifications`);
  const run = {
    mode,
    followers: settings.followers,
    rows: result.rows,
    storedMs: result.storedMs,
    firstMailMs: smtp.mail.first - result.publishedAt,
    mailsBy: smtp.mail.count,
    loopMaxMs: result.loopMaxMs,
    ceilingMs: ceiling.ms,
    ceilingRows: ceiling.rows,
  };
  log(
    `  ${mode}: ${run.rows} stored in ${(run.storedMs / 1000).toFixed(2)} s, first e-mail after ` +
      `${(run.firstMailMs / 1000).toFixed(2)} s (${run.mailsBy} sent by then), event loop held at most ${Math.round(run.loopMaxMs)} ms; INSERT … SELECT ${(run.ceilingMs / 1000).toFixed(2)} s`,
  );
  await proc.stop();
  return run;
}

export async function notificationBench(
  scope,
  { quick = false, settings = quick ? QUICK_SETTINGS : NOTIFICATION_SETTINGS, log = console.error } = {},
) {
  const facts = machineFacts();
  const dir = await mkdtemp(join(tmpdir(), 'framecast-bench-notification-'));
  scope.defer('remove the notification benchmark directory', () => rm(dir, { recursive: true, force: true }));
  const runs = [];
  for (const mode of settings.modes) {
    log(`notification: ${mode}`);
    const own = createScope();
    const close = scope.defer(`stop notification (${mode})`, () => own.close());
    try {
      runs.push(await measureMode(own, { mode, dir }, settings, log));
    } finally {
      await close();
    }
  }
  const results = { settings, facts, runs };
  return { results, body: renderNotification(results) };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await runScoped(async (scope) => {
    buildBackend();
    const { body } = await notificationBench(scope, { quick: process.argv.includes('--quick') });
    await publish([{ name: 'notification', body }], machineFacts());
  });
}
