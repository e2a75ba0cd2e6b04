import { createHash, createHmac, randomBytes } from 'node:crypto';

/** What the store knows about a presented refresh token. */
export interface RefreshTokenState {
  expiresAt: Date;
  usedAt: Date | null;
  revokedAt: Date | null;
}

/**
 * What to do with a presented refresh token:
 * - `rotate`: mark it used and issue the next token of its family;
 * - `replay`: it was rotated less than the grace window ago (two tabs refreshing at once): answer with the same
 *   successor again, changing nothing;
 * - `reuse`: it was rotated longer ago, so a copy is in someone else's hands: revoke the whole family;
 * - `reject`: unknown, expired or revoked (after logout or a detected reuse).
 */
export type RefreshDecision =
  | { action: 'rotate' }
  | { action: 'replay' }
  | { action: 'reuse' }
  | { action: 'reject'; reason: RejectReason };

export type RejectReason = 'unknown' | 'expired' | 'revoked';

export function decideRefresh(token: RefreshTokenState | undefined, now: Date, graceMs = 0): RefreshDecision {
  if (!token) return { action: 'reject', reason: 'unknown' };
  if (token.usedAt && !token.revokedAt && now.getTime() - token.usedAt.getTime() < graceMs) {
    return { action: 'replay' };
  }
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

/**
 * The token that succeeds `presented` in its family: an HMAC of it under the module's secret, so presenting the same
 * token again within the grace window finds the same successor without any token being stored, and nobody without
 * the secret can work a successor out from a stolen token.
 */
export function successorToken(secret: string, presented: string): string {
  return createHmac('sha256', secret).update(presented).digest('base64url');
}

/** What the database keeps instead of the token: a stolen table holds no usable token. */
export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token).digest('base64url');
}
