import { describe, expect, it } from 'vitest';
import { keyExpiry, PUBLISH_AHEAD_MS, planKeys } from './signing-key.plan.js';

const day = 24 * 3600 * 1000;
const periods = { signingMs: 30 * day, accessTokenMs: 15 * 60 * 1000 };
const t0 = new Date('2026-01-01T00:00:00Z');
const at = (ms: number) => new Date(t0.getTime() + ms);
const key = (kid: string, createdMs: number) => ({
  kid,
  createdAt: at(createdMs),
  expiresAt: keyExpiry(at(createdMs), periods),
});
const kids = (keys: { kid: string }[]) => keys.map((k) => k.kid);

describe('planKeys', () => {
  it('asks for a key when there is none', () => {
    expect(planKeys([], t0, periods)).toEqual({ signer: null, makeKey: true, published: [] });
  });

  it('signs with the very first key at once', () => {
    const plan = planKeys([key('a', 0)], at(1000), periods);
    expect(plan.signer?.kid).toBe('a');
    expect(plan.makeKey).toBe(false);
  });

  it('asks for the next key when the newest has signed for its period', () => {
    expect(planKeys([key('a', 0)], at(30 * day - 1), periods).makeKey).toBe(false);
    expect(planKeys([key('a', 0)], at(30 * day), periods).makeKey).toBe(true);
  });

  it('publishes a new key at once but signs with it only after the publish-ahead delay', () => {
    const keys = [key('a', 0), key('b', 30 * day)];
    const fresh = planKeys(keys, at(30 * day + 1000), periods);
    expect(fresh.signer?.kid).toBe('a');
    expect(fresh.makeKey).toBe(false);
    expect(kids(fresh.published)).toEqual(['b', 'a']);

    const ready = planKeys(keys, at(30 * day + PUBLISH_AHEAD_MS), periods);
    expect(ready.signer?.kid).toBe('b');
    expect(kids(ready.published)).toEqual(['b', 'a']);
  });

  it('after a long outage, signs with the new key at once rather than with a key past its period', () => {
    const keys = [key('a', 0), key('b', 60 * day)];
    const plan = planKeys(keys, at(60 * day + 1000), periods);
    expect(plan.signer?.kid).toBe('b');
    expect(kids(plan.published)).toEqual(['b']);
  });

  it('keeps a retired key published until the last token it could have signed has expired', () => {
    const a = key('a', 0);
    const lastSignature = PUBLISH_AHEAD_MS + periods.signingMs;
    expect(a.expiresAt.getTime()).toBeGreaterThanOrEqual(at(lastSignature + periods.accessTokenMs).getTime());
    expect(planKeys([a], new Date(a.expiresAt.getTime() - 1), periods).published).toHaveLength(1);
    expect(planKeys([a], a.expiresAt, periods).published).toHaveLength(0);
  });
});
