import { randomUUID } from 'node:crypto';
import type { ChannelAnalytics, StreamAnalytics, VideoAnalytics } from '@framecast/contracts';
import { eventually } from '@framecast/kit/testing';
import { type Registered, register } from '@framecast/user/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type AnalyticsHarness, playback, played, startAnalyticsModule } from './testing/index.js';

let h: AnalyticsHarness;
let owner: Registered;
let viewer: Registered;
let stranger: Registered;

const ownerId = () => owner.result.user.id;

async function knownVideo(duration: number): Promise<string> {
  const videoId = randomUUID();
  await h.publish('video.ready', {
    videoId,
    channelId: ownerId(),
    channelHandle: 'someone',
    title: 'A video',
    visibility: 'public',
    duration,
    renditions: ['360p'],
  });
  // The projection is in once the report answers (it 404s before).
  await eventually(async () => {
    const res = await h.rt.app.inject({ url: `/api/analytics/videos/${videoId}`, headers: owner.auth });
    expect(res.statusCode).toBe(200);
  });
  return videoId;
}

const report = <T>(path: string, auth: Record<string, string> = owner.auth) =>
  h.rt.app.inject({ url: `/api/analytics/${path}`, headers: auth }).then((res) => {
    if (res.statusCode !== 200) throw new Error(`${path}: ${res.statusCode} ${res.body}`);
    return res.json<T>();
  });

beforeAll(async () => {
  h = await startAnalyticsModule({ ANALYTICS_BEACONS_PER_MINUTE: '40' });
  owner = await register(h.rt);
  viewer = await register(h.rt);
  stranger = await register(h.rt);
});

afterAll(async () => {
  await h?.close();
});

