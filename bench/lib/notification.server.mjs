#!/usr/bin/env node
// The user and notification modules in one process (the built backend), for bench/notification.bench.mjs. Settings come
// from the environment (`DATABASE_URL` unset: the embedded PGlite in `DATA_DIR`; `SMTP_URL`: the benchmark's SMTP
// server). Gives a channel `followers` followers in the module's projection (accounts with an address, and follows: what
// as many `user.followed` events would leave), then times the same rows written by one `INSERT … SELECT` into a copy
// of the notifications table (indexes and constraints included), the least the database could take, and prints
// `ceiling <json>`; then tells the module the channel went live (`stream.started` on the
// bus, as the live module's outbox would) and prints one line `result <json>`: when it published, and when the last of
// the followers' in-app notifications was stored, and the longest the event loop waited meanwhile. Stops on SIGTERM.
import { randomUUID } from 'node:crypto';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { catalog } from '../../packages/cli/dist/catalog.js';
import { loadConfig, startRuntime } from '../../packages/kit/dist/index.js';

const { followers } = JSON.parse(process.argv[2] ?? '{}');
const rt = await startRuntime({ config: loadConfig(process.env), catalog, targets: ['user', 'notification'] });
process.once('SIGTERM', async () => {
  await rt.close();
  process.exit(0);
});
const db = rt.adapters.db.kysely;

const channelId = randomUUID();
const handle = 'notifybench';
await sql`insert into notify.accounts (user_id, handle, email) values (${channelId}::uuid, ${handle}, 'owner@example.com')`.execute(
  db,
);
await sql`insert into notify.accounts (user_id, handle, email)
  select gen_random_uuid(), 'fan' || n, 'fan' || n || '@example.com' from generate_series(1, ${followers}) as n`.execute(
  db,
);
await sql`insert into notify.follows (channel_id, follower_id, followed_at)
  select ${channelId}::uuid, user_id, now() from notify.accounts where user_id <> ${channelId}::uuid`.execute(db);
await sql`analyze notify.follows`.execute(db);

// The ceiling first, on the same follows, so the fan-out's e-mail jobs (which go on after it) do not weigh on it.
await sql`create table notify.bench_ceiling (like notify.notifications including all)`.execute(db);
const ceilingStarted = performance.now();
const copied =
  await sql`insert into notify.bench_ceiling (user_id, kind, event_id, channel_id, channel_handle, subject, created_at)
  select follower_id, 'live', ${randomUUID()}::uuid, channel_id, ${handle}, ${JSON.stringify({ stream: { sessionId: randomUUID(), title: 'Friday night speedruns' } })}::jsonb, now()
  from notify.follows where channel_id = ${channelId}::uuid`.execute(db);
const ceilingMs = performance.now() - ceilingStarted;
console.log(`ceiling ${JSON.stringify({ ms: ceilingMs, rows: Number(copied.numAffectedRows ?? 0) })}`);
await sql`drop table notify.bench_ceiling`.execute(db);

const stored = () =>
  rt.metrics
    .getSingleMetric('framecast_notifications_stored_total')
    .get()
    .then(({ values }) => Number(values[0]?.value ?? 0));

// How long the process kept its requests and sockets waiting while it fanned out.
const loop = monitorEventLoopDelay({ resolution: 10 });
loop.enable();
const eventId = randomUUID();
const publishedAt = Date.now();
const started = performance.now();
await rt.adapters.events.publish({
  id: eventId,
  type: 'stream.started',
  occurredAt: new Date(publishedAt).toISOString(),
  payload: {
    sessionId: randomUUID(),
    channelId,
    channelHandle: handle,
    title: 'Friday night speedruns',
    startedAt: new Date(publishedAt).toISOString(),
  },
});
while ((await stored()) < followers) await sleep(10);
const storedMs = performance.now() - started;
loop.disable();
const loopMaxMs = loop.max / 1e6;
const { rows } =
  await sql`select count(*)::int as n from notify.notifications where event_id = ${eventId}::uuid`.execute(db);
console.log(`result ${JSON.stringify({ publishedAt, storedMs, rows: rows[0].n, loopMaxMs })}`);
