import type { NotificationPreferences } from '@framecast/client';
import { expect, it } from 'vitest';
import { withUpdate } from './notification-preferences.queries.js';

const on = { inApp: true, email: true, push: true };
const preferences: NotificationPreferences = {
  types: { live: on, video: on, follow: { inApp: true, email: false, push: false }, mention: on },
  channels: [
    { channel: { id: 'c1', handle: 'alice' }, level: 'all' },
    { channel: { id: 'c2', handle: 'bob' }, level: 'none' },
  ],
};

it('changes what an update names and keeps the rest', () => {
  const next = withUpdate(preferences, {
    types: { live: { email: false }, follow: { push: true } },
    channels: [{ channelId: 'c2', level: 'live' }],
  });
  expect(next.types).toEqual({
    live: { inApp: true, email: false, push: true },
    video: on,
    follow: { inApp: true, email: false, push: true },
    mention: on,
  });
  expect(next.channels.map((c) => c.level)).toEqual(['all', 'live']);
  expect(preferences.types.live.email).toBe(true);
});

it('changes nothing for an empty update or a channel not followed', () => {
  expect(withUpdate(preferences, {})).toEqual(preferences);
  expect(withUpdate(preferences, { channels: [{ channelId: 'c9', level: 'none' }] })).toEqual(preferences);
});
