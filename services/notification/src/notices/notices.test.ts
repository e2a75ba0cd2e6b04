import { randomUUID } from 'node:crypto';
import type { EventPayloads, NotificationFanoutJob } from '@framecast/contracts';
import { eventually, metricValue } from '@framecast/kit/testing';
import type { Registered } from '@framecast/user/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  follow,
  listen,
  type NotificationHarness,
  notifications,
  preferences,
  reader,
  startNotificationModule,
} from '../testing/index.js';

let h: NotificationHarness;
beforeAll(async () => {
  h = await startNotificationModule({ NOTIFICATION_BATCH_SIZE: '3' });
});
afterAll(async () => {
  await h?.close();
});

const idOf = (a: Registered) => a.result.user.id;

function started(channel: Registered, title = 'Speedrun night'): EventPayloads['stream.started'] {
  return {
    sessionId: randomUUID(),
    channelId: idOf(channel),
    channelHandle: channel.handle,
    title,
    startedAt: new Date().toISOString(),
  };
}

function ready(channel: Registered, visibility: 'public' | 'unlisted' | 'private' = 'public') {
  return {
    videoId: randomUUID(),
    channelId: idOf(channel),
    channelHandle: channel.handle,
    title: 'How to bake bread',
    visibility,
    duration: 61,
    renditions: ['720p', '360p'],
  } satisfies EventPayloads['video.ready'];
}

/** A channel with `count` followers, each known to the notification module. */
async function channelWith(count: number) {
  const channel = await reader(h);
  const fans: Registered[] = [];
  for (let i = 0; i < count; i++) {
    const fan = await reader(h);
    await follow(h, fan, channel);
    fans.push(fan);
  }
  return { channel, fans };
}

/** Resolves once the module's consumer has handled the event (committed its effects). */
async function handled(eventId: string) {
  await eventually(async () => {
    const done = await h.rt.adapters.db.kysely
      .withSchema('notify')
      .selectFrom('processed_events')
      .select('event_id')
      .where('event_id', '=', eventId)
      .execute();
    expect(done).toHaveLength(1);
  }, 10_000);
}

/** Resolves once the event was handled and its `batches` fan-out jobs handed to the queue and all run. */
async function fannedOut(eventId: string, batches: number) {
  await handled(eventId);
  await eventually(async () => {
    const sent = await h.rt.adapters.db.kysely
      .withSchema('notify')
      .selectFrom('outbox')
      .select(['job_id', 'published_at'])
      .where('job_id', 'like', `${eventId}:%`)
      .execute();
    expect(sent).toHaveLength(batches);
    for (const row of sent) {
      expect(row.published_at).not.toBeNull();
      expect(await h.rt.adapters.jobs.live('notification.fanout', row.job_id)).toBe(false);
    }
  }, 10_000);
}

