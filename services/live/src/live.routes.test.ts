import type { ChannelLive, LiveChannels, LiveNowPage, LiveSetup } from '@framecast/contracts';
import { eventually } from '@framecast/kit/testing';
import { type Registered, register } from '@framecast/user/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scoped } from './live.tables.js';
import { createSessionService } from './sessions/session.service.js';
import { STALE_AFTER_MS, staleSessionSweeper } from './sessions/stale.sweeper.js';
import { type LiveHarness, startLiveModule } from './testing/live.harness.js';
import { viewerCounter } from './viewers/viewer.counter.js';

let h: LiveHarness;
let ada: Registered;
let bob: Registered;

beforeAll(async () => {
  h = await startLiveModule({ LIVE_INGEST_HOST: 'ingest.example' });
  [ada, bob] = await Promise.all([register(h.rt), register(h.rt)]);
});

afterAll(async () => {
  await h?.close();
});

const get = (url: string, who?: Registered) => h.rt.app.inject({ url, ...(who ? { headers: who.auth } : {}) });
const sessions = () => {
  const ctx = h.rt.contexts.get('live');
  if (!ctx) throw new Error('The live module is not running.');
  return createSessionService({ db: ctx.db.kysely, clock: ctx.clock, outbox: ctx.outbox });
};

describe('GET /api/live/me', () => {
  it('makes the channel its key on the first visit and keeps it', async () => {
    const first = await get('/api/live/me', ada);
    expect(first.statusCode).toBe(200);
    const setup = first.json<LiveSetup>();
    expect(setup).toMatchObject({ status: 'offline', session: null, title: `${ada.handle} is live`, category: null });
    expect(setup.streamKey).toMatch(/^live_[A-Za-z0-9_-]{32}$/);
    // The port the ingest bound (RTMP_PORT=0 here: any free one), not the setting.
    const port = /^rtmp:\/\/ingest\.example:(\d+)\/live$/.exec(setup.ingest.rtmp)?.[1];
    expect(Number(port)).toBeGreaterThan(0);
    expect(setup.ingest).toEqual({
      rtmp: `rtmp://ingest.example:${port}/live`,
      rtmpUrl: `rtmp://ingest.example:${port}/live/${setup.streamKey}`,
      rtmps: null,
      rtmpsUrl: null,
      srt: expect.stringMatching(
        new RegExp(`^srt://ingest\\.example:\\d+\\?streamid=${ada.handle}&passphrase=${setup.streamKey}$`),
      ),
    });
    expect((await get('/api/live/me', ada)).json<LiveSetup>().streamKey).toBe(setup.streamKey);
    expect((await get('/api/live/me', bob)).json<LiveSetup>().streamKey).not.toBe(setup.streamKey);
  });

  it('needs a signed-in caller', async () => {
    for (const [method, url] of [
      ['GET', '/api/live/me'],
      ['POST', '/api/live/me/key'],
      ['PATCH', '/api/live/me'],
    ] as const) {
      const res = await h.rt.app.inject({ method, url, ...(method === 'PATCH' ? { payload: { title: 'x' } } : {}) });
      expect(res.statusCode).toBe(401);
    }
  });
});

