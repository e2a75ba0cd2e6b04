import { randomUUID } from 'node:crypto';
import { eventually } from '@framecast/kit/testing';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNotificationModule } from '../notification.module.js';
import { follow, type NotificationHarness, notifications, reader, startNotificationModule } from '../testing/index.js';

// A batch that cannot be stored is tried again with backoff, then dead-lettered: the job queue's own policy.
let h: NotificationHarness;
beforeAll(async () => {
  h = await startNotificationModule({}, createNotificationModule({ maxAttempts: 3, backoffMs: () => 100 }));
});
afterAll(async () => {
  await h?.close();
});

describe('a fan-out batch that keeps failing', () => {
  it('is retried, then dead-lettered; once the store is back a new event is told as usual', async () => {
    const channel = await reader(h);
    const fan = await reader(h);
    await follow(h, fan, channel);
    const db = h.rt.adapters.db.kysely;
    // The notifications table goes away under the module: every attempt of the batch fails for real.
    await sql`alter table notify.notifications rename to notifications_away`.execute(db);
    const payload = {
      sessionId: randomUUID(),
      channelId: channel.result.user.id,
      channelHandle: channel.handle,
      title: 'Doomed',
      startedAt: new Date().toISOString(),
    };
    const event = await h.publish('stream.started', payload);
    const dead = await eventually(async () => {
      const letters = await h.rt.adapters.jobs.deadLetters('notification.fanout');
      const mine = letters.find((j) => j.id === `${event.id}:0`);
      expect(mine).toBeDefined();
      return mine!;
    }, 15_000);
    expect(dead.attempt).toBe(3);
    expect(dead.data).toMatchObject({ eventId: event.id, kind: 'live', after: null, upTo: null });
    await sql`alter table notify.notifications_away rename to notifications`.execute(db);

    const again = await h.publish('stream.started', { ...payload, sessionId: randomUUID(), title: 'Back' });
    await eventually(async () => {
      const page = await notifications(h, fan);
      expect(page.items.map((n) => n.stream?.title)).toEqual(['Back']);
    }, 10_000);
    expect(again.id).not.toBe(event.id);
  });
});
