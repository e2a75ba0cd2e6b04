import type { Video } from '@framecast/contracts';
import { eventually, startTestRuntime, type TestRuntime } from '@framecast/kit/testing';
import { userModule } from '@framecast/user';
import { videoModule } from '@framecast/video';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyticsModule } from '../services/analytics/src/analytics.module.js';
import { playback, played } from '../services/analytics/src/testing/analytics.harness.js';
import { makeReady, upload } from '../services/video/src/testing/video.fixtures.js';
import { type Account, register } from '../services/video/src/testing/video.harness.js';

// A video's `views` is fed by the analytics module: beacons → a view after 10 s → `analytics.views` → the video.

let h: TestRuntime;
let ada: Account;

beforeAll(async () => {
  h = await startTestRuntime({
    catalog: [userModule, videoModule, analyticsModule],
    targets: ['user', 'video', 'analytics'],
    env: { ANALYTICS_FLUSH_MS: '50' },
  });
  ada = await register(h.rt);
});

afterAll(async () => {
  await h?.close();
});

describe("a video's view count", () => {
  it('moves when analytics counts a view, and not for playback too short to be one', async () => {
    const video = await upload(h, ada);
    await makeReady(h, ada, video.id);
    const views = async () =>
      (await h.rt.app.inject({ url: `/api/videos/${video.id}`, headers: ada.auth })).json<Video>().views;
    // analytics learns the video from video.ready (duration 12.5 s in the fixtures).
    const first = playback(h, { videoId: video.id }, { address: '10.1.0.1' });
    await eventually(async () => expect((await first.send([{ type: 'start', position: 0 }])).statusCode).toBe(200));
    expect((await first.send(played(0, 9))).statusCode).toBe(200);
    const short = playback(h, { videoId: video.id }, { address: '10.1.0.2' });
    expect((await short.send(played(0, 4))).statusCode).toBe(200);
    expect((await first.send(played(9, 12))).statusCode).toBe(200);
    await eventually(async () => expect(await views()).toBe(1));
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await views()).toBe(1);
  });
});