describe('PATCH /api/live/me', () => {
  it('sets the title and category, trimmed; refuses an empty title or nothing to change', async () => {
    const res = await h.rt.app.inject({
      method: 'PATCH',
      url: '/api/live/me',
      headers: ada.auth,
      payload: { title: '  Building a compiler  ', category: 'Science & Technology' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json<LiveSetup>()).toMatchObject({ title: 'Building a compiler', category: 'Science & Technology' });
    for (const [payload, code] of [
      [{ title: '   ' }, 'validation_failed'],
      [{}, 'empty_update'],
      [{ title: 'x'.repeat(121) }, 'validation_failed'],
      [{ streamKey: 'mine' }, 'validation_failed'],
    ] as const) {
      const refused = await h.rt.app.inject({ method: 'PATCH', url: '/api/live/me', headers: ada.auth, payload });
      expect(refused.statusCode).toBe(400);
      expect(refused.json()).toMatchObject({ code });
    }
  });
});

describe('going live and off', () => {
  it('puts one publisher on air per channel, and shows viewers the stream and its end', async () => {
    const carol = await register(h.rt);
    const setup = (await get('/api/live/me', carol)).json<LiveSetup>();
    const service = sessions();
    expect(await service.begin(carol.result.user.id, 'live_not-the-key')).toEqual({
      ok: false,
      reason: 'unknown_channel',
    });
    const begun = await service.begin(carol.result.user.id, setup.streamKey);
    if (!begun.ok) throw new Error(`did not begin: ${begun.reason}`);
    expect(await service.begin(carol.result.user.id, setup.streamKey)).toEqual({ ok: false, reason: 'already_live' });
    await h.waitForEvent(
      (e) => e.type === 'stream.started' && (e.payload as { sessionId: string }).sessionId === begun.session.id,
    );

    const live = (await get(`/api/channels/${carol.handle.toUpperCase()}/live`)).json<ChannelLive>();
    expect(live).toMatchObject({
      live: true,
      session: { id: begun.session.id, channel: { handle: carol.handle }, endedAt: null },
      playback: {
        hls: `/media/live/${begun.session.id}/ll.m3u8`,
        dash: `/media/live/${begun.session.id}/manifest.mpd`,
      },
    });
    expect((await get('/api/live/me', carol)).json<LiveSetup>()).toMatchObject({ status: 'live' });
    const now = (await get('/api/live')).json<LiveNowPage>();
    expect(now.items.map((s) => s.id)).toContain(begun.session.id);

    const ended = await service.end(begun.session.id, 'publisher_left');
    expect(ended).toMatchObject({ end_reason: 'publisher_left' });
    expect(await service.end(begun.session.id, 'publisher_left')).toBeUndefined();
    const event = await h.waitForEvent(
      (e) => e.type === 'stream.ended' && (e.payload as { sessionId: string }).sessionId === begun.session.id,
    );
    expect(event.payload).toMatchObject({ channelId: carol.result.user.id, reason: 'publisher_left', peakViewers: 0 });
    const after = (await get(`/api/channels/${carol.handle}/live`)).json<ChannelLive>();
    expect(after).toMatchObject({
      live: false,
      playback: null,
      session: { id: begun.session.id, endReason: 'publisher_left' },
    });
    expect((await get('/api/live')).json<LiveNowPage>().items.map((s) => s.id)).not.toContain(begun.session.id);
  });

  it('ends the stream on air when the key is rotated; the old key no longer begins one', async () => {
    const dave = await register(h.rt);
    const before = (await get('/api/live/me', dave)).json<LiveSetup>();
    const service = sessions();
    const begun = await service.begin(dave.result.user.id, before.streamKey);
    if (!begun.ok) throw new Error(`did not begin: ${begun.reason}`);
    const rotated = await h.rt.app.inject({ method: 'POST', url: '/api/live/me/key', headers: dave.auth });
    expect(rotated.statusCode).toBe(200);
    const after = rotated.json<LiveSetup>();
    expect(after.streamKey).not.toBe(before.streamKey);
    expect(after).toMatchObject({ status: 'offline', session: { id: begun.session.id, endReason: 'key_rotated' } });
    expect(await service.begin(dave.result.user.id, before.streamKey)).toEqual({
      ok: false,
      reason: 'unknown_channel',
    });
    expect((await service.begin(dave.result.user.id, after.streamKey)).ok).toBe(true);
  });

  it('takes a deleted account off air and forgets its channel', async () => {
    const erin = await register(h.rt);
    const setup = (await get('/api/live/me', erin)).json<LiveSetup>();
    const begun = await sessions().begin(erin.result.user.id, setup.streamKey);
    if (!begun.ok) throw new Error(`did not begin: ${begun.reason}`);
    expect((await h.rt.app.inject({ method: 'DELETE', url: '/api/users/me', headers: erin.auth })).statusCode).toBe(
      204,
    );
    await eventually(async () => {
      expect((await get(`/api/channels/${erin.handle}/live`)).json<ChannelLive>()).toEqual({
        live: false,
        session: null,
        playback: null,
      });
    });
    const ctx = h.rt.contexts.get('live');
    const row = await scoped(ctx!.db.kysely)
      .selectFrom('sessions')
      .selectAll()
      .where('id', '=', begun.session.id)
      .executeTakeFirst();
    expect(row).toMatchObject({ end_reason: 'account_deleted' });
  });
});

describe('GET /api/live/channels', () => {
  it("answers each channel's stream in the order asked, on air, ended or never live", async () => {
    const [onAir, ended, never] = await Promise.all([register(h.rt), register(h.rt), register(h.rt)]);
    const service = sessions();
    const start = async (who: Registered) => {
      const { streamKey } = (await get('/api/live/me', who)).json<LiveSetup>();
      const begun = await service.begin(who.result.user.id, streamKey);
      if (!begun.ok) throw new Error(`did not begin: ${begun.reason}`);
      return begun.session.id;
    };
    const live = await start(onAir);
    const past = await start(ended);
    await service.end(past, 'publisher_left');
    const handles = [never.handle, onAir.handle.toUpperCase(), 'nobody_here', ended.handle, onAir.handle];
    const res = await get(`/api/live/channels?handles=${handles.join(',')}`);
    expect(res.statusCode).toBe(200);
    const { items } = res.json<LiveChannels>();
    expect(items.map((i) => [i.handle, i.live, i.session?.id ?? null, i.playback?.hls ?? null])).toEqual([
      [never.handle, false, null, null],
      [onAir.handle, true, live, `/media/live/${live}/ll.m3u8`],
      ['nobody_here', false, null, null],
      [ended.handle, false, past, null],
    ]);
    // Each as the one-channel route answers it.
    const one = (await get(`/api/channels/${onAir.handle}/live`)).json<ChannelLive>();
    expect(items[1]).toEqual({ handle: onAir.handle, ...one });
    await service.end(live, 'publisher_left');
  });

  it('refuses no handles, too many, or empty ones', async () => {
    for (const query of ['', '?handles=', '?handles=a,,b', `?handles=${Array(101).fill('ab').join(',')}`]) {
      expect((await get(`/api/live/channels${query}`)).statusCode, query).toBe(400);
    }
  });
});

describe('GET /api/live', () => {
  it('pages the channels on air and refuses a crafted cursor', async () => {
    const hosts = await Promise.all([register(h.rt), register(h.rt), register(h.rt)]);
    for (const host of hosts) {
      const key = (await get('/api/live/me', host)).json<LiveSetup>().streamKey;
      expect((await sessions().begin(host.result.user.id, key)).ok).toBe(true);
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: LiveNowPage = (
        await get(`/api/live?limit=2${cursor ? `&cursor=${cursor}` : ''}`)
      ).json<LiveNowPage>();
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((s) => s.channel.handle));
      cursor = page.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    for (const host of hosts) expect(seen).toContain(host.handle);
    for (const bad of [
      'x',
      Buffer.from('[-1,"a"]').toString('base64url'),
      Buffer.from('[1,"00000000"]').toString('base64url'),
    ]) {
      const res = await get(`/api/live?cursor=${bad}`);
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'invalid_cursor' });
    }
  });
});