describe('a followed channel goes live', () => {
  it('tells every follower in batches of the fan-out, and not the channel itself', async () => {
    const { channel, fans } = await channelWith(7);
    const before = await metricValue(h.rt, 'framecast_notification_fanout_batches_total', { kind: 'live' });
    const payload = started(channel);
    const event = await h.publish('stream.started', payload);
    // 7 followers in batches of 3: the ranges end at the 3rd and 6th follower, and an open one after.
    await eventually(async () => {
      expect(await metricValue(h.rt, 'framecast_notification_fanout_batches_total', { kind: 'live' })).toBe(before + 3);
    });
    await fannedOut(event.id, 3);
    for (const fan of fans) {
      const page = await notifications(h, fan);
      expect(page.unreadCount).toBe(1);
      expect(page.items).toEqual([
        {
          id: expect.any(String),
          kind: 'live',
          createdAt: new Date(payload.startedAt).toISOString(),
          readAt: null,
          channel: { id: idOf(channel), handle: channel.handle },
          stream: { sessionId: payload.sessionId, title: 'Speedrun night' },
          video: null,
          mention: null,
        },
      ]);
    }
    const own = await notifications(h, channel);
    expect(own.items.filter((n) => n.kind === 'live')).toEqual([]);
  });

  it('pushes each notification to its reader’s real-time topic', async () => {
    const { channel, fans } = await channelWith(1);
    const ear = await listen(h, idOf(fans[0]!));
    const event = await h.publish('stream.started', started(channel, 'On air'));
    await eventually(async () => {
      expect(ear.heard).toEqual([
        {
          kind: 'notification',
          notification: expect.objectContaining({ kind: 'live', stream: expect.objectContaining({ title: 'On air' }) }),
        },
      ]);
    });
    await fannedOut(event.id, 1);
    await ear.stop();
  });

  it('counts a replayed event once, and a retried batch stores nothing twice', async () => {
    const { channel, fans } = await channelWith(4);
    const event = {
      id: randomUUID(),
      type: 'stream.started',
      occurredAt: new Date().toISOString(),
      payload: started(channel),
    };
    await h.rt.adapters.events.publish(event);
    await h.rt.adapters.events.publish(event);
    await fannedOut(event.id, 2);
    // The same batch delivered again (a worker that died after its commit) finds every notification there.
    const batch: NotificationFanoutJob = {
      eventId: event.id,
      kind: 'live',
      channelId: idOf(channel),
      channelHandle: channel.handle,
      subjectId: event.payload.sessionId,
      title: event.payload.title,
      at: event.payload.startedAt,
      after: null,
      upTo: null,
    };
    await h.rt.adapters.jobs.enqueue('notification.fanout', batch, { id: `${event.id}:again` });
    await eventually(async () => {
      expect(await h.rt.adapters.jobs.live('notification.fanout', `${event.id}:again`)).toBe(false);
    });
    await h.rt.adapters.events.publish(event);
    await new Promise((resolve) => setTimeout(resolve, 300));
    for (const fan of fans) {
      const page = await notifications(h, fan);
      expect(page.items.filter((n) => n.kind === 'live')).toHaveLength(1);
      expect(page.unreadCount).toBe(1);
    }
  });
});

describe('a followed channel publishes a video', () => {
  it('tells followers of a public video, never of an unlisted or private one', async () => {
    const { channel, fans } = await channelWith(2);
    const hidden = await h.publish('video.ready', ready(channel, 'unlisted'));
    const secret = await h.publish('video.ready', ready(channel, 'private'));
    const video = ready(channel);
    const event = await h.publish('video.ready', video);
    await fannedOut(event.id, 1);
    for (const fan of fans) {
      const page = await notifications(h, fan);
      expect(page.items).toEqual([
        expect.objectContaining({
          kind: 'video',
          video: { id: video.videoId, title: 'How to bake bread' },
          channel: { id: idOf(channel), handle: channel.handle },
          stream: null,
        }),
      ]);
    }
    // Neither hidden video was cut into batches at all.
    await fannedOut(hidden.id, 0);
    await fannedOut(secret.id, 0);
  });
});

describe('preferences', () => {
  it('hears only what each bell and each kind allows', async () => {
    const { channel, fans } = await channelWith(4);
    const [all, liveOnly, none, noLiveInApp] = fans as [Registered, Registered, Registered, Registered];
    await preferences(h, liveOnly, { channels: [{ channelId: idOf(channel), level: 'live' }] });
    const muted = await preferences(h, none, { channels: [{ channelId: idOf(channel), level: 'none' }] });
    expect(muted.channels).toEqual([{ channel: { id: idOf(channel), handle: channel.handle }, level: 'none' }]);
    const changed = await preferences(h, noLiveInApp, { types: { live: { inApp: false } } });
    expect(changed.types.live).toEqual({ inApp: false, email: true, push: true });
    expect(changed.types.video).toEqual({ inApp: true, email: true, push: true });

    const live = await h.publish('stream.started', started(channel));
    const video = await h.publish('video.ready', ready(channel));
    await fannedOut(live.id, 2);
    await fannedOut(video.id, 2);
    const kinds = async (fan: Registered) => (await notifications(h, fan)).items.map((n) => n.kind).sort();
    expect(await kinds(all)).toEqual(['live', 'video']);
    expect(await kinds(liveOnly)).toEqual(['live']);
    expect(await kinds(none)).toEqual([]);
    expect(await kinds(noLiveInApp)).toEqual(['video']);
  });

  it('starts from the defaults and lists every followed channel with its bell', async () => {
    const { channel, fans } = await channelWith(1);
    const prefs = await preferences(h, fans[0]!);
    expect(prefs).toEqual({
      types: {
        live: { inApp: true, email: true, push: true },
        video: { inApp: true, email: true, push: true },
        follow: { inApp: true, email: false, push: false },
        mention: { inApp: true, email: false, push: true },
      },
      channels: [{ channel: { id: idOf(channel), handle: channel.handle }, level: 'all' }],
    });
  });

  it('refuses a bell for a channel nobody has, changing nothing', async () => {
    const fan = await reader(h);
    const res = await h.rt.app.inject({
      method: 'PUT',
      url: '/api/notifications/preferences',
      headers: fan.auth,
      payload: { types: { follow: { email: true } }, channels: [{ channelId: randomUUID(), level: 'none' }] },
    });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ code: 'bell_channel_not_found', field: 'channels' });
    expect((await preferences(h, fan)).types.follow.email).toBe(false);
  });

  it('refuses unknown fields and levels', async () => {
    const fan = await reader(h);
    for (const payload of [
      { types: { live: { sms: true } } },
      { channels: [{ channelId: idOf(fan), level: 'loud' }] },
    ]) {
      const res = await h.rt.app.inject({
        method: 'PUT',
        url: '/api/notifications/preferences',
        headers: fan.auth,
        payload,
      });
      expect(res.statusCode).toBe(400);
      expect(res.json()).toMatchObject({ code: 'validation_failed' });
    }
  });
});

