import type { Clock } from '@framecast/kit';
import { describe, expect, it } from 'vitest';
import { createPlaybackSigner, tokenExpiry } from './playback.signer.js';

const VIDEO = { id: '7d0c7b1e-1111-4222-8333-444455556666', generation: 0 };
const TTL = 7200;

/** A clock standing at whatever second the test sets. */
function fixedClock(seconds: number): Clock & { at(seconds: number): void } {
  let now = seconds;
  return {
    now: () => new Date(now * 1000),
    at(next) {
      now = next;
    },
  };
}

describe('playback signer', () => {
  it('gives the same URL token to every response within one bucket', () => {
    const start = 1_800_000_000; // a multiple of the 1800 s bucket
    const clock = fixedClock(start + 1);
    const signer = createPlaybackSigner({ secret: 's'.repeat(32), ttlSeconds: TTL, clock });
    const first = signer.sign(VIDEO);
    clock.at(start + 900);
    expect(signer.sign(VIDEO)).toEqual(first);
    clock.at(start + 1800);
    expect(signer.sign(VIDEO)).toEqual(first);
    expect(first.expiresAt.getTime() / 1000).toBe(start + 1800 + TTL);
  });

  it('moves to a new token in the next bucket', () => {
    const start = 1_800_000_000;
    const clock = fixedClock(start + 1800);
    const signer = createPlaybackSigner({ secret: 's'.repeat(32), ttlSeconds: TTL, clock });
    const before = signer.sign(VIDEO);
    clock.at(start + 1801);
    const after = signer.sign(VIDEO);
    expect(after.token).not.toBe(before.token);
    expect(after.expiresAt.getTime() - before.expiresAt.getTime()).toBe(1800 * 1000);
  });

  it('signs tokens that open the video for at least the TTL and at most 1.25 × TTL', () => {
    const clock = fixedClock(0);
    const signer = createPlaybackSigner({ secret: 's'.repeat(32), ttlSeconds: TTL, clock });
    for (const now of [1_800_000_000, 1_800_000_001, 1_800_000_899, 1_800_001_799, 1_700_000_123]) {
      clock.at(now);
      const { token, expiresAt } = signer.sign(VIDEO);
      const lifetime = expiresAt.getTime() / 1000 - now;
      expect(lifetime).toBeGreaterThanOrEqual(TTL);
      expect(lifetime).toBeLessThanOrEqual(TTL * 1.25);
      clock.at(now + TTL - 1);
      expect(signer.verify(VIDEO, token)).toBe('valid');
      clock.at(expiresAt.getTime() / 1000);
      expect(signer.verify(VIDEO, token)).toBe('expired');
    }
  });

  it('rounds with TTLs that do not divide by four', () => {
    for (const ttl of [60, 61, 601, 7199]) {
      for (const now of [0, 1, 59, 1_000_003]) {
        const exp = tokenExpiry(now, ttl);
        expect(exp - now).toBeGreaterThanOrEqual(ttl);
        expect(exp - now).toBeLessThanOrEqual(ttl + Math.ceil(ttl / 4));
        expect(exp % Math.ceil(ttl / 4)).toBe(0);
      }
    }
  });

  it('stops verifying a token once the video moves to its next playback generation', () => {
    const clock = fixedClock(1_800_000_000);
    const signer = createPlaybackSigner({ secret: 's'.repeat(32), ttlSeconds: TTL, clock });
    const { token } = signer.sign(VIDEO);
    const next = { ...VIDEO, generation: 1 };
    expect(signer.verify(next, token)).toBe('forged');
    expect(signer.verify(next, signer.sign(next).token)).toBe('valid');
    expect(signer.sign(next).token).not.toBe(token);
  });
});