describe('a video watched by a scripted sequence of beacons', () => {
  let videoId: string;
  let numbers: VideoAnalytics;

  beforeAll(async () => {
    videoId = await knownVideo(100);
    // A: the viewer, signed in, plays the first 30 s with a stall, two renditions and a recovered error.
    const a = playback(h, { videoId }, { auth: viewer.auth, address: '10.0.0.1' });
    expect(
      (
        await a.send([
          { type: 'start', position: 0 },
          { type: 'startup', ms: 800 },
          { type: 'quality', bitrate: 2_000_000, height: 480 },
        ])
      ).json(),
    ).toEqual({ accepted: 3, duplicate: false });
    expect((await a.send([...played(0, 20), { type: 'buffering', position: 20, ms: 500 }])).statusCode).toBe(200);
    const third = [
      { type: 'quality', bitrate: 4_000_000, height: 720 },
      ...played(20, 30),
      { type: 'error', code: 'mediaError.bufferStalled', fatal: false },
      { type: 'pause', position: 30 },
    ] as const;
    expect((await a.send([...third])).statusCode).toBe(200);
    // The same batch again (a beacon retried): answered, counted once.
    expect((await a.resend(2, [...third])).json()).toEqual({ accepted: 0, duplicate: true });
    // B: someone anonymous plays 5 s: not a view, but watch time and retention.
    const b = playback(h, { videoId }, { address: '10.0.0.2' });
    expect((await b.send(played(0, 5))).statusCode).toBe(200);
    // C: the same viewer again in a new session within the hour: 15 s played, no second view.
    const c = playback(h, { videoId }, { auth: viewer.auth, address: '10.0.0.3' });
    expect((await c.send([{ type: 'seek', from: 0, to: 0 }, ...played(0, 15)])).statusCode).toBe(200);
    numbers = await eventually(async () => {
      const n = await report<VideoAnalytics>(`videos/${videoId}`);
      expect(n.watchTimeSeconds).toBe(50);
      return n;
    });
  });

  it('counts one view after 10 s, once per viewer in the hour, with watch time and its average', () => {
    expect(numbers).toMatchObject({
      videoId,
      views: 1,
      uniqueViewers: 1,
      watchTimeSeconds: 50,
      averageViewDurationSeconds: 50,
      granularity: 'day',
    });
    expect(numbers.series).toHaveLength(29);
    expect(numbers.series.reduce((n, p) => n + p.views, 0)).toBe(1);
    expect(numbers.series.at(-1)).toMatchObject({ views: 1, watchTimeSeconds: 50 });
  });

  it('draws the audience-retention curve from the hundredths each session played', () => {
    const { retention } = numbers;
    expect(retention).toMatchObject({ durationSeconds: 100, sessions: 3 });
    expect(retention.points).toHaveLength(100);
    expect(retention.points[0]).toBe(1);
    expect(retention.points[4]).toBe(1);
    expect(retention.points[5]).toBe(0.6667);
    expect(retention.points[14]).toBe(0.6667);
    expect(retention.points[15]).toBe(0.3333);
    expect(retention.points[29]).toBe(0.3333);
    expect(retention.points[30]).toBe(0);
    expect(retention.points[99]).toBe(0);
  });

  it('reports startup time, rebuffering, errors and renditions', () => {
    expect(numbers.qoe).toEqual({
      startupTimeMs: 800,
      startupSamples: 1,
      rebufferRatio: 0.0099,
      rebufferEvents: 1,
      errors: 1,
      fatalErrors: 0,
      bitrateSwitches: 1,
      // 20 s at 2 Mb/s and 10 s at 4 Mb/s.
      averageBitrate: 2_666_667,
    });
  });

  it('hands the views to the video module in an analytics.views event', async () => {
    const event = await h.waitForEvent((e) => e.type === 'analytics.views');
    expect(event.payload).toEqual({ videos: [{ videoId, views: 1 }] });
  });

  it('counts the whole of a video shorter than 10 s as a view', async () => {
    const short = await knownVideo(6);
    const p = playback(h, { videoId: short }, { address: '10.0.1.1' });
    expect((await p.send(played(0, 5))).statusCode).toBe(200);
    expect((await p.send(played(5, 6))).statusCode).toBe(200);
    await eventually(async () => expect((await report<VideoAnalytics>(`videos/${short}`)).views).toBe(1));
  });

  it('answers only the owner and admins', async () => {
    const res = (auth?: Record<string, string>) =>
      h.rt.app.inject({ url: `/api/analytics/videos/${videoId}`, headers: auth ?? {} });
    expect((await res()).statusCode).toBe(401);
    const refused = await res(stranger.auth);
    expect(refused.statusCode).toBe(403);
    expect(refused.json()).toMatchObject({ code: 'not_analytics_owner' });
    const unknown = await h.rt.app.inject({ url: `/api/analytics/videos/${randomUUID()}`, headers: owner.auth });
    expect(unknown.json()).toMatchObject({ status: 404, code: 'analytics_target_not_found' });
  });

  it('reads a range, by hour up to 3 days, and refuses one that cannot be', async () => {
    const to = new Date(Math.ceil(Date.now() / 3600_000) * 3600_000);
    const from = new Date(to.getTime() - 6 * 3600_000);
    const q = `from=${from.toISOString()}&to=${to.toISOString()}`;
    const hours = await report<VideoAnalytics>(`videos/${videoId}?${q}`);
    expect(hours).toMatchObject({ granularity: 'hour', views: 1, watchTimeSeconds: 50 });
    expect(hours.series).toHaveLength(6);
    const before = await report<VideoAnalytics>(
      `videos/${videoId}?to=${new Date(Date.now() - 2 * 3600_000).toISOString()}`,
    );
    // (Unique viewers are counted per day, so they are not split by the hour.)
    expect(before).toMatchObject({ views: 0, watchTimeSeconds: 0 });
    const backwards = await h.rt.app.inject({
      url: `/api/analytics/videos/${videoId}?from=${to.toISOString()}&to=${from.toISOString()}`,
      headers: owner.auth,
    });
    expect(backwards.json()).toMatchObject({ status: 400, code: 'invalid_range' });
  });
});