describe('follows and mentions', () => {
  it('tells a channel of a new follower once a day, whoever unfollows and follows again', async () => {
    const channel = await reader(h);
    const fan = await reader(h);
    await follow(h, fan, channel);
    await h.rt.app.inject({ method: 'DELETE', url: `/api/channels/${channel.handle}/follow`, headers: fan.auth });
    await follow(h, fan, channel);
    await eventually(async () => {
      const page = await notifications(h, channel);
      expect(page.items).toEqual([
        expect.objectContaining({ kind: 'follow', channel: { id: idOf(fan), handle: fan.handle }, mention: null }),
      ]);
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await notifications(h, channel)).items).toHaveLength(1);
    expect((await notifications(h, fan)).items).toEqual([]);
  });

  it('tells the account named in chat, never the sender of their own mention', async () => {
    const room = await reader(h);
    const sender = await reader(h);
    const named = await reader(h);
    const ear = await listen(h, idOf(named));
    const mention = (to: Registered) => ({
      channelId: idOf(room),
      channelHandle: room.handle,
      messageId: '1733000000000001',
      fromUserId: idOf(sender),
      fromHandle: sender.handle,
      mentionedUserId: idOf(to),
      mentionedHandle: to.handle,
      excerpt: `hey @${to.handle} look`,
      sentAt: new Date().toISOString(),
    });
    await h.publish('chat.mention', mention(sender));
    await h.publish('chat.mention', mention(named));
    await eventually(async () => {
      const page = await notifications(h, named);
      expect(page.items).toEqual([
        expect.objectContaining({
          kind: 'mention',
          channel: { id: idOf(room), handle: room.handle },
          mention: {
            messageId: '1733000000000001',
            excerpt: `hey @${named.handle} look`,
            from: { id: idOf(sender), handle: sender.handle },
          },
        }),
      ]);
    });
    // Pushed just after commit: the listing can see it a moment before the push is out.
    await eventually(async () => {
      expect(ear.heard).toEqual([{ kind: 'notification', notification: expect.objectContaining({ kind: 'mention' }) }]);
    });
    await ear.stop();
    expect((await notifications(h, sender)).items).toEqual([]);
  });

  it('stores no mention for a reader who turned mentions off in-app', async () => {
    const named = await reader(h);
    const sender = await reader(h);
    await preferences(h, named, { types: { mention: { inApp: false } } });
    const event = await h.publish('chat.mention', {
      channelId: idOf(sender),
      channelHandle: sender.handle,
      messageId: '7',
      fromUserId: idOf(sender),
      fromHandle: sender.handle,
      mentionedUserId: idOf(named),
      mentionedHandle: named.handle,
      excerpt: 'hi',
      sentAt: new Date().toISOString(),
    });
    await handled(event.id);
    expect((await notifications(h, named)).items).toEqual([]);
  });
});

