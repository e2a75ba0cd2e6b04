import { createHash, randomBytes } from 'node:crypto';

/** What the store knows about a presented refresh token. */
export interface RefreshTokenState {
  expiresAt: Date;
  usedAt: Date | null;
  revokedAt: Date | null;
}

/**
 * What to do with a presented refresh token:
 * - `rotate`: mark it used and issue the next token of its family;
 * - `reuse`: it was already rotated, so a copy is in someone else's hands: revoke the whole family;
 * - `reject`: unknown, expired or revoked (after logout or a detected reuse).
 */
export type RefreshDecision = { action: 'rotate' } | { action: 'reuse' } | { action: 'reject'; reason: RejectReason };

export type RejectReason = 'unknown' | 'expired' | 'revoked';

export function decideRefresh(token: RefreshTokenState | undefined, now: Date): RefreshDecision {
  if (!token) return { action: 'reject', reason: 'unknown' };
  // Checked before revocation: a replayed token stays evidence of theft even once its family is gone.
  if (token.usedAt) return { action: 'reuse' };
  if (token.revokedAt) return { action: 'reject', reason: 'revoked' };
  if (token.expiresAt.getTime() <= now.getTime()) return { action: 'reject', reason: 'expired' };
  return { action: 'rotate' };
}

/** A new opaque refresh token: 32 random bytes, base64url. */
export function newRefreshToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What the database keeps instead of the token: a stolen table holds no usable token. */
export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}
