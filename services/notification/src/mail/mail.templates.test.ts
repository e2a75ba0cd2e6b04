import { describe, expect, it } from 'vitest';
import { vapidSubject } from '../push/vapid.js';
import { digestMail, noticeMail } from './mail.templates.js';
import { signUnsubscribe, verifyUnsubscribe } from './unsubscribe.token.js';

const links = { publicUrl: 'https://framecast.example', unsubscribeUrl: 'https://framecast.example/u/x' };
const userId = '00000000-0000-4000-8000-000000000009';
const base = { eventId: userId, channelId: userId, channelHandle: 'ada', at: '2026-12-01T10:00:00.000Z' } as const;

describe('notification e-mails', () => {
  it('says the same in text and HTML, with every name escaped in the HTML', () => {
    const mail = noticeMail(
      { ...base, kind: 'video', video: { id: 'v/1', title: '<script>alert(1)</script> & more' } },
      links,
    );
    expect(mail.subject).toBe('ada published a video: <script>alert(1)</script> & more');
    expect(mail.text).toContain('Watch the video: https://framecast.example/watch/v%2F1');
    expect(mail.text).toContain('Stop these e-mails: https://framecast.example/u/x');
    expect(mail.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; more');
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('href="https://framecast.example/watch/v%2F1"');
  });

  it('keeps a long subject to one line of 120 characters', () => {
    const mail = noticeMail({ ...base, kind: 'live', stream: { sessionId: 's', title: 'x'.repeat(300) } }, links);
    expect(mail.subject).toHaveLength(120);
    expect(mail.subject.endsWith('…')).toBe(true);
  });

  it('lists a digest newest first and names its channel', () => {
    const mail = digestMail(
      [
        { ...base, kind: 'live', stream: { sessionId: 'a', title: 'first' }, at: '2026-12-01T10:00:00.000Z' },
        { ...base, kind: 'live', stream: { sessionId: 'b', title: 'second' }, at: '2026-12-01T11:00:00.000Z' },
      ],
      links,
    );
    expect(mail.subject).toBe('2 new notifications from ada');
    expect(mail.text.indexOf('second')).toBeLessThan(mail.text.indexOf('first'));
    const two = digestMail(
      [
        { ...base, kind: 'follow' },
        { ...base, kind: 'follow', channelHandle: 'bo' },
      ],
      links,
    );
    expect(two.subject).toBe('2 new notifications from 2 channels');
  });
});

describe('one-click unsubscribe tokens', () => {
  it('verify only as signed, for a known scope', () => {
    const token = signUnsubscribe('secret', userId, 'live');
    expect(verifyUnsubscribe('secret', token)).toEqual({ userId, scope: 'live' });
    expect(verifyUnsubscribe('other secret', token)).toBeNull();
    expect(verifyUnsubscribe('secret', token.replace('.live.', '.all.'))).toBeNull();
    expect(verifyUnsubscribe('secret', `${token}.x`)).toBeNull();
    expect(verifyUnsubscribe('secret', signUnsubscribe('secret', userId, 'all'))).toEqual({ userId, scope: 'all' });
    expect(verifyUnsubscribe('secret', 'junk')).toBeNull();
    expect(verifyUnsubscribe('secret', `not-a-uuid.live.${token.split('.')[2]}`)).toBeNull();
  });

  it('name the site or the sender as the VAPID subject', () => {
    expect(vapidSubject('https://framecast.example', 'Bell <bell@x.test>')).toBe('https://framecast.example');
    expect(vapidSubject('http://localhost:8080', 'Bell <bell@x.test>')).toBe('mailto:bell@x.test');
    expect(vapidSubject('http://localhost:8080', 'bell@x.test')).toBe('mailto:bell@x.test');
  });
});
