import { describe, expect, it } from 'vitest';
import { notificationOf, payloadOf, safeTarget, windowShowing } from './push.notification.js';

const origin = 'https://framecast.example';

describe('the service worker’s notification', () => {
  it('shows the push’s title, body and tag, and leads to its page', () => {
    const payload = {
      kind: 'live',
      title: 'alice is live',
      body: 'alice is live: Speedrun night',
      url: `${origin}/live/alice`,
      tag: 'live:c-alice',
    };
    expect(notificationOf(payload, origin)).toEqual({
      title: 'alice is live',
      options: { body: 'alice is live: Speedrun night', tag: 'live:c-alice', data: { url: `${origin}/live/alice` } },
    });
  });

  it('still shows something for a push it cannot read', () => {
    const fallback = {
      title: 'Framecast',
      options: { body: 'You have a new notification.', data: { url: `${origin}/` } },
    };
    for (const payload of [null, 'text', 42, {}, { title: '  ' }, { title: 7, body: 'x' }]) {
      expect(notificationOf(payload, origin)).toEqual(fallback);
    }
    expect(notificationOf({ title: 'New follower', body: 12 }, origin).options).toEqual({
      body: '',
      data: { url: `${origin}/` },
    });
  });

  it('reads the data as JSON, or as nothing', () => {
    expect(payloadOf({ text: () => '{"title":"t"}' })).toEqual({ title: 't' });
    expect(payloadOf({ text: () => 'not json' })).toBeNull();
    expect(payloadOf(null)).toBeNull();
  });

  it('never leads out of the site', () => {
    expect(safeTarget(`${origin}/watch/v1?t=3`, origin)).toBe(`${origin}/watch/v1?t=3`);
    expect(safeTarget('/c/bob', origin)).toBe(`${origin}/c/bob`);
    for (const url of ['https://evil.example/', 'javascript:alert(1)', '//evil.example/x', 'http://[', 5, undefined]) {
      expect(safeTarget(url, origin)).toBe(`${origin}/`);
    }
  });

  it('brings up a tab showing the page already, else none', () => {
    const tabs = [{ url: `${origin}/` }, { url: `${origin}/live/alice` }, { url: `${origin}/live/alice` }];
    expect(windowShowing(tabs, `${origin}/live/alice`)).toBe(1);
    expect(windowShowing(tabs, `${origin}/watch/v1`)).toBe(-1);
    expect(windowShowing([], `${origin}/`)).toBe(-1);
  });
});