describe('the listing and reading', () => {
  async function withUnread(count: number) {
    const { channel, fans } = await channelWith(1);
    for (let i = 0; i < count; i++) {
      const event = await h.publish('stream.started', {
        ...started(channel, `stream ${i}`),
        startedAt: new Date(Date.now() - (count - i) * 1000).toISOString(),
      });
      await fannedOut(event.id, 1);
    }
    return fans[0]!;
  }

  it('pages newest first with a cursor, and refuses a cursor it did not give', async () => {
    const fan = await withUnread(5);
    const first = await notifications(h, fan, '?limit=2');
    expect(first.items.map((n) => n.stream?.title)).toEqual(['stream 4', 'stream 3']);
    expect(first.unreadCount).toBe(5);
    const second = await notifications(h, fan, `?limit=2&cursor=${first.nextCursor}`);
    expect(second.items.map((n) => n.stream?.title)).toEqual(['stream 2', 'stream 1']);
    const last = await notifications(h, fan, `?limit=2&cursor=${second.nextCursor}`);
    expect(last.items.map((n) => n.stream?.title)).toEqual(['stream 0']);
    expect(last.nextCursor).toBeNull();
    const bad = await h.rt.app.inject({ url: '/api/notifications?cursor=bm9wZQ', headers: fan.auth });
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ code: 'invalid_cursor' });
  });

  it('marks some read, then all, tells the reader’s other pages, and leaves other readers’ alone', async () => {
    const fan = await withUnread(3);
    const other = await withUnread(1);
    const ear = await listen(h, idOf(fan));
    const [newest, , oldest] = (await notifications(h, fan)).items;
    const theirs = (await notifications(h, other)).items[0]!;
    const read = async (account: Registered, payload: object) => {
      const res = await h.rt.app.inject({
        method: 'POST',
        url: '/api/notifications/read',
        headers: account.auth,
        payload,
      });
      expect(res.statusCode).toBe(200);
      return res.json<{ unreadCount: number }>().unreadCount;
    };
    expect(await read(fan, { ids: [newest!.id, theirs.id] })).toBe(2);
    const page = await notifications(h, fan);
    expect(page.items[0]!.readAt).toEqual(expect.any(String));
    expect(page.items[2]!.readAt).toBeNull();
    expect((await notifications(h, other)).unreadCount).toBe(1);
    expect(await read(fan, { all: true })).toBe(0);
    expect((await notifications(h, fan)).items.every((n) => n.readAt !== null)).toBe(true);
    expect(oldest).toBeDefined();
    await eventually(async () => {
      expect(ear.heard).toEqual([
        { kind: 'notifications-read', unreadCount: 2 },
        { kind: 'notifications-read', unreadCount: 0 },
      ]);
    });
    await ear.stop();
  });

  it('refuses a read without ids or all, and every route without a token', async () => {
    const fan = await reader(h);
    for (const payload of [{}, { ids: [] }, { all: false }, { ids: ['x'] }, { ids: [randomUUID()], all: true }]) {
      const res = await h.rt.app.inject({
        method: 'POST',
        url: '/api/notifications/read',
        headers: fan.auth,
        payload,
      });
      expect(res.statusCode, JSON.stringify(payload)).toBe(400);
    }
    for (const [method, url, payload] of [
      ['GET', '/api/notifications', undefined],
      ['POST', '/api/notifications/read', { all: true }],
      ['GET', '/api/notifications/preferences', undefined],
      ['PUT', '/api/notifications/preferences', {}],
    ] as const) {
      const res = await h.rt.app.inject({ method, url, ...(payload ? { payload } : {}) });
      expect(res.statusCode, url).toBe(401);
    }
  });
});

describe('a deleted account', () => {
  it('leaves nothing behind: its notifications, those about it, its follows and choices', async () => {
    const { channel, fans } = await channelWith(1);
    const fan = fans[0]!;
    const event = await h.publish('stream.started', started(channel));
    await fannedOut(event.id, 1);
    await preferences(h, fan, { channels: [{ channelId: idOf(channel), level: 'live' }] });
    expect((await notifications(h, fan)).items).toHaveLength(1);
    const deleted = await h.rt.app.inject({ method: 'DELETE', url: '/api/users/me', headers: channel.auth });
    expect(deleted.statusCode).toBe(204);
    await eventually(async () => {
      expect((await notifications(h, fan)).items).toEqual([]);
    });
    expect((await preferences(h, fan)).channels).toEqual([]);
    const db = h.rt.adapters.db.kysely.withSchema('notify');
    for (const table of ['follows', 'bells', 'notifications'] as const) {
      const rows = await db.selectFrom(table).select('channel_id').where('channel_id', '=', idOf(channel)).execute();
      expect(rows, table).toEqual([]);
    }
  });
});
