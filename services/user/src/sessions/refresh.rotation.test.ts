import { describe, expect, it } from 'vitest';
import { decideRefresh, hashRefreshToken, newRefreshToken, successorToken } from './refresh.rotation.js';

const now = new Date('2026-01-01T12:00:00Z');
const later = new Date('2026-01-02T12:00:00Z');
const earlier = new Date('2026-01-01T11:00:00Z');

describe('decideRefresh', () => {
  it('rotates a fresh, unused token', () => {
    expect(decideRefresh({ expiresAt: later, usedAt: null, revokedAt: null }, now)).toEqual({ action: 'rotate' });
  });

  it('rejects an unknown token', () => {
    expect(decideRefresh(undefined, now)).toEqual({ action: 'reject', reason: 'unknown' });
  });

  it('rejects an expired token, including at the exact expiry instant', () => {
    expect(decideRefresh({ expiresAt: earlier, usedAt: null, revokedAt: null }, now)).toEqual({
      action: 'reject',
      reason: 'expired',
    });
    expect(decideRefresh({ expiresAt: now, usedAt: null, revokedAt: null }, now)).toEqual({
      action: 'reject',
      reason: 'expired',
    });
  });

  it('rejects a revoked token', () => {
    expect(decideRefresh({ expiresAt: later, usedAt: null, revokedAt: earlier }, now)).toEqual({
      action: 'reject',
      reason: 'revoked',
    });
  });

  it('treats an already-used token as reuse, even after its family was revoked or it expired', () => {
    expect(decideRefresh({ expiresAt: later, usedAt: earlier, revokedAt: null }, now)).toEqual({ action: 'reuse' });
    expect(decideRefresh({ expiresAt: later, usedAt: earlier, revokedAt: earlier }, now)).toEqual({ action: 'reuse' });
    expect(decideRefresh({ expiresAt: earlier, usedAt: earlier, revokedAt: null }, now)).toEqual({ action: 'reuse' });
  });

  it('answers a token rotated within the grace window with its successor again, not as reuse', () => {
    const justNow = new Date(now.getTime() - 5_000);
    const token = { expiresAt: later, usedAt: justNow, revokedAt: null };
    expect(decideRefresh(token, now, 20_000)).toEqual({ action: 'replay' });
    expect(decideRefresh(token, now, 5_000)).toEqual({ action: 'reuse' });
    expect(decideRefresh(token, now)).toEqual({ action: 'reuse' });
    expect(decideRefresh({ ...token, revokedAt: justNow }, now, 20_000)).toEqual({ action: 'reuse' });
  });
});

describe('refresh token values', () => {
  it('are 32 random bytes in base64url', () => {
    const a = newRefreshToken();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(a, 'base64url')).toHaveLength(32);
    expect(newRefreshToken()).not.toBe(a);
  });

  it('are stored as a SHA-256 digest that differs from the token', () => {
    const token = newRefreshToken();
    const digest = hashRefreshToken(token);
    expect(digest).toBe(hashRefreshToken(token));
    expect(digest).not.toBe(token);
    expect(Buffer.from(digest, 'base64url')).toHaveLength(32);
    expect(hashRefreshToken('abc')).toBe('ungWv48Bz-pBQUDeXa4iI7ADYaOWF3qctBD_YfIAFa0');
  });

  it('have successors that only the secret can work out, the same each time', () => {
    const token = newRefreshToken();
    const next = successorToken('s'.repeat(43), token);
    expect(next).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(successorToken('s'.repeat(43), token)).toBe(next);
    expect(successorToken('t'.repeat(43), token)).not.toBe(next);
    expect(next).not.toBe(token);
  });
});
