import { randomUUID } from 'node:crypto';
import { requireServer, testUrls } from '@framecast/adapters/testing';
import type { VideoAnalytics } from '@framecast/contracts';
import { eventually } from '@framecast/kit/testing';
import { type Registered, register } from '@framecast/user/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AnalyticsHarness, playback, played, startAnalyticsModule } from './testing/index.js';

// Two analytics instances on one PostgreSQL and one Redis, as in microservices mode with the target scaled out.
let one: AnalyticsHarness;
let two: AnalyticsHarness;
let owner: Registered;

beforeAll(async () => {
  await requireServer('postgres');
  await requireServer('redis');
  const env = {
    DATABASE_URL: testUrls.postgres,
    REDIS_URL: testUrls.redis,
    REDIS_KEY_PREFIX: `fctest-${randomUUID().slice(0, 8)}:`,
  };
  one = await startAnalyticsModule(env);
  two = await startAnalyticsModule(env);
  owner = await register(one.rt);
}, 60_000);

afterAll(async () => {
  await one?.close();
  await two?.close();
});

async function knownVideo(duration: number) {
  const videoId = randomUUID();
  await one.publish('video.ready', {
    videoId,
    channelId: owner.result.user.id,
    channelHandle: 'someone',
    title: 'A video',
    visibility: 'public',
    duration,
    renditions: ['360p'],
  });
  for (const h of [one, two]) {
    await eventually(async () => {
      const res = await h.rt.app.inject({ url: `/api/analytics/videos/${videoId}`, headers: owner.auth });
      expect(res.statusCode).toBe(200);
    }, 10_000);
  }
  return videoId;
}

describe('beacons shared by two analytics instances', () => {
  it('count a batch sent to both once, a viewer once an hour across them, and add up their rollups', async () => {
    const videoId = await knownVideo(120);
    const onOne = playback(one, { videoId }, { address: '10.9.0.1' });
    expect((await onOne.send(played(0, 20))).json()).toEqual({ accepted: 2, duplicate: false });
    // The same batch to the other instance (a retry through another connection): already counted.
    const again = await two.rt.app.inject({
      method: 'POST',
      url: '/api/analytics/events',
      payload: { session: onOne.session, seq: 0, videoId, events: played(0, 20) },
      remoteAddress: '10.9.0.1',
    });
    expect(again.json()).toEqual({ accepted: 0, duplicate: true });
    // The same viewer in another session on the other instance: watch time, no second view.
    const onTwo = playback(two, { videoId }, { address: '10.9.0.1' });
    expect((await onTwo.send(played(0, 15))).statusCode).toBe(200);
    const someoneElse = playback(two, { videoId }, { address: '10.9.0.2' });
    expect((await someoneElse.send(played(0, 10))).statusCode).toBe(200);
    for (const h of [one, two]) {
      const n = await eventually(async () => {
        const res = await h.rt.app.inject({ url: `/api/analytics/videos/${videoId}`, headers: owner.auth });
        const body = res.json<VideoAnalytics>();
        expect(body.watchTimeSeconds).toBe(45);
        return body;
      }, 10_000);
      expect(n).toMatchObject({ views: 2, uniqueViewers: 2, retention: { sessions: 3 } });
      expect(n.retention.points[0]).toBe(1);
    }
  });

  it("write the rollup into this month's partition of hourly", async () => {
    const db = one.rt.adapters.db.kysely;
    const month = new Date().toISOString().slice(0, 7).replace('-', '');
    const partitions = await sql<{ name: string }>`
      select c.relname as name from pg_inherits i
      join pg_class c on c.oid = i.inhrelid join pg_class p on p.oid = i.inhparent
      join pg_namespace n on n.oid = p.relnamespace
      where n.nspname = 'analytics' and p.relname = 'hourly'`.execute(db);
    const names = partitions.rows.map((r) => r.name);
    expect(names).toContain(`hourly_${month}`);
    expect(names).toContain('hourly_default');
    const where = await sql<{ partition: string; rows: number }>`
      select tableoid::regclass::text as partition, count(*)::int as rows from analytics.hourly group by 1`.execute(db);
    expect(where.rows.map((r) => r.partition)).toContain(`analytics.hourly_${month}`);
  });
});
