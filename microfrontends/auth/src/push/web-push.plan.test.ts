import { ApiError } from '@framecast/client';
import { describe, expect, it } from 'vitest';
import { keyBytes, pushProblemText, pushStatusOf, pushSupported, subscriptionBody } from './web-push.plan.js';

const full = { secureContext: true, serviceWorker: true, pushManager: true, notification: true };

describe('web push in this browser', () => {
  it('needs a secure context, a service worker, the Push API and notifications', () => {
    expect(pushSupported(full)).toBe(true);
    for (const missing of ['secureContext', 'serviceWorker', 'pushManager', 'notification'] as const) {
      expect(pushSupported({ ...full, [missing]: false })).toBe(false);
    }
  });

  it('is on only with the permission and a subscription; blocked is said apart', () => {
    expect(pushStatusOf(full, 'granted', true)).toBe('on');
    expect(pushStatusOf(full, 'granted', false)).toBe('off');
    expect(pushStatusOf(full, 'default', false)).toBe('off');
    expect(pushStatusOf(full, 'default', true)).toBe('off');
    expect(pushStatusOf(full, 'denied', true)).toBe('denied');
    expect(pushStatusOf({ ...full, pushManager: false }, 'granted', true)).toBe('unsupported');
    expect(pushStatusOf({ ...full, notification: false }, undefined, false)).toBe('unsupported');
  });

  it('decodes the VAPID key from base64url, with or without padding', () => {
    const raw = Buffer.from(Array.from({ length: 65 }, (_, i) => (i * 37 + 250) % 256));
    expect(Buffer.from(keyBytes(raw.toString('base64url')))).toEqual(raw);
    expect(Buffer.from(keyBytes(Buffer.from([251, 255]).toString('base64url')))).toEqual(Buffer.from([251, 255]));
    expect(Array.from(keyBytes('-_8='))).toEqual([251, 255]);
  });

  it('sends the subscription as the server takes it, and refuses one without keys', () => {
    const keys = { p256dh: 'BNc', auth: 'tBH' };
    expect(subscriptionBody({ endpoint: 'https://push.example/1', keys })).toEqual({
      endpoint: 'https://push.example/1',
      expirationTime: null,
      keys,
    });
    expect(subscriptionBody({ endpoint: 'https://push.example/1', expirationTime: 5, keys }).expirationTime).toBe(5);
    expect(() => subscriptionBody({ endpoint: 'https://push.example/1', keys: { p256dh: 'BNc' } })).toThrow(
      /without its endpoint or keys/,
    );
    expect(() => subscriptionBody({ keys })).toThrow();
  });

  it('says what went wrong in words', () => {
    const named = (name: string) => Object.assign(new Error('x'), { name });
    expect(pushProblemText(named('NotAllowedError'))).toMatch(/did not allow notifications/);
    expect(pushProblemText(named('AbortError'))).toMatch(/could not subscribe with its push service/);
    expect(pushProblemText(new ApiError(400, 'validation_failed', 'The endpoint must be https.'))).toBe(
      'Framecast could not save this browser: The endpoint must be https.',
    );
    expect(pushProblemText(new Error('odd'))).toBe('Browser notifications could not be changed. Try again.');
  });
});
