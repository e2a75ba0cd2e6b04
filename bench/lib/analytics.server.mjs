#!/usr/bin/env node
// The user and analytics modules in one process (the built backend), for bench/analytics.bench.mjs: registers the
// channel's owner, tells analytics of `videos` videos as the video module would (`video.ready` on the bus), waits
// until analytics knows them, then prints one line `ready <json>` with the owner's token and the video ids.
// Stops on SIGTERM. Settings come from the environment (`DATABASE_URL` unset: the embedded PGlite in `DATA_DIR`).
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { catalog } from '../../packages/cli/dist/catalog.js';
import { loadConfig, startRuntime } from '../../packages/kit/dist/index.js';

const { videos: count, duration } = JSON.parse(process.argv[2] ?? '{}');
const rt = await startRuntime({ config: loadConfig(process.env), catalog, targets: ['user', 'analytics'] });
let stopping = false;
process.once('SIGTERM', async () => {
  stopping = true;
  await rt.close();
  process.exit(0);
});

const registered = await rt.app.inject({
  method: 'POST',
  url: '/api/auth/register',
  payload: { email: 'bench@example.com', handle: 'analyticsbench', password: 'plum orchard at dusk', session: 'token' },
});
if (registered.statusCode !== 201) throw new Error(`register: ${registered.statusCode} ${registered.body}`);
const { user, accessToken } = registered.json();
const videos = Array.from({ length: count }, () => randomUUID());
for (const videoId of videos) {
  await rt.adapters.events.publish({
    id: randomUUID(),
    type: 'video.ready',
    occurredAt: new Date().toISOString(),
    payload: {
      videoId,
      channelId: user.id,
      channelHandle: 'analyticsbench',
      title: 'Benchmark video',
      visibility: 'public',
      duration,
      renditions: ['720p'],
    },
  });
}
const auth = { authorization: `Bearer ${accessToken}` };
for (const videoId of videos) {
  while (!stopping) {
    const res = await rt.app.inject({ url: `/api/analytics/videos/${videoId}`, headers: auth });
    if (res.statusCode === 200) break;
    await sleep(20);
  }
}
console.log(`ready ${JSON.stringify({ token: accessToken, handle: 'analyticsbench', videos })}`);