describe('beacons that cannot be true', () => {
  it('are refused whole, and the valid ones beside them still count', async () => {
    const videoId = await knownVideo(60);
    const good = playback(h, { videoId }, { address: '10.0.2.1' });
    const bad = playback(h, { videoId }, { address: '10.0.2.2' });
    const refusals = [
      // A heartbeat running backwards, after a good one in the same batch: nothing of the batch counts.
      [...played(0, 10), { type: 'heartbeat', from: 20, to: 10 }],
      // More than a heartbeat may say, past the video's end, more playback than time allows.
      [{ type: 'heartbeat', from: 0, to: 61 }],
      [{ type: 'heartbeat', from: 55, to: 65 }],
      [...played(0, 60), ...played(0, 60)],
      // Not of the schema: unknown event, unknown field, wrong type, a NaN-like value, too many events.
      [{ type: 'teleport', position: 1 }],
      [{ type: 'heartbeat', from: 0, to: 5, extra: 1 }],
      [{ type: 'heartbeat', from: '0', to: 5 }],
      [{ type: 'buffering', position: 1, ms: -5 }],
      [{ type: 'error', code: '<script>', fatal: true }],
      Array.from({ length: 101 }, () => ({ type: 'pause', position: 1 })),
      [],
    ];
    for (const events of refusals) {
      const res = await bad.raw({ session: bad.session, seq: 0, videoId, events });
      expect(res.statusCode, JSON.stringify(events).slice(0, 80)).toBe(400);
      expect(res.json()).toMatchObject({ status: 400 });
    }
    for (const body of [
      { session: 'not-a-uuid', seq: 0, videoId, events: played(0, 10) },
      { session: bad.session, seq: -1, videoId, events: played(0, 10) },
      { session: bad.session, seq: 0, events: played(0, 10) },
      { session: bad.session, seq: 0, videoId, streamId: randomUUID(), events: played(0, 10) },
    ]) {
      expect((await bad.raw(body)).statusCode).toBe(400);
    }
    const malformed = await h.rt.app.inject({
      method: 'POST',
      url: '/api/analytics/events',
      payload: '{"session":',
      headers: { 'content-type': 'text/plain' },
    });
    expect(malformed.json()).toMatchObject({ status: 400, code: 'malformed_json' });
    const unknown = await bad.raw({ session: bad.session, seq: 0, videoId: randomUUID(), events: played(0, 10) });
    expect(unknown.json()).toMatchObject({ status: 404, code: 'analytics_target_not_found' });

    expect((await good.send(played(0, 12))).json()).toEqual({ accepted: 2, duplicate: false });
    // The session is the good player's: another video, or another viewer, cannot write into it.
    const other = await knownVideo(60);
    const hijack = await h.rt.app.inject({
      method: 'POST',
      url: '/api/analytics/events',
      payload: { session: good.session, seq: 7, videoId: other, events: played(12, 20) },
      remoteAddress: '10.0.2.1',
    });
    expect(hijack.json()).toMatchObject({ status: 400, code: 'invalid_beacon' });
    const n = await eventually(async () => {
      const r = await report<VideoAnalytics>(`videos/${videoId}`);
      expect(r.views).toBe(1);
      return r;
    });
    expect(n).toMatchObject({ views: 1, uniqueViewers: 1, watchTimeSeconds: 12 });
    expect(n.retention.sessions).toBe(1);
  });

  it('are sent as text too (sendBeacon), and rate-limited per address', async () => {
    const videoId = await knownVideo(60);
    const p = playback(h, { videoId }, { address: '10.0.3.1' });
    const asText = await h.rt.app.inject({
      method: 'POST',
      url: '/api/analytics/events',
      payload: JSON.stringify({ session: p.session, seq: 100, videoId, events: [{ type: 'start', position: 0 }] }),
      headers: { 'content-type': 'text/plain;charset=UTF-8' },
      remoteAddress: '10.0.3.1',
    });
    expect(asText.json()).toEqual({ accepted: 1, duplicate: false });
    let last = asText;
    for (let i = 0; i < 40; i++) last = await p.send([{ type: 'pause', position: 0 }]);
    expect(last.statusCode).toBe(429);
    expect(last.json()).toMatchObject({ code: 'rate_limited' });
    expect(last.headers['retry-after']).toBeDefined();
    const elsewhere = playback(h, { videoId }, { address: '10.0.3.2' });
    expect((await elsewhere.send([{ type: 'start', position: 0 }])).statusCode).toBe(200);
  });
});

