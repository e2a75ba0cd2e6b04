/**
 * Access tokens: JWTs signed by the user module with an Ed25519 key named by `kid`, published at
 * `/.well-known/jwks.json`. Claims: `sub` (user id), `handle`, `name` (the display name when it was issued), `roles`, `iat`, `exp`, plus these.
 */
export const accessTokenClaims = {
  issuer: 'framecast',
  audience: 'framecast',
  algorithm: 'EdDSA',
} as const;

export const JWKS_PATH = '/.well-known/jwks.json';

/** Cookie holding the browser session's refresh token (httpOnly, SameSite=Lax, Path=/api/auth). */
export const REFRESH_COOKIE = 'framecast_refresh';
