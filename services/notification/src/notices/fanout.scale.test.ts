import { randomUUID } from 'node:crypto';
import { eventually, metricValue } from '@framecast/kit/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type NotificationHarness, notifications, reader, startNotificationModule } from '../testing/index.js';

// A channel with thousands of followers, told in batches of the default size.
let h: NotificationHarness;
beforeAll(async () => {
  h = await startNotificationModule();
});
afterAll(async () => {
  await h?.close();
});

describe('a channel with many followers', () => {
  it('tells all 2,500 in three batch jobs of at most 1,000, and goes on with the events after it', async () => {
    const channel = await reader(h);
    const named = await reader(h);
    const db = h.rt.adapters.db.kysely;
    // 2,500 followers in the module's projection (as 2,500 user.followed events would leave it), and one real one.
    await sql`insert into notify.follows (channel_id, follower_id, followed_at)
      select ${channel.result.user.id}::uuid, gen_random_uuid(), now() from generate_series(1, 2499)`.execute(db);
    await sql`insert into notify.follows (channel_id, follower_id, followed_at)
      values (${channel.result.user.id}::uuid, ${named.result.user.id}::uuid, now())`.execute(db);

    const started = await h.publish('stream.started', {
      sessionId: randomUUID(),
      channelId: channel.result.user.id,
      channelHandle: channel.handle,
      title: 'Big night',
      startedAt: new Date().toISOString(),
    });
    const mention = await h.publish('chat.mention', {
      channelId: channel.result.user.id,
      channelHandle: channel.handle,
      messageId: '1',
      fromUserId: channel.result.user.id,
      fromHandle: channel.handle,
      mentionedUserId: named.result.user.id,
      mentionedHandle: named.handle,
      excerpt: `welcome @${named.handle}`,
      sentAt: new Date().toISOString(),
    });
    await eventually(async () => {
      const kinds = (await notifications(h, named)).items.map((n) => n.kind).sort();
      expect(kinds).toEqual(['live', 'mention']);
    }, 20_000);
    await eventually(async () => {
      const { rows } = await sql<{ n: string | number }>`
        select count(*) as n from notify.notifications where event_id = ${started.id}::uuid`.execute(db);
      expect(Number(rows[0]!.n)).toBe(2500);
    }, 30_000);
    // Boundaries at the 1,000th and 2,000th follower: three batch jobs.
    expect(await metricValue(h.rt, 'framecast_notification_fanout_batches_total', { kind: 'live' })).toBe(3);
    expect(mention.id).not.toBe(started.id);
  });
});