describe('a live session', () => {
  it('counts concurrent viewers per minute, its peak, views, watch time and chat per minute', async () => {
    const sessionId = randomUUID();
    const startedAt = new Date(Date.now() - 60_000);
    await h.publish('stream.started', {
      sessionId,
      channelId: ownerId(),
      channelHandle: owner.handle,
      title: 'Live',
      startedAt: startedAt.toISOString(),
    });
    await eventually(async () => {
      const res = await h.rt.app.inject({ url: `/api/analytics/streams/${sessionId}`, headers: owner.auth });
      expect(res.statusCode).toBe(200);
    });
    const players = ['10.0.4.1', '10.0.4.2', '10.0.4.3'].map((address) =>
      playback(h, { streamId: sessionId }, { address }),
    );
    for (const p of players.slice(0, 2)) expect((await p.send(played(1000, 1012))).statusCode).toBe(200);
    await h.publish('chat.messages', {
      channelId: ownerId(),
      channelHandle: owner.handle,
      count: 7,
      chatters: 3,
      from: new Date().toISOString(),
      to: new Date().toISOString(),
    });
    // The minute is written once it is over.
    h.clock.shift(61_000);
    for (const p of players) expect((await p.send(played(1012, 1014, 2))).statusCode).toBe(200);
    h.clock.shift(61_000);
    const live = await eventually(async () => {
      const r = await report<StreamAnalytics>(`streams/${sessionId}`);
      expect(r.concurrentViewers).toHaveLength(2);
      expect(r.chatMessages).toBe(7);
      return r;
    });
    expect(live.concurrentViewers.map((m) => m.count)).toEqual([2, 3]);
    expect(live).toMatchObject({ sessionId, peakViewers: 3, views: 2, watchTimeSeconds: 30, endedAt: null });
    expect(live.chatMessagesPerMinute).toHaveLength(1);
    expect(live.chatMessagesPerMinute[0]?.count).toBe(7);

    await h.publish('stream.ended', {
      sessionId,
      channelId: ownerId(),
      channelHandle: owner.handle,
      title: 'Live',
      startedAt: startedAt.toISOString(),
      endedAt: h.clock.now().toISOString(),
      reason: 'publisher_left',
      peakViewers: 5,
    });
    const ended = await eventually(async () => {
      const r = await report<StreamAnalytics>(`streams/${sessionId}`);
      expect(r.endedAt).not.toBeNull();
      return r;
    });
    // The live module saw more at once (its own heartbeats) than the players that send beacons.
    expect(ended.peakViewers).toBe(5);
    expect(
      (await h.rt.app.inject({ url: `/api/analytics/streams/${sessionId}`, headers: stranger.auth })).statusCode,
    ).toBe(403);
  });
});

describe("a channel's analytics", () => {
  it('add up its videos and streams, with chat and follows', async () => {
    await h.publish('user.followed', {
      followerId: viewer.result.user.id,
      followerHandle: viewer.handle,
      channelId: ownerId(),
      channelHandle: owner.handle,
    });
    await h.publish('user.followed', {
      followerId: stranger.result.user.id,
      followerHandle: stranger.handle,
      channelId: ownerId(),
      channelHandle: owner.handle,
    });
    await h.publish('user.unfollowed', {
      followerId: stranger.result.user.id,
      channelId: ownerId(),
      channelHandle: owner.handle,
    });
    const to = new Date(h.clock.now().getTime() + 3600_000).toISOString();
    const channel = await eventually(async () => {
      const r = await report<ChannelAnalytics>(`channels/${owner.handle}?to=${to}`);
      expect(r.followsGained).toBe(2);
      expect(r.followsLost).toBe(1);
      return r;
    });
    // The first video, the short one and the good player's (one view each), the live session's two players.
    expect(channel).toMatchObject({
      channelId: ownerId(),
      handle: owner.handle,
      views: 5,
      uniqueViewers: 5,
      watchTimeSeconds: 50 + 6 + 12 + 30,
      chatMessages: 7,
    });
    expect(
      (await h.rt.app.inject({ url: `/api/analytics/channels/${owner.handle}`, headers: viewer.auth })).statusCode,
    ).toBe(403);
    expect(
      (await h.rt.app.inject({ url: '/api/analytics/channels/nobody_here', headers: viewer.auth })).json(),
    ).toMatchObject({
      code: 'analytics_target_not_found',
    });
  });
});
