import { randomUUID } from 'node:crypto';
import { eventually } from '@framecast/kit/testing';
import type { Registered } from '@framecast/user/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { follow, type NotificationHarness, preferences, reader, startNotificationModule } from '../testing/index.js';
import { startSmtpSink } from '../testing/smtp.sink.js';

// E-mail through a real SMTP server (smtp-server) on loopback.
let h: NotificationHarness;
let smtp: Awaited<ReturnType<typeof startSmtpSink>>;
beforeAll(async () => {
  smtp = await startSmtpSink();
  h = await startNotificationModule({
    SMTP_URL: smtp.url,
    MAIL_FROM: 'Framecast <bell@framecast.test>',
    PUBLIC_URL: 'http://framecast.test',
    NOTIFICATION_DIGEST_AFTER: '2',
    NOTIFICATION_DIGEST_INTERVAL_SECONDS: '3',
  });
});
afterAll(async () => {
  await h?.close();
  await smtp?.close();
});

const idOf = (a: Registered) => a.result.user.id;
const mailsTo = (a: Registered) => smtp.mails.filter((m) => m.to.includes(a.email));

function goLive(channel: Registered, title: string) {
  return h.publish('stream.started', {
    sessionId: randomUUID(),
    channelId: idOf(channel),
    channelHandle: channel.handle,
    title,
    startedAt: new Date().toISOString(),
  });
}

describe('notification e-mail', () => {
  it('mails followers who want it, with text, HTML and a one-click unsubscribe that works', async () => {
    const channel = await reader(h);
    const wants = await reader(h);
    const declines = await reader(h);
    await follow(h, wants, channel);
    await follow(h, declines, channel);
    await preferences(h, declines, { types: { live: { email: false } } });
    await goLive(channel, 'Bread & <butter>');

    const [mail] = await eventually(async () => {
      const got = mailsTo(wants);
      expect(got).toHaveLength(1);
      return got;
    }, 10_000);
    expect(mail!.header('from')).toBe('Framecast <bell@framecast.test>');
    expect(mail!.header('subject')).toBe(`${channel.handle} is live: Bread & <butter>`);
    expect(mail!.text).toContain(`Watch now: http://framecast.test/live/${channel.handle}`);
    expect(mail!.html).toContain('Bread &amp; &lt;butter&gt;');
    expect(mail!.html).not.toContain('<butter>');
    expect(mail!.header('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    const link = /^<(http:\/\/framecast\.test\/api\/notifications\/unsubscribe\/[^>]+)>$/.exec(
      mail!.header('list-unsubscribe') ?? '',
    )?.[1];
    expect(link).toBeDefined();
    // The follow e-mails are off by default and mentions too: only the live one went out.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(mailsTo(declines)).toEqual([]);
    expect(mailsTo(channel)).toEqual([]);

    // The mail client's one-click POST, as RFC 8058 has it.
    const path = new URL(link!).pathname;
    const page = await h.rt.app.inject({ url: path });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<form method="post">');
    // Showing the page changed nothing.
    expect((await preferences(h, wants)).types.live.email).toBe(true);
    const clicked = await h.rt.app.inject({
      method: 'POST',
      url: path,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });
    expect(clicked.statusCode).toBe(200);
    expect(clicked.json()).toEqual({ unsubscribed: 'live' });
    expect((await preferences(h, wants)).types.live).toEqual({ inApp: true, email: false, push: true });

    const forged = await h.rt.app.inject({
      method: 'POST',
      url: `${path.slice(0, -3)}AAA`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: 'List-Unsubscribe=One-Click',
    });
    expect(forged.statusCode).toBe(400);
    expect(forged.json()).toMatchObject({ code: 'unsubscribe_link_invalid' });
    const other = `/api/notifications/unsubscribe/${idOf(declines)}.all.${path.split('.').at(-1)}`;
    expect((await h.rt.app.inject({ method: 'POST', url: other })).statusCode).toBe(400);
  });

  it('sends a busy channel’s notifications as one digest instead of a flood', async () => {
    const channel = await reader(h);
    const fan = await reader(h);
    await follow(h, fan, channel);
    for (const title of ['one', 'two', 'three', 'four', 'five']) {
      const event = await goLive(channel, title);
      // One at a time, so the two e-mails allowed are the first two.
      await eventually(async () => {
        const rows = await h.rt.adapters.db.kysely
          .withSchema('notify')
          .selectFrom('mails')
          .select('digested')
          .where('event_id', '=', event.id)
          .execute();
        expect(rows).toHaveLength(1);
      }, 10_000);
    }
    const digest = await eventually(async () => {
      const found = mailsTo(fan).find((m) => m.header('subject')?.includes('new notifications'));
      expect(found).toBeDefined();
      return found!;
    }, 10_000);
    const singles = mailsTo(fan).filter((m) => m !== digest);
    expect(singles.map((m) => m.header('subject'))).toEqual([
      `${channel.handle} is live: one`,
      `${channel.handle} is live: two`,
    ]);
    expect(digest.header('subject')).toBe(`3 new notifications from ${channel.handle}`);
    for (const title of ['three', 'four', 'five']) expect(digest.text).toContain(`${channel.handle} is live: ${title}`);
    expect(digest.text.indexOf('five')).toBeLessThan(digest.text.indexOf('three'));
    expect(digest.header('list-unsubscribe')).toMatch(/\.all\./);
    // Nothing is left waiting, and no second digest follows.
    await new Promise((resolve) => setTimeout(resolve, 3500));
    expect(mailsTo(fan)).toHaveLength(3);
  });

  it('mails a mention once the reader asked for it', async () => {
    const named = await reader(h);
    const sender = await reader(h);
    await preferences(h, named, { types: { mention: { email: true } } });
    const payload = {
      channelId: idOf(sender),
      channelHandle: sender.handle,
      messageId: '42',
      fromUserId: idOf(sender),
      fromHandle: sender.handle,
      mentionedUserId: idOf(named),
      mentionedHandle: named.handle,
      excerpt: `@${named.handle} over here`,
      sentAt: new Date().toISOString(),
    };
    const event = { id: randomUUID(), type: 'chat.mention', occurredAt: new Date().toISOString(), payload };
    await h.rt.adapters.events.publish(event);
    await h.rt.adapters.events.publish(event);
    const [mail] = await eventually(async () => {
      const got = mailsTo(named);
      expect(got).toHaveLength(1);
      return got;
    }, 10_000);
    expect(mail!.text).toContain(`@${named.handle} over here`);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(mailsTo(named)).toHaveLength(1);
  });
});
