import { defaultChatSettings } from '@framecast/contracts';
import { describe, expect, it } from 'vitest';
import { decideSend, rateLimitOf, type Sender, slowModeApplies, uniqueChatApplies } from './send.policy.js';

const now = new Date('2026-12-01T12:00:00Z');
const viewer: Sender = { role: 'viewer', staff: false };
const base = { sender: viewer, ban: null, settings: defaultChatSettings, terms: null, followedAt: null, now };

describe('decideSend', () => {
  it('passes a plain message and hands back its kept form', () => {
    expect(decideSend({ ...base, raw: ' hi ' })).toEqual({ ok: true, text: 'hi' });
  });

  it('tells a banned user, and a timed-out one how long is left; the broadcaster and staff are never held', () => {
    expect(decideSend({ ...base, raw: 'x', ban: { until: null } })).toMatchObject({ ok: false, code: 'banned' });
    const timeout = decideSend({ ...base, raw: 'x', ban: { until: new Date(now.getTime() + 90_500) } });
    expect(timeout).toMatchObject({ ok: false, code: 'timed_out', retryAfterMs: 90_500 });
    expect(decideSend({ ...base, raw: 'x', ban: { until: new Date(now.getTime() - 1) } }).ok).toBe(true);
    const broadcaster: Sender = { role: 'broadcaster', staff: false };
    expect(decideSend({ ...base, sender: broadcaster, raw: 'x', ban: { until: null } }).ok).toBe(true);
  });

  it('applies followers-only to viewers, with the minimum follow age', () => {
    const settings = { ...defaultChatSettings, followersOnlyMinutes: 60 };
    expect(decideSend({ ...base, settings, raw: 'x' })).toMatchObject({ code: 'followers_only' });
    const young = decideSend({ ...base, settings, raw: 'x', followedAt: new Date(now.getTime() - 30 * 60_000) });
    expect(young).toMatchObject({ code: 'followers_only', retryAfterMs: 30 * 60_000 });
    expect(decideSend({ ...base, settings, raw: 'x', followedAt: new Date(now.getTime() - 61 * 60_000) }).ok).toBe(
      true,
    );
    expect(decideSend({ ...base, settings, sender: { role: 'vip', staff: false }, raw: 'x' }).ok).toBe(true);
  });

  it('spares moderators emote-only and blocked terms', () => {
    const settings = { ...defaultChatSettings, emoteOnly: true };
    expect(decideSend({ ...base, settings, raw: 'words' })).toMatchObject({ code: 'emote_only' });
    expect(decideSend({ ...base, settings, sender: { role: 'moderator', staff: false }, raw: 'words' }).ok).toBe(true);
    const terms = /(?<![\p{L}\p{N}_])bad(?![\p{L}\p{N}_])/u;
    expect(decideSend({ ...base, terms, raw: 'so BAD' })).toMatchObject({ code: 'blocked_term' });
    expect(decideSend({ ...base, terms, sender: { role: 'viewer', staff: true }, raw: 'so bad' }).ok).toBe(true);
  });
});

describe('who the counters hold', () => {
  it('slow mode holds viewers only, unique chat everyone but moderators; moderators send 100 per window', () => {
    const settings = { ...defaultChatSettings, slowModeSeconds: 10, uniqueChat: true };
    expect(slowModeApplies(viewer, settings)).toBe(true);
    expect(slowModeApplies({ role: 'vip', staff: false }, settings)).toBe(false);
    expect(uniqueChatApplies({ role: 'vip', staff: false }, settings)).toBe(true);
    expect(uniqueChatApplies({ role: 'moderator', staff: false }, settings)).toBe(false);
    expect(rateLimitOf(viewer)).toBe(20);
    expect(rateLimitOf({ role: 'broadcaster', staff: false })).toBe(100);
  });
});
