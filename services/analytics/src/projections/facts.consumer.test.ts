import { randomUUID } from 'node:crypto';
import type { VideoAnalytics } from '@framecast/contracts';
import { eventually } from '@framecast/kit/testing';
import { type Registered, register } from '@framecast/user/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { monthPartitions } from '../partitions.js';
import { type AnalyticsHarness, playback, played, startAnalyticsModule } from '../testing/index.js';

let h: AnalyticsHarness;

beforeAll(async () => {
  h = await startAnalyticsModule();
});

afterAll(async () => {
  await h?.close();
});

const rowsOf = async (table: string, column: string, id: string) => {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from ${sql.table(`analytics.${table}`)}
    where ${sql.ref(column)} = ${id}`.execute(h.rt.adapters.db.kysely);
  return rows[0]?.n ?? 0;
};

async function watched(owner: Registered, address: string) {
  const videoId = randomUUID();
  await h.publish('video.ready', {
    videoId,
    channelId: owner.result.user.id,
    channelHandle: 'someone',
    title: 'A video',
    visibility: 'public',
    duration: 60,
    renditions: ['360p'],
  });
  const p = playback(h, { videoId }, { address });
  await eventually(async () => expect((await p.send(played(0, 12))).statusCode).toBe(200));
  await eventually(async () => {
    const res = await h.rt.app.inject({ url: `/api/analytics/videos/${videoId}`, headers: owner.auth });
    expect(res.json<VideoAnalytics>().views).toBe(1);
  });
  return videoId;
}

describe('what analytics keeps of other modules', () => {
  it('removes a deleted video with its counts, and refuses its beacons', async () => {
    const owner = await register(h.rt);
    const videoId = await watched(owner, '10.5.0.1');
    expect(await rowsOf('hourly', 'target_id', videoId)).toBe(1);
    expect(await rowsOf('retention', 'video_id', videoId)).toBeGreaterThan(0);
    await h.publish('video.deleted', { videoId, channelId: owner.result.user.id });
    await eventually(async () => {
      const res = await h.rt.app.inject({ url: `/api/analytics/videos/${videoId}`, headers: owner.auth });
      expect(res.statusCode).toBe(404);
    });
    for (const [table, column] of [
      ['hourly', 'target_id'],
      ['retention', 'video_id'],
      ['viewers', 'target_id'],
    ] as const) {
      expect(await rowsOf(table, column, videoId), table).toBe(0);
    }
    const late = playback(h, { videoId }, { address: '10.5.0.1' });
    expect((await late.send(played(12, 20))).json()).toMatchObject({ code: 'analytics_target_not_found' });
  });

  it("removes a deleted account's channel with everything counted for it", async () => {
    const owner = await register(h.rt);
    const channelId = owner.result.user.id;
    const videoId = await watched(owner, '10.5.1.1');
    await h.publish('user.followed', {
      followerId: randomUUID(),
      followerHandle: 'a_follower',
      channelId,
      channelHandle: owner.handle,
    });
    await eventually(async () => expect(await rowsOf('channel_minutes', 'channel_id', channelId)).toBe(1));
    await h.publish('user.deleted', { userId: channelId, handle: owner.handle });
    await eventually(async () => expect(await rowsOf('channels', 'channel_id', channelId)).toBe(0));
    for (const table of ['hourly', 'viewers', 'channel_minutes'] as const) {
      expect(await rowsOf(table, 'channel_id', channelId), table).toBe(0);
    }
    expect(await rowsOf('videos', 'video_id', videoId)).toBe(0);
    expect(await rowsOf('retention', 'video_id', videoId)).toBe(0);
  });

  it('counts a follow once however often its event is delivered', async () => {
    const owner = await register(h.rt);
    const channelId = owner.result.user.id;
    const event = await h.publish('user.followed', {
      followerId: randomUUID(),
      followerHandle: 'a_follower',
      channelId,
      channelHandle: owner.handle,
    });
    await h.rt.adapters.events.publish(event);
    await h.rt.adapters.events.publish(event);
    await h.publish('user.unfollowed', { followerId: randomUUID(), channelId, channelHandle: owner.handle });
    const follows = async () =>
      (await h.rt.app.inject({ url: `/api/analytics/channels/${owner.handle}`, headers: owner.auth })).json();
    await eventually(async () => expect(await follows()).toMatchObject({ followsGained: 1, followsLost: 1 }));
    // The deliveries again are handled (or not) by now: nothing more was added.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await follows()).toMatchObject({ followsGained: 1, followsLost: 1 });
  });
});

describe('monthly partitions', () => {
  it('are named by month and bounded by its first instants, across a year', () => {
    expect(monthPartitions(new Date('2026-11-20T10:00:00Z'), 2)).toEqual([
      { name: 'hourly_202611', from: '2026-11-01T00:00:00.000Z', to: '2026-12-01T00:00:00.000Z' },
      { name: 'hourly_202612', from: '2026-12-01T00:00:00.000Z', to: '2027-01-01T00:00:00.000Z' },
      { name: 'hourly_202701', from: '2027-01-01T00:00:00.000Z', to: '2027-02-01T00:00:00.000Z' },
    ]);
  });
});
