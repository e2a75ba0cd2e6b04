import { randomUUID } from 'node:crypto';
import type { Video } from '@framecast/contracts';
import { eventually } from '@framecast/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeReady, upload } from '../testing/video.fixtures.js';
import { type Account, register, startVideoModule, type VideoHarness } from '../testing/video.harness.js';

let h: VideoHarness;
let ada: Account;

beforeAll(async () => {
  h = await startVideoModule();
  ada = await register(h.rt);
});

afterAll(async () => {
  await h?.close();
});

const views = async (id: string) =>
  (await h.rt.app.inject({ url: `/api/videos/${id}`, headers: ada.auth })).json<Video>().views;

describe('views counted by the analytics module', () => {
  it('are added to each video once per event, skipping videos that are gone', async () => {
    const [a, b] = await Promise.all([upload(h, ada), upload(h, ada)]);
    await makeReady(h, ada, a.id);
    await makeReady(h, ada, b.id);
    const event = await h.publish('analytics.views', {
      videos: [
        { videoId: a.id, views: 3 },
        { videoId: b.id, views: 1 },
        { videoId: randomUUID(), views: 9 },
      ],
    });
    await eventually(async () => expect(await views(a.id)).toBe(3));
    expect(await views(b.id)).toBe(1);
    // The same event delivered again (at-least-once) changes nothing; the next one adds.
    await h.rt.adapters.events.publish(event);
    await h.publish('analytics.views', { videos: [{ videoId: b.id, views: 2 }] });
    await eventually(async () => expect(await views(b.id)).toBe(3));
    expect(await views(a.id)).toBe(3);
  });
});