describe('a stream for viewers', () => {
  it('is readable by anyone, and counts the players watching it', async () => {
    const host = await register(h.rt);
    const key = (await get('/api/live/me', host)).json<LiveSetup>().streamKey;
    const begun = await sessions().begin(host.result.user.id, key);
    if (!begun.ok) throw new Error(`did not begin: ${begun.reason}`);
    const url = `/api/live/sessions/${begun.session.id}`;
    expect((await get(url)).json()).toMatchObject({ id: begun.session.id, endedAt: null, viewers: 0 });
    expect((await get('/api/live/sessions/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);

    const beat = (payload: object, who?: Registered) =>
      h.rt.app.inject({ method: 'POST', url: `${url}/heartbeat`, payload, ...(who ? { headers: who.auth } : {}) });
    const player = '7d4f7d0e-3f0a-4c9e-9a57-2b4c1d5e6f70';
    for (let i = 0; i < 3; i++) expect((await beat({ viewer: player })).statusCode).toBe(204);
    expect((await beat({}, bob)).statusCode).toBe(204);
    expect((await beat({})).json()).toMatchObject({ code: 'validation_failed' });
    expect((await beat({ viewer: 'not-a-uuid' })).statusCode).toBe(400);
    const ctx = h.rt.contexts.get('live')!;
    const counted = await viewerCounter({ cache: ctx.cache, now: () => ctx.clock.now().getTime() }).count(
      begun.session.id,
    );
    expect(counted).toBe(2);

    await sessions().end(begun.session.id, 'publisher_left');
    expect((await beat({ viewer: player })).statusCode).toBe(404);
    expect((await get(url)).json()).toMatchObject({ endReason: 'publisher_left' });
  });
});

describe('a stream whose ingest went away', () => {
  it('is taken off air once it has not been reported for a while', async () => {
    const host = await register(h.rt);
    const key = (await get('/api/live/me', host)).json<LiveSetup>().streamKey;
    const begun = await sessions().begin(host.result.user.id, key);
    if (!begun.ok) throw new Error(`did not begin: ${begun.reason}`);
    const ctx = h.rt.contexts.get('live')!;
    const sweeper = staleSessionSweeper({
      db: ctx.db.kysely,
      sessions: sessions(),
      storage: ctx.storage,
      clock: ctx.clock,
      everyMs: 60_000,
      logger: ctx.logger,
    });
    await sweeper.sweep();
    expect((await get(`/api/channels/${host.handle}/live`)).json<ChannelLive>().live).toBe(true);
    h.clock.shift(STALE_AFTER_MS + 1000);
    await sweeper.sweep();
    const after = (await get(`/api/channels/${host.handle}/live`)).json<ChannelLive>();
    expect(after).toMatchObject({ live: false, session: { id: begun.session.id, endReason: 'ingest_failed' } });
    await h.waitForEvent(
      (e) => e.type === 'stream.ended' && (e.payload as { sessionId: string }).sessionId === begun.session.id,
    );
  });
});

describe('GET /api/live/time', () => {
  it("answers the server's clock as ISO 8601 text, never cached: what DASH players set theirs by", async () => {
    const before = Date.now();
    const res = await get('/api/live/time');
    const after = Date.now();
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.body).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const time = Date.parse(res.body);
    expect(time).toBeGreaterThanOrEqual(before);
    expect(time).toBeLessThanOrEqual(after);
  });
});
